"""Members' own fee bases (`FeeBase`): which base applies to a year, and the office's services to
set and remove one (re-exported by cocopa.fees.services: callers write `services.set_fee_base`).

A base replaces, from a year on, either the member's full-year fee by a fixed amount or its
population by another figure (rules.Base). Nothing here is a rule of the statutes: the office
records the network's decision, with its reason, and the assessment of each year keeps a copy.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor, signed_in
from cocopa.fees import queries, rules
from cocopa.fees.models import Assessment, FeeBase, FeeSchedule
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority


def bases_for(year: int, authority_ids: Iterable[int]) -> dict[int, FeeBase]:
    """member id → the base in force for the year (the latest `valid_from` not after it); one query."""
    result: dict[int, FeeBase] = {}
    rows = (
        FeeBase.objects.filter(authority_id__in=list(authority_ids), valid_from__lte=year)
        .select_related("source")
        .order_by("authority_id", "-valid_from")
    )
    for base in rows:
        result.setdefault(base.authority_id, base)
    return result


def all_bases() -> QuerySet[FeeBase]:
    return FeeBase.objects.select_related("authority", "source", "set_by").order_by(
        "authority__name", "authority_id", "-valid_from"
    )


def _require(actor: Actor, member: LocalAuthority | None) -> None:
    # None is the system (a command run on the server): nobody to ask.
    if actor is not None and not actor.has_perm("fees.set_fee_base", member):
        raise Forbidden("forbidden", _("Only the administrative office sets fee bases."))


def set_fee_base(
    authority: LocalAuthority,
    *,
    actor: Actor,
    valid_from: int,
    reason: str,
    amount: Decimal | None = None,
    population: int | None = None,
    population_on: dt.date | None = None,
    source: Source | None = None,
) -> FeeBase:
    """Set the member's fee base from `valid_from` on: a fixed full-year `amount`, or a `population`
    (with its date and source when known) used instead of the member's figure. Refuses, writing
    nothing: neither or both given (`fee_base_amount_or_population`), a negative value
    (`fee_base_negative`), no reason (`reason_required`), a base already set from that year
    (`fee_base_exists`: remove it first, so a change is never silent)."""
    _require(actor, authority)
    if (amount is None) == (population is None):
        raise DomainError(
            "fee_base_amount_or_population", _("Give either a fixed amount or a population, not both.")
        )
    if (amount is not None and amount < 0) or (population is not None and population < 0):
        raise DomainError("fee_base_negative", _("A fee base cannot be negative."))
    if not reason.strip():
        raise DomainError("reason_required", _("Say who decided this fee base and why."))
    kind = FeeBase.Kind.AMOUNT if amount is not None else FeeBase.Kind.POPULATION
    try:
        with transaction.atomic():
            base = FeeBase.objects.create(
                authority=authority,
                valid_from=valid_from,
                kind=kind,
                amount=amount,
                population=population,
                population_on=population_on if population is not None else None,
                source=source,
                reason=reason.strip(),
                set_by=signed_in(actor),
            )
            audit.record(signed_in(actor), "fees.fee_base_set", base, base.snapshot())
    except IntegrityError as err:
        raise Conflict(
            "fee_base_exists",
            _("%(member)s already has a fee base from %(year)s: remove it first.")
            % {"member": authority.name, "year": valid_from},
        ) from err
    return base


def remove_fee_base(base: FeeBase, *, actor: Actor) -> None:
    """Remove a fee base: years not yet assessed go back to the schedule's rule (or an earlier
    base). Fees already issued keep the copy they were computed with; history keeps the row."""
    _require(actor, base.authority)
    with transaction.atomic():
        locked = FeeBase.objects.select_for_update().filter(pk=base.pk).first()
        if locked is None:
            raise Conflict("fee_base_gone", _("This fee base was already removed."))
        data = locked.snapshot()
        audit.record(signed_in(actor), "fees.fee_base_removed", locked, data)
        locked.delete()


@dataclass(frozen=True)
class FigureCheck:
    """How many of a year's fees rest on a population figure older than the schedule asks for
    (or undated): `outdated` of `total`, the oldest such date, and whether the fees are issued yet."""

    reference: dt.date
    total: int
    outdated: int
    oldest: dt.date | None
    issued: bool


def figures_for_year(year: int, assessments: Sequence[Assessment]) -> FigureCheck | None:
    """The check of the population figures a year's fees use: the issued fees' own copies, else
    (before issuing) the figures the schedule's reference date would pick. None without a schedule
    or when the rule uses no population."""
    schedule = FeeSchedule.objects.filter(year=year).first()
    if schedule is None:
        return None
    reference = schedule.population_reference
    if assessments:
        used = [
            (a.population_on, a.population_reference or reference)
            for a in assessments
            if a.population is not None
        ]
        return _check(reference, used, issued=True)
    try:
        if not schedule.rule().needs_population:
            return None
    except ValueError:
        return None
    due = queries.members_due(year)
    own = bases_for(year, due)
    figures = member_queries.with_population_at(
        LocalAuthority.objects.filter(pk__in=[pk for pk in due if pk not in own]), reference
    ).values_list("population_on", flat=True)
    used = [(on, reference) for on in figures]
    used += [(b.population_on, reference) for b in own.values() if b.population is not None]
    return _check(reference, used, issued=False)


def _check(reference: dt.date, used: list[tuple[dt.date | None, dt.date]], *, issued: bool) -> FigureCheck:
    ages = [(on, rules.figure_age(on, asked)) for on, asked in used]
    outdated = [on for on, age in ages if age in (rules.FigureAge.OLDER, rules.FigureAge.UNDATED)]
    dated = [on for on in outdated if on is not None]
    return FigureCheck(reference, len(used), len(outdated), min(dated) if dated else None, issued)
