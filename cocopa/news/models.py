"""A news post of the network: what the peace office tells the public, in Italian and English."""

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cocopa.cooperation.models import Initiative
from cocopa.core.files import ProtectedFileField
from cocopa.members.models import LocalAuthority


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> "PostQuerySet":
        """What the public sees: posts with a publication time that has come."""
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class Post(models.Model):
    """A news post: a title, a summary and a Markdown body in each language, an optional picture
    with its description, and the members, initiatives and countries it is about. A draft until
    the office publishes it (published_at set)."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: paragraphs, links, lists, headings.")
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    image = ProtectedFileField(_("picture"), upload_to="news/", blank=True, view_name="news:image")
    image_alt = models.CharField(
        _("description of the picture"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for those who cannot see it."),
    )
    members: "models.ManyToManyField[LocalAuthority, Any]" = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="news_posts", verbose_name=_("members")
    )
    initiatives: "models.ManyToManyField[Initiative, Any]" = models.ManyToManyField(
        Initiative, blank=True, related_name="news_posts", verbose_name=_("initiatives")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        # Drafts (no date) last in the office's list, which orders by itself.
        ordering: ClassVar = ["-published_at", "-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()
