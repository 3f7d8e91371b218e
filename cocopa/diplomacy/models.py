"""City diplomacy: the agreements member towns keep with local authorities abroad (twinnings,
friendship pacts, memoranda, cooperation agreements) and the missions and delegations that travel
between them.

Dates are partial as the sources give them (docs/decisions/0001): a date plus its precision; the
start of a period stands for the first day the source allows, its end for the last.
"""

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cocopa.cooperation.models import Initiative
from cocopa.core.dates import Precision, written_partial
from cocopa.core.models import Source
from cocopa.diplomacy import rules
from cocopa.events.models import Event
from cocopa.library.models import Document
from cocopa.members.models import PRECISION_CHOICES, LocalAuthority


def period_text(start: Any, start_precision: str, end: Any, end_precision: str) -> str:
    """A period for people, at the precision the sources give (4 ottobre 1995 – 2020)."""
    first = written_partial(start, start_precision)
    last = written_partial(end, end_precision)
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


class AgreementKind(models.Model):
    """What sort of agreement: twinning, friendship pact, memorandum … (the office adds kinds)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar = ["order", "key"]
        verbose_name = _("kind of agreement")
        verbose_name_plural = _("kinds of agreement")

    def __str__(self) -> str:
        return self.name


class ForeignAuthority(models.Model):
    """A local authority abroad that member towns keep relations with (a town, a region)."""

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("local authority abroad")
        verbose_name_plural = _("local authorities abroad")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["name", "country"], name="diplomacy_foreign_authority_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Agreement(models.Model):
    """An agreement between member towns and local authorities abroad, as approved and signed."""

    kind = models.ForeignKey(
        AgreementKind, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    members: "models.ManyToManyField[LocalAuthority, Any]" = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="agreements", verbose_name=_("member parties")
    )
    foreign_authorities: "models.ManyToManyField[ForeignAuthority, Any]" = models.ManyToManyField(
        ForeignAuthority, blank=True, related_name="agreements", verbose_name=_("parties abroad")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, db_index=True)
    signed_on_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_on_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    act_body = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("E.g. city council.")
    )
    act_number = models.CharField(_("act number"), max_length=50, blank=True)
    act_on = models.DateField(_("act date"), null=True, blank=True)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        verbose_name=_("document"),
    )
    initiatives: "models.ManyToManyField[Initiative, Any]" = models.ManyToManyField(
        Initiative, blank=True, related_name="agreements", verbose_name=_("initiatives")
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering: ClassVar = ["signed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diplomacy:agreement", args=[self.pk])

    @property
    def period(self) -> str:
        return period_text(self.signed_on, self.signed_on_precision, self.ended_on, self.ended_on_precision)


class Mission(models.Model):
    """A mission of member towns abroad, or a delegation from abroad received by them."""

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("outgoing mission")
        INCOMING = "incoming", _("delegation received")

    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where the mission went, or where the delegation came from."),
    )
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True, db_index=True)
    started_on_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    ended_on = models.DateField(_("to"), null=True, blank=True)
    ended_on_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    members: "models.ManyToManyField[LocalAuthority, Any]" = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="missions", verbose_name=_("members taking part")
    )
    report = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mission_reports",
        verbose_name=_("report"),
    )
    initiatives: "models.ManyToManyField[Initiative, Any]" = models.ManyToManyField(
        Initiative, blank=True, related_name="missions", verbose_name=_("initiatives")
    )
    agreements: "models.ManyToManyField[Agreement, Any]" = models.ManyToManyField(
        Agreement, blank=True, related_name="missions", verbose_name=_("agreements")
    )
    events: "models.ManyToManyField[Event, Any]" = models.ManyToManyField(
        Event, blank=True, related_name="missions", verbose_name=_("events")
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering: ClassVar = ["started_on", "pk"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diplomacy:mission", args=[self.pk])

    @property
    def period(self) -> str:
        return period_text(self.started_on, self.started_on_precision, self.ended_on, self.ended_on_precision)

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Participant(models.Model):
    """Someone who took part in a mission, with the office they held (e.g. "Mayor of Rivoli").

    The name is shown to the public only for holders of a public office; anyone else appears by
    their office or role alone."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200, blank=True)
    office = models.CharField(_("office"), max_length=200)
    member = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("for the member"),
    )
    public_office = models.BooleanField(
        _("holds a public office"), default=False, help_text=_("Only then is the name shown to the public.")
    )

    class Meta:
        ordering: ClassVar = ["mission", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.public_label

    @property
    def public_label(self) -> str:
        """What the public reads: the name beside the office only for a public office holder."""
        return rules.shown_name(self.name, self.office, self.public_office)


class Cost(models.Model):
    """One item of a mission's costs, with who paid it."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="costs")
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    payer = models.CharField(_("paid by"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["mission", "pk"]
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")

    def __str__(self) -> str:
        return f"{self.item}: {self.amount} {self.currency}"
