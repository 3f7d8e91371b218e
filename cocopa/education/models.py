"""Peace education: the network's programmes for schools, the topics they teach, and the
activities held in schools of member municipalities (one row per class or group of classes)."""

from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocopa.core.models import Source
from cocopa.education import schoolyear
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction


class Topic(models.Model):
    """A topic of peace education, from the brochure's list (justice, intercultural dialogue …);
    the office may add others. Nonviolence is the method, not a topic (Programme.method)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("No longer offered for new programmes and activities; those that treat it keep it."),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )

    # Its history is registered in translation.py, after the _it/_en columns exist.

    class Meta:
        ordering: ClassVar = ["order", "key"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A peace-education programme the network offers schools (e.g. "Crescere in Pace")."""

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(
        _("method"), max_length=200, blank=True, help_text=_("How it is taught, e.g. nonviolence.")
    )
    from_year = models.PositiveSmallIntegerField(
        _("from year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(schoolyear.FIRST), MaxValueValidator(schoolyear.LAST)],
        help_text=_("The first year, as the source gives it; empty when not known."),
    )
    to_year = models.PositiveSmallIntegerField(
        _("to year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(schoolyear.FIRST), MaxValueValidator(schoolyear.LAST)],
        help_text=_("The last year; empty while it runs or when not known."),
    )
    partners = models.TextField(_("partner organisations"), blank=True, help_text=_("One per line."))
    topics: "models.ManyToManyField[Topic, Any]" = models.ManyToManyField(
        Topic, blank=True, related_name="programmes", verbose_name=_("topics")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="education_programmes",
        verbose_name=_("field of action"),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Its history is registered in translation.py, after the _it/_en columns exist.

    class Meta:
        ordering: ClassVar = ["-from_year", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(to_year__isnull=True)
                | models.Q(from_year__isnull=True)
                | models.Q(to_year__gte=models.F("from_year")),
                name="education_programme_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:programme", args=[self.slug])

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def years(self) -> str:
        if self.from_year and self.to_year and self.to_year != self.from_year:
            return f"{self.from_year}–{self.to_year}"
        return str(self.from_year or self.to_year or "")


class Activity(models.Model):
    """A programme's activity in a school of a member: the classes, pupils and teachers it
    reached in one school year, the hours and the materials used."""

    class Level(models.TextChoices):
        INFANZIA = "infanzia", _("pre-primary school (scuola dell'infanzia)")
        PRIMARIA = "primaria", _("primary school (scuola primaria)")
        SECONDARIA_1 = "secondaria-1", _("lower secondary school (secondaria di I grado)")
        SECONDARIA_2 = "secondaria-2", _("upper secondary school (secondaria di II grado)")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="activities", verbose_name=_("programme")
    )
    member = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="education_activities",
        verbose_name=_("member"),
    )
    school_name = models.CharField(_("school"), max_length=300)
    school_code = models.CharField(
        _("school code"),
        max_length=10,
        blank=True,
        help_text=_("The Ministry's code (codice meccanografico), e.g. TOIC81500X, where known."),
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        db_index=True,
        validators=[MinValueValidator(schoolyear.FIRST), MaxValueValidator(schoolyear.LAST)],
        help_text=_("Its first year: 2024 for 2024/25."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    classes = models.PositiveSmallIntegerField(_("classes"), default=0)
    pupils = models.PositiveIntegerField(_("pupils reached"), default=0)
    teachers = models.PositiveIntegerField(_("teachers reached"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=Decimal(0))
    materials = models.TextField(_("materials"), blank=True)
    documents: "models.ManyToManyField[Document, Any]" = models.ManyToManyField(
        Document, blank=True, related_name="education_activities", verbose_name=_("documents")
    )
    topics: "models.ManyToManyField[Topic, Any]" = models.ManyToManyField(
        Topic, blank=True, related_name="activities", verbose_name=_("topics")
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-school_year", "school_name", "pk"]
        verbose_name = _("school activity")
        verbose_name_plural = _("school activities")

    def __str__(self) -> str:
        return f"{self.school_name} {self.school_year_label}"

    @property
    def school_year_label(self) -> str:
        return schoolyear.label(self.school_year)
