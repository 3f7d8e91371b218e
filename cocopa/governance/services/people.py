"""Writes about people: persons, the Assembly designations and the change of a mayor."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.core import audit, names
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import queries
from cocopa.governance.models import (
    Designation,
    Mandate,
    Office,
    Person,
    in_force,
)
from cocopa.governance.services._common import require_office
from cocopa.members.models import LocalAuthority


def designate(
    authority: LocalAuthority,
    person: Person,
    start_on: dt.date,
    *,
    actor: Actor,
    basis: str = Designation.Basis.MAYOR,
    act: str = "",
) -> Designation:
    """Make the person the member's Assembly representative from the day, ending the previous one."""
    require_office(actor)
    with transaction.atomic():
        _end_designations(authority, start_on)
        designation = Designation.objects.create(
            authority=authority, person=person, start_on=start_on, basis=basis, act=act
        )
        audit.record(signed_in(actor), "governance.designated", designation, {"authority": authority.pk})
    return designation


def _end_designations(authority: LocalAuthority, start_on: dt.date) -> None:
    # A designation starting on or after the day would overlap the new, open-ended one; only the
    # one in force on the day can be cut short.
    if Designation.objects.filter(authority=authority, start_on__gte=start_on).exists():
        raise Conflict("designation_overlaps", _("The member already has a designation from that day."))
    for current in Designation.objects.filter(in_force(start_on), authority=authority):
        current.end_on = start_on - dt.timedelta(days=1)
        current.save(update_fields=["end_on"])


@dataclass(frozen=True)
class MayorChange:
    office: Office
    designations_replaced: int
    mandates_ended: int
    mandates_carried_over: int


def change_mayor(
    authority: LocalAuthority,
    person: Person,
    start_on: dt.date,
    *,
    actor: Actor,
    carry_over_seats: bool = False,
) -> MayorChange:
    """After local elections, in one step: the new mayor's office, the Assembly designation
    moved from the outgoing mayor to the new one, and the outgoing mayor's seats held for this
    member ended (or handed to the new mayor for the rest of the term when carry_over_seats)."""
    require_office(actor)
    with transaction.atomic():
        impact = queries.mayor_change_impact(authority, start_on)
        day_before = start_on - dt.timedelta(days=1)
        if impact.outgoing is not None:
            if impact.outgoing.person_id == person.pk:
                raise Conflict("same_mayor", _("This person is already the mayor."))
            if impact.outgoing.start_on is not None and impact.outgoing.start_on >= start_on:
                # Ending the outgoing office the day before would end it before it began.
                raise Conflict(
                    "mayor_change_too_early",
                    _("The new mayor must start after the outgoing one took office."),
                )
            impact.outgoing.end_on = day_before
            impact.outgoing.save(update_fields=["end_on"])
        office = Office.objects.create(
            person=person, authority=authority, kind=Office.Kind.MAYOR, start_on=start_on
        )
        replaced = 0
        for designation in impact.designations:
            designation.end_on = day_before
            designation.save(update_fields=["end_on"])
            if designation.basis == Designation.Basis.MAYOR:
                Designation.objects.create(
                    authority=authority, person=person, start_on=start_on, basis=Designation.Basis.MAYOR
                )
                replaced += 1
        carried = 0
        for mandate in impact.mandates:
            old_end = mandate.end_on
            mandate.end_on = day_before
            mandate.ended = Mandate.Ended.LOST_OFFICE
            mandate.save(update_fields=["end_on", "ended"])
            if carry_over_seats:
                Mandate.objects.create(
                    body=mandate.body,
                    position=mandate.position,
                    person=person,
                    authority=authority,
                    start_on=start_on,
                    end_on=old_end,
                    end_from_term=mandate.end_from_term,
                    began=Mandate.Began.CO_OPTION,
                )
                carried += 1
        result = MayorChange(office, replaced, len(impact.mandates), carried)
        audit.record(
            signed_in(actor),
            "governance.mayor_changed",
            office,
            {
                "authority": authority.pk,
                "outgoing": impact.outgoing.person_id if impact.outgoing else None,
                "designations_replaced": replaced,
                "mandates_ended": len(impact.mandates),
                "mandates_carried_over": carried,
            },
        )
    return result


def add_person(name: str, *, actor: Actor, email: str = "", phone: str = "") -> Person:
    """Record a person (a new mayor, a delegate, a candidate) the office will refer to."""
    require_office(actor)
    name = name.strip()
    if not name:
        raise DomainError("name_missing", _("Give the person's name."))
    names.require_safe_name(name)
    with transaction.atomic():
        person = Person.objects.create(name=name, email=email, phone=phone)
        audit.record(signed_in(actor), "governance.person_added", person)
    return person
