"""A member's yearly report, "what membership gave us", read from the registers.

One section per register, each a function with a bounded number of queries whatever the
member's record (tests/test_member_report_queries.py counts them): the fee of the year (fees'
ledger), the initiatives it took part in (cooperation), the events in its town or with it
(events), the schools and pupils reached (education), the missions its people joined and the
agreements in force (diplomacy), the campaigns it adopted (campaigns), and the resolutions of
the bodies whose vote it took part in (governance). No figure is typed in a template: every
number on the page and in the PDF is one of these.

What "in the year" means for each register is in report_rules.py.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from cocopa.campaigns.models import Adoption
from cocopa.cooperation.models import Budget, Initiative, Participation, Transaction
from cocopa.core.models import Source
from cocopa.core.sources import Notes, cited
from cocopa.diplomacy.models import Agreement, Mission, Participant
from cocopa.education import queries as education_queries
from cocopa.education import schoolyear
from cocopa.education.models import Activity
from cocopa.education.totals import Line, Reach, grand_total
from cocopa.events.models import Event
from cocopa.factsheet import report_rules as rules
from cocopa.fees import ledger
from cocopa.fees.models import Allocation, Assessment
from cocopa.governance.models import Attendance, Motion, Resolution, RollCall
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority, Membership
from cocopa.network import queries as network_queries
from cocopa.network.models import NetworkProfile

# IATI activity status "implementation": an initiative under way whose end no source gives runs
# on to today; any other initiative known by its start only is taken in its start's year.
IMPLEMENTATION = "2"
# Money a member puts into an initiative, as IATI records it: incoming funds and commitments.
CONTRIBUTIONS = (Transaction.Type.INCOMING_FUNDS, Transaction.Type.INCOMING_COMMITMENT)


def member_by_slug(slug: str) -> LocalAuthority | None:
    """The authority a public slug names (the member page's), archived ones excepted."""
    return next((a for a in member_queries.by_slug(slug) if a.slug == slug), None)


# --- 1. Fee --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeePayment:
    """Money of one payment applied to the year's fee (an allocation of a live payment)."""

    paid_on: dt.date
    amount: Decimal
    method: str


@dataclass(frozen=True)
class FeeOfYear:
    assessment: Assessment | None  # annotated by the ledger with paid, waived and balance
    payments: list[FeePayment]


def fee_of_year(member: LocalAuthority, year: int) -> FeeOfYear:
    """The year's assessment with what was paid and waived (the one ledger, fees/ledger.py) and
    the payments that paid it, by date. Two queries."""
    rows = ledger.year_assessments(year, [member.pk])
    assessment = rows[0] if rows else None
    payments: list[FeePayment] = []
    if assessment is not None:
        allocations = (
            Allocation.objects.filter(assessment=assessment, payment__archived_on__isnull=True)
            .select_related("payment")
            .order_by("payment__paid_on", "pk")
        )
        payments = [
            FeePayment(a.payment.paid_on, a.amount, a.payment.get_method_display()) for a in allocations
        ]
    return FeeOfYear(assessment, payments)


# --- 2. Initiatives ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    role: str
    percent: Decimal


@dataclass
class InitiativeLine:
    initiative: Initiative
    roles: list[str]
    lead: bool
    shares: list[Share]  # the member's share (%) as the register records it, per role
    budget: rules.YearBudget
    contributions: dict[str, Decimal]  # incoming funds from the member dated in the year, per currency
    sources: list[Source] = field(default_factory=list)

    @property
    def share_recorded(self) -> bool:
        return bool(self.shares or self.contributions)


def _initiative_period(initiative: Initiative, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    first = initiative.actual_start or initiative.planned_start
    last = initiative.actual_end or initiative.planned_end
    if last is None and first is not None and initiative.status == IMPLEMENTATION:
        last = max(first, today)
    return first or last, last or first


def initiatives_of_year(
    member: LocalAuthority, year: int, today: dt.date
) -> tuple[list[InitiativeLine], int]:
    """The network's own initiatives the member takes part in (its organisation's participations)
    active in the year by their dates, with the year's budget and what the register holds of the
    member's share; and how many of its initiatives have no date at all (left out). Four queries."""
    parts = list(
        Participation.objects.filter(organisation__authority=member, initiative__publisher__isnull=True)
        .select_related("initiative__kind")
        .prefetch_related(Prefetch("initiative__sources", queryset=Source.objects.order_by("code")))
        .order_by("initiative__start_on_index", "initiative__identifier", "role", "pk")
    )
    by_initiative: dict[int, list[Participation]] = {}
    undated: set[int] = set()
    for part in parts:
        first, last = _initiative_period(part.initiative, today)
        if first is None:
            undated.add(part.initiative_id)
        elif rules.overlaps(year, first, last):
            by_initiative.setdefault(part.initiative_id, []).append(part)
    ids = list(by_initiative)
    budgets: dict[int, list[rules.BudgetLine]] = defaultdict(list)
    contributions: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    if ids:
        initiatives = {pid: ps[0].initiative for pid, ps in by_initiative.items()}
        for b in Budget.objects.filter(initiative_id__in=ids).order_by("period_start", "pk"):
            currency = b.currency or initiatives[b.initiative_id].currency
            budgets[b.initiative_id].append(
                rules.BudgetLine(b.period_start, b.period_end, b.value, currency, b.type, b.status)
            )
        start, end = rules.year_bounds(year)
        for t in Transaction.objects.filter(
            initiative_id__in=ids,
            provider__authority=member,
            type__in=CONTRIBUTIONS,
            date__gte=start,
            date__lte=end,
        ).order_by("date", "pk"):
            contributions[t.initiative_id].append(
                (t.currency or initiatives[t.initiative_id].currency, t.value)
            )
    lines = []
    for pid, ps in by_initiative.items():
        initiative = ps[0].initiative
        lines.append(
            InitiativeLine(
                initiative=initiative,
                roles=[p.get_role_display() for p in ps],
                lead=any(p.lead for p in ps),
                shares=[Share(p.get_role_display(), p.share) for p in ps if p.share is not None],
                budget=rules.year_budget(year, budgets[pid]),
                contributions=rules.sum_by_currency(contributions[pid]),
                sources=list(initiative.sources.all()),
            )
        )
    return lines, len(undated)


# --- 3. Events -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventLine:
    event: Event
    held_here: bool
    organised: bool
    took_part: bool


def events_of_year(member: LocalAuthority, year: int) -> list[EventLine]:
    """Public events in the member's town, organised by it or with it taking part, that touch the
    year: a start dated only to a month or to the year counts in that year. Four queries."""
    start, end = rules.year_bounds(year)
    mine = LocalAuthority.objects.filter(pk=member.pk).only("pk")
    events = (
        Event.objects.public()
        .filter(Q(place_authority=member) | Q(organisers=member) | Q(participants=member))
        .filter(start_on__lte=end, last_on__gte=start)
        .select_related("kind", "place_authority")
        .prefetch_related(
            Prefetch("organisers", queryset=mine, to_attr="member_organised"),
            Prefetch("participants", queryset=mine, to_attr="member_took_part"),
            Prefetch("sources", queryset=Source.objects.order_by("code")),
        )
        .distinct()
        .order_by("start_on", "starts_at", "pk")
    )
    return [
        EventLine(e, e.place_authority_id == member.pk, bool(e.member_organised), bool(e.member_took_part))
        for e in events
    ]


# --- 4. Schools ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schools:
    school_years: list[str]  # the school years the calendar year overlaps, e.g. 2023/24, 2024/25
    by_school_year: list[Line]
    by_level: list[Line]
    by_topic: list[Line]
    total: Reach
    sources: list[Source]

    @property
    def recorded(self) -> bool:
        return self.total.activities > 0


def schools_of_year(member: LocalAuthority, year: int) -> Schools:
    """Peace-education activities of the member in the school years the calendar year overlaps,
    totalled per school year, per level and per topic (an activity counts under each of its topics).
    Four queries; nothing recorded gives no lines, never zeros."""
    years = rules.school_years(year)
    qs = Activity.objects.filter(member=member, school_year__in=years)
    # The same totals as the public education page, on the member's activities of those years.
    by_year = education_queries.by_school_year(qs)
    by_level = education_queries.by_level(qs)
    by_topic = education_queries.by_topic(qs)
    sources = list(Source.objects.filter(pk__in=qs.values("source_id")).order_by("code"))
    return Schools(
        [schoolyear.label(y) for y in years], by_year, by_level, by_topic, grand_total(by_year), sources
    )


# --- 5. Missions and agreements ------------------------------------------------------------------


@dataclass(frozen=True)
class MissionLine:
    mission: Mission
    people: list[str]  # the member's participants as the public reads them (rules.shown_name)


def missions_of_year(member: LocalAuthority, year: int) -> list[MissionLine]:
    """Missions and delegations with the member among their members or its people among the
    participants, whose dates touch the year. Undated missions are in no year. Two queries."""
    missions = (
        Mission.objects.filter(Q(members=member) | Q(participants__member=member))
        .select_related("source")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.filter(member=member).order_by("pk"))
        )
        .distinct()
        .order_by("started_on", "pk")
    )
    return [
        MissionLine(mission, [p.public_label for p in mission.participants.all()])
        for mission in missions
        if rules.overlaps(year, mission.started_on, mission.ended_on)
    ]


