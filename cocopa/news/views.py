"""The public news pages: the list, a post, its picture, and the feeds (feeds.py)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocopa.cooperation import queries as cooperation_queries
from cocopa.core import documents, pagination
from cocopa.news import markup, queries
from cocopa.news.models import Post

PAGE_SIZE = 10


@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    pages = pagination.pager(
        queries.listed(), request.GET.get("page"), size=PAGE_SIZE, query=lambda n: f"?page={n}"
    )
    return render(
        request,
        "news/list.html",
        {"section": "news", "page": pages.page, "pager": pages},
    )


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = queries.public_post(slug)
    if post is None:
        raise Http404(_("No published post has this address."))
    return render(request, "news/detail.html", detail_context(post))


def detail_context(post: Post) -> dict[str, object]:
    """What a post's page shows; the office's preview of a draft shows the same."""
    return {
        "section": "news",
        "post": post,
        "body": markup.render(post.body),
        "members": list(post.members.all()),
        "initiatives": list(post.initiatives.all()),
        "countries": [(c.code, cooperation_queries.country_name(c.code)) for c in post.countries],
    }


@require_GET
def image(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """A post's picture, streamed from storage: to everyone once the post is published, to the
    office while it is a draft."""
    post: Post = get_object_or_404(Post.objects.only("pk", "image", "published_at"), pk=pk)
    if post.is_published:
        return documents.serve(post.image)
    return documents.serve_if_allowed(request, "news.view_post", post, post.image)
