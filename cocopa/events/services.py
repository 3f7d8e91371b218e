"""Every write to the events register: events (create, change, delete) and the list of kinds.

Each service checks the actor's right (None is the system: the demo loader), runs in one
transaction and records an audit event; the models keep their history (django-simple-history).
Refusals are DomainErrors whose code is the form field they concern.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.cooperation.models import Initiative
from cocopa.core import audit
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor
from cocopa.events import dating
from cocopa.events.kinds import STANDARD_KINDS
from cocopa.events.models import Event, EventKind
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction

TEXT_FIELDS = (
    "title_it",
    "title_en",
    "description_it",
    "description_en",
    "uncertain_note_it",
    "uncertain_note_en",
)


@dataclass
class EventInput:
    """What the office writes of an event; the English texts may stay empty (Italian is shown)."""

    title_it: str
    kind: EventKind
    start: str  # YYYY-MM-DD, YYYY-MM or YYYY
    end: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    title_en: str = ""
    description_it: str = ""
    description_en: str = ""
    field_of_action: FieldOfAction | None = None
    address: str = ""
    place_authority: LocalAuthority | None = None
    country: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    organisers: Iterable[LocalAuthority] = field(default_factory=list)
    participants: Iterable[LocalAuthority] = field(default_factory=list)
    initiatives: Iterable[Initiative] = field(default_factory=list)
    countries: Iterable[str] = field(default_factory=list)
    documents: Iterable[Document] = field(default_factory=list)
    sources: Iterable[Source] = field(default_factory=list)
    uncertain: bool = False
    uncertain_note_it: str = ""
    uncertain_note_en: str = ""
    is_public: bool = True


def _require(actor: Actor, perm: str) -> None:
    # None is the system (the demo loader, a command): nobody to ask.
    if actor is not None and not actor.has_perm(perm):
        raise Forbidden("forbidden", _("Only the peace office keeps the events register."))


def _check(data: EventInput) -> dating.When:
    if not data.title_it.strip():
        raise DomainError("title_it", _("An event needs an Italian title."))
    if (data.latitude is None) != (data.longitude is None):
        raise DomainError("latitude", _("Give both the latitude and the longitude, or neither."))
    if data.latitude is not None and not Decimal(-90) <= data.latitude <= Decimal(90):
        raise DomainError("latitude", _("A latitude lies between -90 and 90."))
    if data.longitude is not None and not Decimal(-180) <= data.longitude <= Decimal(180):
        raise DomainError("longitude", _("A longitude lies between -180 and 180."))
    try:
        return dating.resolve(data.start, data.end, data.start_time, data.end_time)
    except dating.DatingError as err:
        raise DomainError(err.field, err.message) from None


def _write(event: Event, data: EventInput) -> None:
    when = _check(data)
    for name in TEXT_FIELDS:
        setattr(event, name, getattr(data, name).strip())
    event.kind = data.kind
    event.field_of_action = data.field_of_action
    for name in ("start_on", "start_precision", "end_on", "end_precision", "starts_at", "ends_at"):
        setattr(event, name, getattr(when, name))
    event.address = data.address.strip()
    event.place_authority = data.place_authority
    event.country = data.country
    event.latitude, event.longitude = data.latitude, data.longitude
    event.countries = sorted(set(data.countries))
    event.uncertain = data.uncertain
    if not data.uncertain:
        for name in ("uncertain_note_it", "uncertain_note_en"):
            setattr(event, name, "")
    event.is_public = data.is_public
    event.save()
    event.organisers.set(list(data.organisers))
    event.participants.set(list(data.participants))
    event.initiatives.set(list(data.initiatives))
    event.documents.set(list(data.documents))
    event.sources.set(list(data.sources))


def _summary(event: Event) -> dict[str, Any]:
    return {
        "title": event.title_it,  # type: ignore[attr-defined]
        "kind": event.kind.key,
        "start": str(event.start_on),
        "precision": event.start_precision,
        "public": event.is_public,
    }


def create_event(data: EventInput, *, actor: Actor) -> Event:
    """Record an event in the register."""
    _require(actor, "events.add_event")
    with transaction.atomic():
        event = Event()
        _write(event, data)
        audit.record(actor, "events.event_created", event, _summary(event))
    return event


def update_event(event: Event, data: EventInput, *, actor: Actor) -> Event:
    """Change an event's texts, dates, place and links."""
    _require(actor, "events.change_event")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _write(event, data)
        audit.record(actor, "events.event_changed", event, _summary(event))
    return event


def delete_event(event: Event, *, actor: Actor) -> None:
    """Delete an event (its history stays)."""
    _require(actor, "events.delete_event")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        audit.record(actor, "events.event_deleted", event, _summary(event))
        event.delete()


def save_kind(
    kind: EventKind | None, *, key: str, name_it: str, name_en: str = "", actor: Actor
) -> EventKind:
    """Add a kind of event, or rename one (its key stays: addresses and the API use it)."""
    _require(actor, "events.change_eventkind" if kind else "events.add_eventkind")
    if not name_it.strip():
        raise DomainError("name_it", _("A kind needs its Italian name."))
    with transaction.atomic():
        if kind is None:
            if not key or EventKind.objects.filter(key=key).exists():
                raise DomainError("key", _("Choose a key no other kind has (letters, digits, hyphens)."))
            last = EventKind.objects.order_by("-order").values_list("order", flat=True).first() or 0
            kind = EventKind(key=key, order=last + 10)
        kind.name_it, kind.name_en = name_it.strip(), name_en.strip()  # type: ignore[attr-defined]
        kind.save()
        audit.record(actor, "events.kind_saved", kind, {"key": kind.key, "name": name_it.strip()})
    return kind


def add_standard_kinds(*, actor: Actor) -> int:
    """Write the kinds of events/kinds.py that the list lacks; how many were added."""
    _require(actor, "events.add_eventkind")
    added = 0
    with transaction.atomic():
        for key, it, en in STANDARD_KINDS:
            if not EventKind.objects.filter(key=key).exists():
                save_kind(None, key=key, name_it=it, name_en=en, actor=actor)
                added += 1
    return added