def agreements_in_force(member: LocalAuthority, year: int) -> tuple[list[Agreement], int]:
    """The member's agreements in force during the year: signed on or before its last day and not
    ended before its first; and how many of its agreements have no date of signature (left out)."""
    start, end = rules.year_bounds(year)
    found, undated = [], 0
    agreements = (
        Agreement.objects.filter(members=member)
        .select_related("kind", "source")
        .prefetch_related("foreign_authorities")
        .order_by("signed_on", "pk")
    )
    for agreement in agreements:
        if agreement.signed_on is None:
            undated += 1
        elif agreement.signed_on <= end and (agreement.ended_on is None or agreement.ended_on >= start):
            found.append(agreement)
    return found, undated


# --- 6. Campaigns --------------------------------------------------------------------------------


def campaigns_of_year(member: LocalAuthority, year: int) -> list[Adoption]:
    """The campaigns the member adopted in the year (the date of adoption, else the act's)."""
    start, end = rules.year_bounds(year)
    return list(
        Adoption.objects.filter(member=member)
        .filter(
            Q(adopted_on__gte=start, adopted_on__lte=end)
            | Q(adopted_on__isnull=True, act_on__gte=start, act_on__lte=end)
        )
        .select_related("campaign", "source")
        .order_by(Coalesce("adopted_on", "act_on"), "pk")
    )


