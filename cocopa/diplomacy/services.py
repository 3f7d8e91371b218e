"""Every write to city diplomacy: agreements, missions (with their participants and cost items)
and the local authorities abroad they name.

Each service checks the actor's right (None is the system: the demo loader), runs in one
transaction and records an audit event; the history of each row is kept by django-simple-history.
Dates come as text, partial as the sources give them (YYYY, YYYY-MM or YYYY-MM-DD); a refusal
names the field it concerns in its code, so the office's form shows it beside that field.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cocopa.cooperation.models import Initiative
from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor
from cocopa.diplomacy import rules
from cocopa.diplomacy.models import Agreement, AgreementKind, Cost, ForeignAuthority, Mission, Participant
from cocopa.events.models import Event
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority


def _require(actor: Actor, perm: str) -> None:
    # None is the system (the demo loader, a command): nobody to ask.
    if actor is not None and not actor.has_perm(perm):
        raise Forbidden("forbidden", _("Only the peace office writes the city diplomacy register."))


def _date(text: str, name: str, *, end: bool = False) -> tuple[object, str]:
    try:
        return rules.partial_date(text, end=end)
    except ValueError:
        raise DomainError(name, _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")) from None


def _clean_text(obj: object, data: object, names: Iterable[str]) -> None:
    for name in names:
        setattr(obj, name, str(getattr(data, name)).strip())


# --- Local authorities abroad -----------------------------------------------------------------


@dataclass
class ForeignAuthorityInput:
    name: str
    country: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    website: str = ""


def _check_coordinates(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError("longitude", _("Give both latitude and longitude, or neither."))
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        raise DomainError("latitude", _("A latitude lies between -90 and 90 (north is positive)."))
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        raise DomainError("longitude", _("A longitude lies between -180 and 180 (east is positive)."))


def _write_foreign_authority(authority: ForeignAuthority, data: ForeignAuthorityInput) -> None:
    if not data.name.strip():
        raise DomainError("name", _("A local authority abroad needs its name."))
    if not data.country:
        raise DomainError("country", _("Say which country the local authority is in."))
    _check_coordinates(data.latitude, data.longitude)
    same = ForeignAuthority.objects.exclude(pk=authority.pk).filter(
        name=data.name.strip(), country=data.country
    )
    if same.exists():
        raise DomainError("name", _("This local authority abroad is already in the register."))
    authority.name = data.name.strip()
    authority.country = data.country
    authority.latitude, authority.longitude = data.latitude, data.longitude
    authority.website = data.website.strip()
    authority.save()


def create_foreign_authority(data: ForeignAuthorityInput, *, actor: Actor) -> ForeignAuthority:
    """Add a local authority abroad (a partner town), with its country and coordinates."""
    _require(actor, "diplomacy.add_foreignauthority")
    with transaction.atomic():
        authority = ForeignAuthority()
        _write_foreign_authority(authority, data)
        audit.record(actor, "diplomacy.foreign_authority_created", authority, {"name": authority.name})
    return authority


def update_foreign_authority(
    authority: ForeignAuthority, data: ForeignAuthorityInput, *, actor: Actor
) -> ForeignAuthority:
    _require(actor, "diplomacy.change_foreignauthority")
    with transaction.atomic():
        authority = ForeignAuthority.objects.select_for_update().get(pk=authority.pk)
        _write_foreign_authority(authority, data)
        audit.record(actor, "diplomacy.foreign_authority_changed", authority, {"name": authority.name})
    return authority


def delete_foreign_authority(authority: ForeignAuthority, *, actor: Actor) -> None:
    """Delete a local authority abroad recorded by mistake. One an agreement names is refused:
    deleting it would silently take a party out of that agreement. (Missions name a place and a
    country, not a local authority abroad.)"""
    _require(actor, "diplomacy.delete_foreignauthority")
    with transaction.atomic():
        authority = ForeignAuthority.objects.select_for_update().get(pk=authority.pk)
        used = Agreement.objects.filter(foreign_authorities=authority).count()
        if used:
            raise Conflict(
                "in_use",
                ngettext(
                    "%(name)s is a party to %(count)s agreement: take it out of that agreement first.",
                    "%(name)s is a party to %(count)s agreements: take it out of those agreements first.",
                    used,
                )
                % {"name": authority.name, "count": used},
            )
        audit.record(
            actor,
            "diplomacy.foreign_authority_deleted",
            authority,
            {"name": authority.name, "country": authority.country.code},
        )
        authority.delete()


# --- Agreements -------------------------------------------------------------------------------

AGREEMENT_TEXTS = (
    "title_it",
    "title_en",
    "description_it",
    "description_en",
    "act_body",
    "act_number",
    "uncertain_note_it",
    "uncertain_note_en",
)


@dataclass
class AgreementInput:
    """What the office records of an agreement; the English texts may stay empty."""

    kind: AgreementKind
    title_it: str
    title_en: str = ""
    description_it: str = ""
    description_en: str = ""
    signed_on: str = ""
    ended_on: str = ""
    act_body: str = ""
    act_number: str = ""
    act_on: str = ""
    uncertain: bool = False
    uncertain_note_it: str = ""
    uncertain_note_en: str = ""
    document: Document | None = None
    source: Source | None = None
    members: Iterable[LocalAuthority] = field(default_factory=list)
    foreign_authorities: Iterable[ForeignAuthority] = field(default_factory=list)
    initiatives: Iterable[Initiative] = field(default_factory=list)


def _write_agreement(agreement: Agreement, data: AgreementInput) -> None:
    if not data.title_it.strip():
        raise DomainError("title_it", _("An agreement needs an Italian title."))
    signed, signed_precision = _date(data.signed_on, "signed_on")
    ended, ended_precision = _date(data.ended_on, "ended_on", end=True)
    act_on, act_precision = _date(data.act_on, "act_on")
    if act_on is not None and act_precision != "day":
        raise DomainError("act_on", _("An act is dated to the day: write YYYY-MM-DD."))
    if not rules.period_in_order(signed, ended):  # type: ignore[arg-type]
        raise DomainError("ended_on", _("The agreement cannot end before it was signed."))
    members, foreign = list(data.members), list(data.foreign_authorities)
    if not members and not foreign:
        raise DomainError("members", _("Name at least one party: a member or a local authority abroad."))
    _clean_text(agreement, data, AGREEMENT_TEXTS)
    agreement.kind = data.kind
    agreement.signed_on, agreement.signed_on_precision = signed, signed_precision  # type: ignore[assignment]
    agreement.ended_on, agreement.ended_on_precision = ended, ended_precision  # type: ignore[assignment]
    agreement.act_on = act_on  # type: ignore[assignment]
    agreement.uncertain = data.uncertain
    agreement.document, agreement.source = data.document, data.source
    agreement.save()
    agreement.members.set(members)
    agreement.foreign_authorities.set(foreign)
    agreement.initiatives.set(list(data.initiatives))


def create_agreement(data: AgreementInput, *, actor: Actor) -> Agreement:
    """Record an agreement between member towns and local authorities abroad."""
    _require(actor, "diplomacy.add_agreement")
    with transaction.atomic():
        agreement = Agreement()
        _write_agreement(agreement, data)
        audit.record(
            actor, "diplomacy.agreement_created", agreement, {"title": getattr(agreement, "title_it", "")}
        )
    return agreement


def update_agreement(agreement: Agreement, data: AgreementInput, *, actor: Actor) -> Agreement:
    _require(actor, "diplomacy.change_agreement")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _write_agreement(agreement, data)
        audit.record(
            actor, "diplomacy.agreement_changed", agreement, {"title": getattr(agreement, "title_it", "")}
        )
    return agreement


def delete_agreement(agreement: Agreement, *, actor: Actor) -> None:
    """Delete an agreement; the missions that named it keep their own record."""
    _require(actor, "diplomacy.delete_agreement")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        audit.record(
            actor, "diplomacy.agreement_deleted", agreement, {"title": getattr(agreement, "title_it", "")}
        )
        agreement.delete()


# --- Missions ---------------------------------------------------------------------------------

MISSION_TEXTS = (
    "title_it",
    "title_en",
    "purpose_it",
    "purpose_en",
    "outcomes_it",
    "outcomes_en",
    "place",
    "uncertain_note_it",
    "uncertain_note_en",
)


@dataclass
class ParticipantInput:
    office_it: str
    office_en: str = ""
    name: str = ""
    public_office: bool = False
    member: LocalAuthority | None = None


@dataclass
class CostInput:
    item: str
    amount: Decimal | None
    currency: str = "EUR"
    payer: str = ""


@dataclass
class MissionInput:
    """What the office records of a mission or a delegation received."""

    direction: str
    title_it: str
    title_en: str = ""
    purpose_it: str = ""
    purpose_en: str = ""
    outcomes_it: str = ""
    outcomes_en: str = ""
    place: str = ""
    country: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    started_on: str = ""
    ended_on: str = ""
    uncertain: bool = False
    uncertain_note_it: str = ""
    uncertain_note_en: str = ""
    report: Document | None = None
    source: Source | None = None
    members: Iterable[LocalAuthority] = field(default_factory=list)
    initiatives: Iterable[Initiative] = field(default_factory=list)
    agreements: Iterable[Agreement] = field(default_factory=list)
    events: Iterable[Event] = field(default_factory=list)
    participants: Iterable[ParticipantInput] = field(default_factory=list)
    costs: Iterable[CostInput] = field(default_factory=list)


_COST_MESSAGES = {
    "item": gettext_lazy("Cost line %(n)s: say what the cost was for."),
    "amount": gettext_lazy("Cost line %(n)s: the amount is a number not below zero."),
    "currency": gettext_lazy("Cost line %(n)s: the currency is a three-letter code, e.g. EUR."),
}


def _check_parts(participants: list[ParticipantInput], costs: list[CostInput]) -> None:
    for n, person in enumerate(participants, start=1):
        if not person.office_it.strip():
            raise DomainError(
                "participants", _("Participant %(n)s: give their office or role in Italian.") % {"n": n}
            )
    for n, cost in enumerate(costs, start=1):
        problem = rules.cost_problem(cost.item, cost.amount, cost.currency)
        if problem:
            raise DomainError("costs", str(_COST_MESSAGES[problem]) % {"n": n})


def _write_mission(mission: Mission, data: MissionInput) -> None:
    if data.direction not in Mission.Direction.values:
        raise DomainError("direction", _("Say whether it is a mission abroad or a delegation received."))
    if not data.title_it.strip():
        raise DomainError("title_it", _("A mission needs an Italian title."))
    started, started_precision = _date(data.started_on, "started_on")
    ended, ended_precision = _date(data.ended_on, "ended_on", end=True)
    if not rules.period_in_order(started, ended):  # type: ignore[arg-type]
        raise DomainError("ended_on", _("The mission cannot end before it started."))
    if (data.latitude is None) != (data.longitude is None):
        raise DomainError("longitude", _("Give both latitude and longitude, or neither."))
    participants, costs = list(data.participants), list(data.costs)
    _check_parts(participants, costs)
    _clean_text(mission, data, MISSION_TEXTS)
    mission.direction, mission.country = data.direction, data.country
    mission.latitude, mission.longitude = data.latitude, data.longitude
    mission.started_on, mission.started_on_precision = started, started_precision  # type: ignore[assignment]
    mission.ended_on, mission.ended_on_precision = ended, ended_precision  # type: ignore[assignment]
    mission.uncertain = data.uncertain
    mission.report, mission.source = data.report, data.source
    mission.save()
    mission.members.set(list(data.members))
    mission.initiatives.set(list(data.initiatives))
    mission.agreements.set(list(data.agreements))
    mission.events.set(list(data.events))
    # The parts are replaced as a whole: each delete and create is kept in their history.
    for old in mission.participants.all():
        old.delete()
    for old_cost in mission.costs.all():
        old_cost.delete()
    for p in participants:
        Participant.objects.create(
            mission=mission,
            office_it=p.office_it.strip(),
            office_en=p.office_en.strip(),
            name=p.name.strip(),
            public_office=p.public_office,
            member=p.member,
        )
    for c in costs:
        Cost.objects.create(
            mission=mission,
            item=c.item.strip(),
            amount=c.amount or Decimal(0),
            currency=c.currency,
            payer=c.payer.strip(),
        )


def _mission_data(mission: Mission) -> dict[str, object]:
    return {
        "title": getattr(mission, "title_it", ""),
        "participants": mission.participants.count(),
        "costs": [f"{c.amount} {c.currency}" for c in mission.costs.all()],
    }


def create_mission(data: MissionInput, *, actor: Actor) -> Mission:
    """Record a mission abroad or a delegation received, with who took part and what it cost."""
    _require(actor, "diplomacy.add_mission")
    with transaction.atomic():
        mission = Mission()
        _write_mission(mission, data)
        audit.record(actor, "diplomacy.mission_created", mission, _mission_data(mission))
    return mission


def update_mission(mission: Mission, data: MissionInput, *, actor: Actor) -> Mission:
    _require(actor, "diplomacy.change_mission")
    with transaction.atomic():
        mission = Mission.objects.select_for_update().get(pk=mission.pk)
        _write_mission(mission, data)
        audit.record(actor, "diplomacy.mission_changed", mission, _mission_data(mission))
    return mission


def delete_mission(mission: Mission, *, actor: Actor) -> None:
    """Delete a mission with its participants and cost items."""
    _require(actor, "diplomacy.delete_mission")
    with transaction.atomic():
        mission = Mission.objects.select_for_update().get(pk=mission.pk)
        audit.record(actor, "diplomacy.mission_deleted", mission, {"title": getattr(mission, "title_it", "")})
        mission.delete()
