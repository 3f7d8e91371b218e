"""The network's events register: conferences, seminars, courses, exhibitions, commemorations,
public evenings, hearings, inaugurations, ceremonies… with their place, the members that organised
them or took part, and the initiatives, countries and documents they concern.

Dates are stored as sources give them (docs/decisions/0001): an all-day event has a start day
(or only a month or a year, with its precision) and an optional end; a timed event also has its
start and end times (Europe/Rome). `last_on`, written by save(), is the last day the event may
cover, so "upcoming" and "past" stay plain indexed comparisons whatever the precision.
"""

import datetime as dt
import secrets
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cocopa.cooperation.models import Initiative
from cocopa.core.dates import Precision, parse_partial, written_partial
from cocopa.core.models import Source
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction

PRECISION_CHOICES = [
    (Precision.DAY.value, _("day")),
    (Precision.MONTH.value, _("month")),
    (Precision.YEAR.value, _("year only")),
]


def last_day(value: dt.date, precision: str) -> dt.date:
    """The last day a partial date may stand for: 2017-05 → 2017-05-31, 2005 → 2005-12-31."""
    if precision == Precision.DAY:
        return value
    text = f"{value.year:04d}" if precision == Precision.YEAR else f"{value.year:04d}-{value.month:02d}"
    return parse_partial(text, end=True)[0]


class EventKind(models.Model):
    """A kind of event (conference, seminar, exhibition, …): a list the peace office keeps."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("kind of event")
        verbose_name_plural = _("kinds of event")

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> "EventQuerySet":
        return self.filter(is_public=True)


class Event(models.Model):
    """An event of the network or one its members organised or took part in."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("kind")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("field of action"),
    )
    # The day (or month, or year) it began, at the precision the source gives.
    start_on = models.DateField(_("start"), db_index=True)
    start_precision = models.CharField(
        _("precision of the start"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    end_on = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision of the end"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    # A timed event: its start and end times (aware; shown in Europe/Rome). Null: all day.
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    last_on = models.DateField(_("last day"), editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    place_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_held",
        verbose_name=_("municipality"),
    )
    country = CountryField(_("country of the place"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    organisers: "models.ManyToManyField[LocalAuthority, Any]" = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="organised_events", verbose_name=_("organising members")
    )
    participants: "models.ManyToManyField[LocalAuthority, Any]" = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="attended_events", verbose_name=_("members taking part")
    )
    initiatives: "models.ManyToManyField[Initiative, Any]" = models.ManyToManyField(
        Initiative, blank=True, related_name="events", verbose_name=_("initiatives")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    documents: "models.ManyToManyField[Document, Any]" = models.ManyToManyField(
        Document, blank=True, related_name="events", verbose_name=_("documents")
    )
    # The sources the fact rests on (facts.yaml gives one or several; where they disagree, both).
    sources: "models.ManyToManyField[Source, Any]" = models.ManyToManyField(
        Source, blank=True, related_name="+", verbose_name=_("sources")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    # Registration, when the office asks for it (registration.py holds the rules).
    registration_open = models.BooleanField(_("registration open"), default=False)
    capacity = models.PositiveIntegerField(_("number of places"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    registration_note = models.TextField(_("note for those registering"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["start_on", "starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="events_event_ends_at_after_starts_at",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["is_public", "last_on"], name="events_public_last_on")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.last_on = (
            last_day(self.end_on, self.end_precision)
            if self.end_on
            else last_day(self.start_on, self.start_precision)
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "last_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def all_day(self) -> bool:
        return self.starts_at is None

    @property
    def on_a_day(self) -> bool:
        """Dated to the day (a calendar can place it), not only to a month or a year."""
        return self.start_precision == Precision.DAY and (
            self.end_on is None or self.end_precision == Precision.DAY
        )

    @property
    def when(self) -> str:
        """The dates for people, in the active language, at the precision the source gives."""
        if self.starts_at is not None:
            start = timezone.localtime(self.starts_at)
            text = written_partial(start.date(), Precision.DAY) + f", {start:%H:%M}"
            if self.ends_at is not None:
                end = timezone.localtime(self.ends_at)
                if end.date() == start.date():
                    return f"{text}–{end:%H:%M}"
                return f"{text} – {written_partial(end.date(), Precision.DAY)}, {end:%H:%M}"
            return text
        text = written_partial(self.start_on, self.start_precision)
        if self.end_on and self.end_on != self.start_on:
            text = f"{text} – {written_partial(self.end_on, self.end_precision)}"
        return text

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """Where the map puts it: its own point, else its municipality's."""
        if self.latitude is not None and self.longitude is not None:
            return float(self.latitude), float(self.longitude)
        place = self.place_authority
        if place is not None and place.latitude is not None and place.longitude is not None:
            return float(place.latitude), float(place.longitude)
        return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """One person registered for an event. Personal data: only the peace office sees it; the
    public pages, the API and the files show counts only."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))  # stored in lower case: one address, one registration
    organisation = models.CharField(_("organisation, school or municipality"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    language = models.CharField(_("language"), max_length=8, default="it")  # of the e-mails
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # The secret of the registrant's own cancel link.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="events_registration_one_per_address",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["event", "status"], name="events_registration_status")]

    def __str__(self) -> str:
        return f"{self.event_id} #{self.pk}"  # no personal data in logs and the audit trail
