"""Every write to the events register: events (create, change, delete) and the list of kinds.

Each service checks the actor's right (None is the system: the demo loader), runs in one
transaction and records an audit event; the models keep their history (django-simple-history).
Refusals are DomainErrors whose code is the form field they concern.

Registrations (README, "Registration"): `register` and `cancel_by_token` are the public's (no
actor: whoever holds the event's page or the cancel link); `cancel_registration`,
`promote_registration` and `mark_attendance` the peace office's. Each locks the event's row
(select_for_update) so that two registrations for the last place cannot both be confirmed; the
e-mails leave through the outbox after commit (notify.py).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocopa.cooperation.models import Initiative
from cocopa.core import audit
from cocopa.core.dates import Precision
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor
from cocopa.events import dating, notify, registration
from cocopa.events.kinds import STANDARD_KINDS
from cocopa.events.models import Event, EventKind, Registration
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
    "registration_note_it",
    "registration_note_en",
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
    registration_open: bool = False
    capacity: int | None = None  # None: places not limited
    registration_closes_at: dt.datetime | None = None
    registration_note_it: str = ""
    registration_note_en: str = ""


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
    if data.capacity is not None and data.capacity < 1:
        raise DomainError("capacity", _("Give at least one place, or leave the field empty for no limit."))
    try:
        when = dating.resolve(data.start, data.end, data.start_time, data.end_time)
    except dating.DatingError as err:
        raise DomainError(err.field, err.message) from None
    if data.registration_open and when.start_precision != Precision.DAY:
        raise DomainError("registration_open", _("Registration needs the event's full date (YYYY-MM-DD)."))
    return when


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
    event.registration_open = data.registration_open
    event.capacity = data.capacity
    event.registration_closes_at = data.registration_closes_at
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
        "registration": event.registration_open,
        "capacity": event.capacity,
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
    """Change an event's texts, dates, place and links. When the change frees places (more of
    them, or no limit) before the event begins, the waiting list moves up into them in the order
    people registered, each told by e-mail after commit, as a cancellation does."""
    _require(actor, "events.change_event")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _write(event, data)
        summary = _summary(event)
        if why_closed(event) in ("", "deadline"):
            promoted = 0
            while _promote_first(event) is not None:
                promoted += 1
            if promoted:
                summary["promoted"] = promoted
        audit.record(actor, "events.event_changed", event, summary)
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


# --- Registrations -----------------------------------------------------------------------------

Status = Registration.Status


@dataclass
class RegistrationInput:
    """What a person types to register: name, e-mail, optionally the organisation, school or
    municipality; consent to the privacy notice; the page's language (the e-mails')."""

    name: str
    email: str
    organisation: str = ""
    consent: bool = False
    language: str = "it"


def _locked(event: Event) -> Event:
    # The row lock serialises registrations of one event (PostgreSQL: FOR UPDATE; SQLite takes
    # the database's write lock on the first write, which serialises them as well).
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed(event: Event) -> int:
    return int(event.registrations.filter(status=Status.CONFIRMED).count())


def why_closed(event: Event, now: dt.datetime | None = None) -> str:
    """Why the event takes no registration now ("" when it does): registration.closed_because."""
    now = now or timezone.now()
    return registration.closed_because(
        registration_open=event.registration_open,
        is_public=event.is_public,
        on_a_day=event.on_a_day,
        first_day=event.start_on,
        starts_at=event.starts_at,
        closes_at=event.registration_closes_at,
        now=now,
        today=timezone.localdate(now),
    )


CLOSED_MESSAGES = {
    "closed": gettext_lazy("This event takes no registration."),
    "started": gettext_lazy("Registration is over: the event has begun."),
    "deadline": gettext_lazy("Registration closed at the time the office set."),
}


def places_left(event: Event) -> int | None:
    return registration.places_left(event.capacity, _confirmed(event))


def _registration_data(reg: Registration) -> dict[str, Any]:
    # The audit trail names the registration and its status, never the person.
    return {"event": reg.event_id, "status": reg.status}


def register(event: Event, data: RegistrationInput) -> Registration:
    """Register a person: confirmed while places remain, else on the waiting list; the e-mail
    confirming it (with the cancel link) leaves after commit."""
    name, email = data.name.strip(), data.email.strip().lower()
    if not name:
        raise DomainError("name", _("Write your name."))
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("email", _("Write a valid e-mail address.")) from None
    if not data.consent:
        raise DomainError("consent", _("Registration needs your consent to the privacy notice."))
    with transaction.atomic():
        event = _locked(event)
        closed = why_closed(event)
        if closed:
            raise Conflict("registration_closed", str(CLOSED_MESSAGES[closed]))
        if event.registrations.exclude(status=Status.CANCELLED).filter(email=email).exists():
            raise DomainError("email", _("This e-mail address is already registered for this event."))
        reg = Registration(
            event=event,
            name=name,
            email=email,
            organisation=data.organisation.strip(),
            status=registration.status_for(event.capacity, _confirmed(event)),
            language=data.language if data.language in ("it", "en") else "it",
        )
        try:
            with transaction.atomic():
                reg.save()
        except IntegrityError:  # the constraint behind the check above
            raise DomainError(
                "email", _("This e-mail address is already registered for this event.")
            ) from None
        audit.record(None, "events.registration_created", reg, _registration_data(reg))
        transaction.on_commit(partial(notify.registered, reg.pk))
    return reg


def _promote_first(event: Event) -> Registration | None:
    """Confirm the first on the waiting list when a place is free (the caller holds the lock)."""
    if registration.places_left(event.capacity, _confirmed(event)) == 0:
        return None
    waiting = event.registrations.filter(status=Status.WAITING).order_by("created_at", "pk").first()
    if waiting is not None:
        waiting.status = Status.CONFIRMED
        waiting.save(update_fields=["status"])
        audit.record(None, "events.registration_promoted", waiting, _registration_data(waiting))
        transaction.on_commit(partial(notify.promoted, waiting.pk))
    return waiting


def _cancel(reg: Registration, actor: Actor) -> Registration | None:
    if reg.status == Status.CANCELLED:
        raise Conflict("already_cancelled", _("This registration is already cancelled."))
    was_confirmed = reg.status == Status.CONFIRMED
    reg.status = Status.CANCELLED
    reg.cancelled_at = timezone.now()
    reg.save(update_fields=["status", "cancelled_at"])
    audit.record(actor, "events.registration_cancelled", reg, _registration_data(reg))
    return _promote_first(reg.event) if was_confirmed else None


def cancel_by_token(token: str) -> Registration:
    """The registrant cancels through the link of the e-mail; a confirmed place freed goes to the
    first on the waiting list, who is told by e-mail."""
    found = Registration.objects.filter(token=token).only("event_id").first()
    if found is None or not token:
        raise DomainError("token", _("This link does not match any registration."))
    with transaction.atomic():
        event = _locked(found.event)
        reg = Registration.objects.select_for_update().get(pk=found.pk)
        reg.event = event
        _cancel(reg, None)
    return reg


def cancel_registration(reg: Registration, *, actor: Actor) -> Registration | None:
    """The office cancels a registration; returns the registration promoted in its place, if any."""
    _require(actor, "events.change_registration")
    with transaction.atomic():
        event = _locked(reg.event)
        reg = Registration.objects.select_for_update().get(pk=reg.pk)
        reg.event = event
        return _cancel(reg, actor)


def promote_registration(reg: Registration, *, actor: Actor) -> Registration:
    """The office confirms someone on the waiting list while a place is free (raise the places
    on the event's form first when it is full)."""
    _require(actor, "events.change_registration")
    with transaction.atomic():
        event = _locked(reg.event)
        reg = Registration.objects.select_for_update().get(pk=reg.pk)
        if reg.status != Status.WAITING:
            raise Conflict("not_waiting", _("Only a registration on the waiting list can be confirmed."))
        if registration.places_left(event.capacity, _confirmed(event)) == 0:
            raise Conflict(
                "event_full",
                _("The event is full: raise the number of places or cancel a registration first."),
            )
        reg.status = Status.CONFIRMED
        reg.save(update_fields=["status"])
        audit.record(actor, "events.registration_promoted", reg, _registration_data(reg))
        transaction.on_commit(partial(notify.promoted, reg.pk))
    return reg


def mark_attendance(event: Event, present: Iterable[int], listed: Iterable[int], *, actor: Actor) -> int:
    """Record who came: of the confirmed registrations `listed` on the office's page, those in
    `present` attended, the others did not. Returns how many changed."""
    _require(actor, "events.change_registration")
    present_ids, listed_ids = set(present), set(listed)
    changed = 0
    with transaction.atomic():
        event = _locked(event)
        rows = event.registrations.select_for_update().filter(pk__in=listed_ids, status=Status.CONFIRMED)
        for reg in rows:
            came = reg.pk in present_ids
            if reg.attended is not came:
                reg.attended = came
                reg.save(update_fields=["attended"])
                changed += 1
        audit.record(
            actor,
            "events.attendance_marked",
            event,
            {"present": len(present_ids & listed_ids), "changed": changed},
        )
    return changed