# --- 7. Resolutions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionLine:
    resolution: Resolution
    by_proxy: bool
    vote: str | None  # the member's vote in a roll-call; None in a secret paper ballot

    @property
    def secret(self) -> bool:
        return self.vote is None


def resolutions_of_year(member: LocalAuthority, year: int) -> list[ResolutionLine]:
    """The published resolutions adopted in the year whose vote the member took part in (present
    or by proxy when the vote opened), with how it voted when the vote was a roll-call. A secret
    paper ballot records no member's vote, so none is shown. One query."""
    start, end = rules.year_bounds(year)
    rows = (
        RollCall.objects.filter(
            authority=member,
            presence__in=[Attendance.Presence.PRESENT, Attendance.Presence.PROXY],
            motion__status=Motion.Status.COUNTED,
            motion__resolution__published=True,
            motion__resolution__adopted_on__gte=start,
            motion__resolution__adopted_on__lte=end,
        )
        .select_related("motion__resolution__body")
        .order_by("motion__resolution__adopted_on", "motion__resolution__number", "pk")
    )
    return [
        ResolutionLine(
            r.motion.resolution,
            r.presence == Attendance.Presence.PROXY,
            None if r.motion.is_secret else r.get_choice_display(),
        )
        for r in rows
    ]


# --- The report ----------------------------------------------------------------------------------


