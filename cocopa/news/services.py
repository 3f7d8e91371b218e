"""Every write to the news: writing, publishing, withdrawing and deleting posts.

Each service checks the actor's right (None is the system: the demo loader), runs in one
transaction and records an audit event. A picture is written through the field's storage when
the row is saved; a picture replaced or removed, or a deleted post's, is deleted from storage
only after commit, so a rolled-back write never loses a file still in use.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocopa.cooperation.models import Initiative
from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.roles import Actor
from cocopa.members.models import LocalAuthority
from cocopa.news.images import image_refused
from cocopa.news.models import Post

TEXT_FIELDS = (
    "title_it",
    "title_en",
    "summary_it",
    "summary_en",
    "body_it",
    "body_en",
    "image_alt_it",
    "image_alt_en",
)


@dataclass
class PostInput:
    """What the office writes of a post; the English fields may stay empty (Italian is shown)."""

    title_it: str
    title_en: str = ""
    summary_it: str = ""
    summary_en: str = ""
    body_it: str = ""
    body_en: str = ""
    image_alt_it: str = ""
    image_alt_en: str = ""
    slug: str = ""
    members: Iterable[LocalAuthority] = field(default_factory=list)
    initiatives: Iterable[Initiative] = field(default_factory=list)
    countries: Iterable[str] = field(default_factory=list)


def _require(actor: Actor, perm: str) -> None:
    # None is the system (the demo loader, a command): nobody to ask.
    if actor is not None and not actor.has_perm(perm):
        raise Forbidden("forbidden", _("Only the peace office writes the news."))


def _check(data: PostInput, has_image: bool) -> None:
    """The rules of a post's content, each refusal naming the field it concerns (its code)."""
    if not data.title_it.strip():
        raise DomainError("title_it", _("A post needs an Italian title."))
    if has_image:
        # A picture is described for those who cannot see it, in each language the post is written in.
        if not data.image_alt_it.strip():
            raise DomainError("image_alt_it", _("Describe the picture in Italian: what does it show?"))
        if data.title_en.strip() and not data.image_alt_en.strip():
            raise DomainError(
                "image_alt_en", _("The post has an English title: describe the picture in English too.")
            )


def _free_slug(wanted: str, post: Post) -> str:
    base = slugify(wanted)[:100] or "post"
    slug, n = base, 1
    while Post.objects.exclude(pk=post.pk).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _delete_file_after_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(partial(storage.delete, name))


def _write(post: Post, data: PostInput, image: "File[Any] | None", remove_image: bool) -> str:
    """Fill the post from `data` and the picture; the stored name of a picture it no longer uses."""
    if image is not None and (refusal := image_refused(image)):
        raise DomainError("image", refusal)
    old_image = post.image.name or ""
    for name in TEXT_FIELDS:
        setattr(post, name, getattr(data, name).strip())
    if data.slug.strip():
        wanted = slugify(data.slug)
        if not wanted:
            raise DomainError("slug", _("The address may hold only letters, digits and hyphens."))
        if Post.objects.exclude(pk=post.pk).filter(slug=wanted).exists():
            raise Conflict("slug", _("Another post already has the address “%(slug)s”.") % {"slug": wanted})
        post.slug = wanted
    elif not post.slug:
        post.slug = _free_slug(data.title_it, post)
    if image is not None:
        post.image = image
    elif remove_image:
        post.image = ""
    _check(data, bool(post.image))
    if not post.image:
        for name in ("image_alt_it", "image_alt_en"):
            setattr(post, name, "")
    post.countries = sorted(set(data.countries))
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError as err:  # two offices choosing one address at the same moment
        raise Conflict("slug", _("Another post already has this address.")) from err
    post.members.set(list(data.members))
    post.initiatives.set(list(data.initiatives))
    return old_image if old_image and old_image != (post.image.name or "") else ""


def create_post(data: PostInput, *, actor: Actor, image: "File[Any] | None" = None) -> Post:
    """Write a new post, as a draft: nobody outside the office sees it until it is published."""
    _require(actor, "news.add_post")
    with transaction.atomic():
        post = Post()
        _write(post, data, image, remove_image=False)
        audit.record(actor, "news.post_created", post, {"slug": post.slug, "image": post.image.name or ""})
    return post


def update_post(
    post: Post,
    data: PostInput,
    *,
    actor: Actor,
    image: "File[Any] | None" = None,
    remove_image: bool = False,
) -> Post:
    """Change a post's text, picture and links; a published post stays published."""
    _require(actor, "news.change_post")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        storage = post.image.storage
        replaced = _write(post, data, image, remove_image)
        audit.record(actor, "news.post_changed", post, {"slug": post.slug, "image": post.image.name or ""})
        _delete_file_after_commit(storage, replaced)
    return post


def publish_post(post: Post, *, actor: Actor, at: datetime | None = None) -> Post:
    """Show the post to the public from now on, dated now.

    `at` dates it otherwise: the demo loader dates a post about a past event on that event's day.
    """
    _require(actor, "news.publish_post")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.is_published:
            raise Conflict("already_published", _("The post is already published."))
        post.published_at = at or timezone.now()
        post.save(update_fields=["published_at", "updated_at"])
        audit.record(actor, "news.post_published", post, {"slug": post.slug})
    return post


def unpublish_post(post: Post, *, actor: Actor) -> Post:
    """Withdraw a post from the public: it becomes a draft again (its picture with it)."""
    _require(actor, "news.publish_post")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.published_at is None:
            raise Conflict("not_published", _("The post is not published."))
        post.published_at = None
        post.save(update_fields=["published_at", "updated_at"])
        audit.record(actor, "news.post_unpublished", post, {"slug": post.slug})
    return post


def delete_post(post: Post, *, actor: Actor) -> None:
    """Delete a post and, after commit, its picture."""
    _require(actor, "news.delete_post")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        storage, name = post.image.storage, post.image.name or ""
        audit.record(
            actor, "news.post_deleted", post, {"slug": post.slug, "title": getattr(post, "title_it", "")}
        )
        post.delete()
        _delete_file_after_commit(storage, name)
