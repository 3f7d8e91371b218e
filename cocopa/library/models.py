"""The documents library: statutes, conventions, minutes, resolutions, brochures and reports, each
with its versions (an uploaded file, or the address of a copy published elsewhere).

A document is public or restricted (permissions.py says who reads a restricted one); the latest
version is the current one. Files go through the storage API and the download view that checks
`library.view_document` (cocopa/core/documents.py), never a media folder.
"""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocopa.core.dates import Precision
from cocopa.core.files import ProtectedFileField
from cocopa.core.models import Source
from cocopa.governance.models import Body, Meeting, Resolution
from cocopa.members.models import LocalAuthority
from cocopa.members.queries import folded

PRECISION_CHOICES = [
    (Precision.DAY.value, _("day")),
    (Precision.MONTH.value, _("month")),
    (Precision.YEAR.value, _("year only")),
]


class Document(models.Model):
    class Kind(models.TextChoices):
        STATUTES = "statutes", _("statutes")
        CONVENTION = "convention", _("convention")
        MINUTES = "minutes", _("minutes")
        RESOLUTION = "resolution", _("resolution")
        BROCHURE = "brochure", _("brochure")
        REPORT = "report", _("report")
        OTHER = "other", _("other")

    class Language(models.TextChoices):
        ITALIAN = "it", _("Italian")
        ENGLISH = "en", _("English")
        OTHER = "other", _("other language")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        RESTRICTED = "restricted", _("restricted")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    # Unknown dates stay blank; a source that gives only a year or a month says so (precision).
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    # Blank when no source says which language the document is written in.
    language = models.CharField(
        _("language of the document"), max_length=5, choices=Language.choices, blank=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_documents",
        verbose_name=_("body"),
    )
    member = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_documents",
        verbose_name=_("member"),
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("meeting")
    )
    resolution = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resolution"),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    # Title and description in both languages, folded (no accents, no case): what the search box
    # compares, the same on SQLite and PostgreSQL. Written by save(), never by hand.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering: ClassVar = [models.F("date").desc(nulls_last=True), "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes: ClassVar = [models.Index(fields=["visibility", "kind"], name="library_doc_visibility_kind")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        parts = [
            getattr(self, f"{field}_{lang}", "") or ""
            for field in ("title", "description")
            for lang in ("it", "en")
        ]
        self.search_text = folded(" ".join(parts))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("library:document", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Version(models.Model):
    """One edition of a document: a file kept here, or the address of a copy published elsewhere
    (never both). Numbered from 1; the highest number is the current version."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    file = ProtectedFileField(
        _("file"), upload_to="library/%Y/", blank=True, view_name="library:version-file"
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["document", "number"], name="library_version_number"),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="library_version_file_or_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def href(self) -> str:
        """The download view, which checks the reader's right before the file or the address."""
        return reverse("library:version-file", args=[self.pk])

    @property
    def is_external(self) -> bool:
        return not self.file