@dataclass
class MemberReport:
    member: LocalAuthority
    year: int
    network: NetworkProfile | None
    member_in_year: bool
    fee_shown: bool
    fee: FeeOfYear | None
    initiatives: list[InitiativeLine]
    undated_initiatives: int
    events: list[EventLine]
    schools: Schools
    missions: list[MissionLine]
    agreements: list[Agreement]
    undated_agreements: int
    campaigns: list[Adoption]
    resolutions: list[ResolutionLine]
    sources: Notes
    today: dt.date

    @property
    def year_complete(self) -> bool:
        return self.year < self.today.year


def member_in_year(member: LocalAuthority, year: int) -> bool:
    """Whether a membership period of the authority touches the year (one still open runs on)."""
    return any(
        rules.overlaps(year, m.start_on, m.end_on or dt.date.max)
        for m in Membership.objects.filter(authority=member).only("start_on", "end_on")
    )


def member_report(
    member: LocalAuthority, year: int, *, show_fee: bool, today: dt.date | None = None
) -> MemberReport:
    """Everything the report shows for the member and year, in the active language. The fee is
    read only when the reader may see it (`show_fee`, the view's permission check)."""
    today = today or timezone.localdate()
    initiatives, undated_initiatives = initiatives_of_year(member, year, today)
    events = events_of_year(member, year)
    schools = schools_of_year(member, year)
    missions = missions_of_year(member, year)
    agreements, undated_agreements = agreements_in_force(member, year)
    campaigns = campaigns_of_year(member, year)
    notes = cited(
        (s for line in initiatives for s in line.sources),
        (s for line in events for s in line.event.sources.all()),
        schools.sources,
        (line.mission.source for line in missions),
        (a.source for a in agreements),
        (a.source for a in campaigns),
    )
    return MemberReport(
        member=member,
        year=year,
        network=network_queries.profile(),
        member_in_year=member_in_year(member, year),
        fee_shown=show_fee,
        fee=fee_of_year(member, year) if show_fee else None,
        initiatives=initiatives,
        undated_initiatives=undated_initiatives,
        events=events,
        schools=schools,
        missions=missions,
        agreements=agreements,
        undated_agreements=undated_agreements,
        campaigns=campaigns,
        resolutions=resolutions_of_year(member, year),
        sources=notes,
        today=today,
    )


def years_with_data(member: LocalAuthority, today: dt.date) -> list[int]:
    """The years the selector offers, newest first: each year something of the member is
    recorded in (a fee, an initiative, an event, a school year, a mission, an agreement in force,
    an adoption, a resolution voted), and the default year; none after the current one."""
    last = rules.last_year(today)
    years: set[int] = {rules.default_year(today)}

    def span(first: dt.date | None, end: dt.date | None) -> None:
        first = first or end
        end = end or first
        if first is None or end is None:
            return
        years.update(range(max(first.year, rules.FIRST_YEAR), min(end.year, last) + 1))

    years.update(Assessment.objects.filter(authority=member).values_list("year", flat=True))
    for p in Participation.objects.filter(
        organisation__authority=member, initiative__publisher__isnull=True
    ).select_related("initiative"):
        span(*_initiative_period(p.initiative, today))
    held = Event.objects.public().filter(
        Q(place_authority=member) | Q(organisers=member) | Q(participants=member)
    )
    for first, end in held.values_list("start_on", "last_on").distinct():
        span(first, end)
    for school_year in (
        Activity.objects.filter(member=member).values_list("school_year", flat=True).distinct()
    ):
        years.update({school_year, school_year + 1})
    for m in Mission.objects.filter(Q(members=member) | Q(participants__member=member)).values_list(
        "started_on", "ended_on"
    ):
        span(*m)
    for signed, ended in Agreement.objects.filter(members=member, signed_on__isnull=False).values_list(
        "signed_on", "ended_on"
    ):
        span(signed, ended or today)
    for adopted, act in Adoption.objects.filter(member=member).values_list("adopted_on", "act_on"):
        if (day := adopted or act) is not None:
            years.add(day.year)
    years.update(
        d.year
        for d in Resolution.objects.filter(
            published=True,
            motion__roll_call__authority=member,
            motion__roll_call__presence__in=[Attendance.Presence.PRESENT, Attendance.Presence.PROXY],
        ).values_list("adopted_on", flat=True)
    )
    return sorted((y for y in years if rules.FIRST_YEAR <= y <= last), reverse=True)
