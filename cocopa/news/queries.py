"""Reads of the news: what the public sees, where, and what the office lists."""

from django.db.models import F, QuerySet

from cocopa.cooperation.models import Initiative
from cocopa.members.models import LocalAuthority
from cocopa.news.models import Post

# What lists and feeds show of a post; the body is read only on its own page and in the feeds.
LIST_FIELDS = (
    "pk",
    "slug",
    "published_at",
    "image",
    "title_it",
    "title_en",
    "summary_it",
    "summary_en",
    "image_alt_it",
    "image_alt_en",
)


def published() -> QuerySet[Post]:
    """Published posts, newest first."""
    posts: QuerySet[Post] = Post.objects.published()
    return posts.order_by("-published_at", "-pk")


def listed() -> QuerySet[Post]:
    """The public list: published posts with what a list shows, newest first."""
    return published().only(*LIST_FIELDS)


def latest(limit: int = 3) -> list[Post]:
    """The newest published posts (for the home page)."""
    return list(listed()[:limit])


def latest_for(
    *,
    member: LocalAuthority | None = None,
    initiative: Initiative | None = None,
    country: str | None = None,
    limit: int = 3,
) -> list[Post]:
    """The newest published posts about one member, initiative or country (ISO code): what the
    page of that member, initiative or country shows."""
    posts = listed()
    if member is not None:
        posts = posts.filter(members=member)
    elif initiative is not None:
        posts = posts.filter(initiatives=initiative)
    elif country:
        # Codes are stored comma-separated, two letters each: "IT" can only match a whole code.
        posts = posts.filter(countries__contains=country.upper()[:2])
    else:
        return []
    return list(posts[:limit])


def public_post(slug: str) -> Post | None:
    """A published post with what its page links to; None when there is none by that address."""
    return published().prefetch_related("members", "initiatives").filter(slug=slug).first()


def office_posts() -> QuerySet[Post]:
    """Every post for the office: drafts first, then the published, newest first."""
    newest = F("published_at").desc(nulls_first=True)  # SQLite and PostgreSQL alike
    return Post.objects.order_by(newest, "-updated_at", "-pk").only(*LIST_FIELDS, "updated_at")
