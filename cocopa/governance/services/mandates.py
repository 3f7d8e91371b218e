"""Writes about mandates: appointing to a position (within its seats) and ending a mandate."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import terms
from cocopa.governance.models import (
    Election,
    Mandate,
    Person,
    Position,
)
from cocopa.governance.services._common import require_office
from cocopa.members.models import LocalAuthority


def appoint(
    position: Position,
    start_on: dt.date,
    *,
    actor: Actor,
    began: str,
    person: Person | None = None,
    authority: LocalAuthority | None = None,
    end_on: dt.date | None = None,
    election: Election | None = None,
    affiliation: str = "",
) -> Mandate:
    """A new mandate. Its end is the body's term from the start unless given; a full position
    refuses it (end the sitting mandate first)."""
    require_office(actor)
    return appoint_unchecked(
        position,
        start_on,
        actor=signed_in(actor),
        began=began,
        person=person,
        authority=authority,
        end_on=end_on,
        election=election,
        affiliation=affiliation,
    )


def appoint_unchecked(
    position: Position,
    start_on: dt.date,
    *,
    actor: Actor,
    began: str,
    person: Person | None,
    authority: LocalAuthority | None,
    end_on: dt.date | None,
    election: Election | None = None,
    affiliation: str = "",
) -> Mandate:
    """Appoint without asking who acts: for a count of an election the office may already run."""
    if person is None and authority is None:
        raise DomainError("holder_missing", _("A mandate needs a person or an authority."))
    body = position.body
    from_term = end_on is None and body.term_years is not None
    if from_term:
        assert body.term_years is not None
        end_on = terms.term_end(start_on, body.term_years)
    if end_on is not None and end_on < start_on:
        raise DomainError("end_before_start", _("The end comes before the start."))
    with transaction.atomic():
        # Lock the position so two appointments cannot both take its last seat.
        Position.objects.select_for_update().get(pk=position.pk)
        if position.seats is not None and _seats_taken(position, start_on, end_on) >= position.seats:
            raise Conflict("no_vacancy", _("Every seat of this position is taken on that day."))
        mandate = Mandate.objects.create(
            body=body,
            position=position,
            person=person,
            authority=authority,
            start_on=start_on,
            end_on=end_on,
            end_from_term=from_term,
            began=began,
            election=election,
            affiliation=affiliation,
        )
        audit.record(actor, "governance.mandate_started", mandate, {"position": position.pk, "began": began})
    return mandate


def _seats_taken(position: Position, start_on: dt.date, end_on: dt.date | None) -> int:
    """The most seats of the position held on any one day of the period [start_on, end_on].

    Not only on the first day: a mandate starting later in the period would overlap the new one.
    The count can only rise on a day a mandate starts, so those days are the ones to check.
    """
    overlapping = Mandate.objects.filter(position=position, start_on__isnull=False).exclude(
        end_on__lt=start_on
    )
    if end_on is not None:
        overlapping = overlapping.filter(start_on__lte=end_on)
    periods: list[tuple[dt.date, dt.date]] = [
        (s, e or dt.date.max) for s, e in overlapping.values_list("start_on", "end_on") if s is not None
    ]
    days = {start_on} | {s for s, _e in periods if s > start_on}
    return max(sum(1 for s, e in periods if s <= day <= e) for day in days)


def end_mandate(mandate: Mandate, end_on: dt.date, ended: str, *, actor: Actor) -> Mandate:
    require_office(actor)
    if ended not in Mandate.Ended.values:
        raise DomainError("invalid_ending", _("Unknown ending: %(value)s.") % {"value": ended})
    if mandate.start_on and end_on < mandate.start_on:
        raise DomainError("end_before_start", _("The end comes before the start."))
    with transaction.atomic():
        mandate.end_on = end_on
        mandate.ended = ended
        mandate.end_from_term = False
        mandate.save(update_fields=["end_on", "ended", "end_from_term"])
        audit.record(
            signed_in(actor), "governance.mandate_ended", mandate, {"ended": ended, "end_on": str(end_on)}
        )
    return mandate
