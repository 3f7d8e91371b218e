"""Reads about governance: who sits where on a day, vacancies, who is entitled to sit, the quorum."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cocopa.core.models import AuditEvent
from cocopa.governance import quorum, results
from cocopa.governance.models import (
    Attendance,
    Body,
    Designation,
    Election,
    Mandate,
    Meeting,
    Motion,
    Office,
    Person,
    Position,
    Resolution,
    in_force,
)
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority


def populations(authority_ids: list[int], day: dt.date) -> dict[int, int | None]:
    """Each authority's population on the day, by the statistics' rule (members/README.md)."""
    rows = member_queries.with_population_at(LocalAuthority.objects.filter(pk__in=authority_ids), day)
    return {row["pk"]: row["population"] for row in rows.values("pk", "population")}


def weighed_populations(
    body: Body, authority_ids: list[int], day: dt.date, *, for_quorum: bool = False
) -> dict[int, int | None]:
    """Each authority's population as the body weighs it (weights.py): in its votes, or in the
    population represented for its quorum. A member that is not a municipality weighs what the
    body's rule says (by default nothing: it contains the municipalities)."""
    rows = member_queries.with_population_at(LocalAuthority.objects.filter(pk__in=authority_ids), day)
    return {
        row["pk"]: body.population_weight(row["population"], row["kind"], for_quorum=for_quorum)
        for row in rows.values("pk", "population", "kind")
    }


@dataclass
class Seat:
    """One seat of a position on a day: its mandate, or None when vacant."""

    position: Position
    mandate: Mandate | None


@dataclass
class PositionComposition:
    position: Position
    mandates: list[Mandate]
    vacancies: int | None  # None when the position has no fixed number of seats

    @property
    def seats(self) -> list[Seat]:
        filled = [Seat(self.position, m) for m in self.mandates]
        return filled + [Seat(self.position, None) for _ in range(self.vacancies or 0)]


@dataclass
class Composition:
    body: Body
    day: dt.date
    positions: list[PositionComposition] = field(default_factory=list)
    # For the Assembly: one seat per member in good standing, with its representative (or None).
    assembly: list[tuple[LocalAuthority, Designation | None]] = field(default_factory=list)

    @property
    def vacancies(self) -> int:
        return sum(p.vacancies or 0 for p in self.positions) + sum(1 for _, d in self.assembly if d is None)


def composition(body: Body, day: dt.date) -> Composition:
    """Who holds each position of the body on the day, and which seats are vacant."""
    result = Composition(body, day)
    if body.is_assembly:
        designations = {
            d.authority_id: d for d in Designation.objects.filter(in_force(day)).select_related("person")
        }
        result.assembly = [(a, designations.get(a.pk)) for a in member_queries.members_in_good_standing(day)]
        return result
    mandates = (
        Mandate.objects.filter(in_force(day))
        .filter(body=body)
        .select_related("person", "authority", "source", "position", "body")
        .order_by("position__order", "start_on", "pk")
    )
    by_position: dict[int, list[Mandate]] = {}
    for mandate in mandates:
        by_position.setdefault(mandate.position_id, []).append(mandate)
    for position in body.positions.all():
        held = by_position.get(position.pk, [])
        vacancies = max(position.seats - len(held), 0) if position.seats is not None else None
        result.positions.append(PositionComposition(position, held, vacancies))
    return result


def bodies() -> QuerySet[Body]:
    return Body.objects.prefetch_related("positions").select_related("source", "term_source")


def mandates_of(body: Body) -> QuerySet[Mandate]:
    """Every mandate the body has had, latest first: past boards and presidents."""
    return (
        Mandate.objects.filter(body=body)
        .select_related("person", "authority", "position", "source", "election")
        .order_by("-start_on", "position__order", "pk")
    )


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's day where it is held (the project's time zone), not in UTC."""
    return timezone.localtime(meeting.starts_at).date()


def entitled_members(meeting: Meeting) -> list[LocalAuthority]:
    """The members a meeting's attendance register lists: every member in good standing for the
    Assembly; for other bodies, the members whose people hold a seat in it on the day."""
    day = meeting_day(meeting)
    if meeting.body.is_assembly:
        return list(member_queries.members_in_good_standing(day))
    ids = Mandate.objects.filter(in_force(day), body=meeting.body, authority__isnull=False).values(
        "authority_id"
    )
    return list(LocalAuthority.objects.filter(pk__in=ids).order_by("name", "pk"))


def quorum_rule(body: Body) -> quorum.QuorumRule:
    return quorum.QuorumRule(
        member_share=body.quorum_member_share,
        strictly_more=body.quorum_strictly_more,
        population_share=body.quorum_population_share,
        count_proxies=body.quorum_count_proxies,
    )


def meeting_quorum(meeting: Meeting) -> quorum.QuorumResult:
    """The quorum from the attendance register as it stands now: unrecorded members count as
    absent. A vote's own quorum is `vote_quorum` (the register frozen when the vote opened)."""
    attendances = list(meeting.attendances.all())
    pops = weighed_populations(
        meeting.body, [a.authority_id for a in attendances], meeting_day(meeting), for_quorum=True
    )
    seats = [
        quorum.Seat(
            member=a.authority_id,
            population=pops.get(a.authority_id),
            presence=quorum.Presence(a.presence or Attendance.Presence.ABSENT),
        )
        for a in attendances
    ]
    return quorum.evaluate(quorum_rule(meeting.body), seats)


def vote_quorum(motion: Motion) -> results.Quorum:
    """The one quorum figure of a vote, for the count, the pages and the minutes alike.

    Once the motion is counted it is the figure stored with the count (and copied to the
    resolution); before, it is computed from the presence frozen in the vote's own roll-call rows
    when the vote opened. Changes to the meeting's register after the vote opened change neither.
    """
    stored = results.MotionResult.from_json(motion.figures)
    if stored is not None and stored.quorum is not None:
        return stored.quorum
    seats = [
        quorum.Seat(
            member=row.authority_id,
            population=row.population_represented,
            presence=quorum.Presence(row.presence or Attendance.Presence.ABSENT),
        )
        for row in motion.roll_call.all()
    ]
    return results.Quorum.from_evaluation(quorum.evaluate(quorum_rule(motion.meeting.body), seats))


@dataclass(frozen=True)
class Notice:
    required_days: int | None
    given_days: int
    ok: bool


def notice(body: Body, convened_on: dt.date, meeting_day: dt.date) -> Notice:
    given = (meeting_day - convened_on).days
    required = body.notice_days
    return Notice(required, given, given >= 0 and (required is None or given >= required))


def meeting_detail(pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(
            "items__documents",
            Prefetch(
                "attendances", queryset=Attendance.objects.select_related("authority", "person", "proxy_for")
            ),
            "motions__roll_call__authority",
            "motions__paper_count",
        )
        .get(pk=pk)
    )


def upcoming_meetings(now: dt.datetime) -> QuerySet[Meeting]:
    # A meeting whose register is recorded has taken place, whatever its recorded start says.
    return (
        Meeting.objects.filter(starts_at__gte=now, status=Meeting.Status.CONVENED)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def published_resolutions() -> QuerySet[Resolution]:
    return (
        Resolution.objects.filter(published=True)
        .select_related("body", "meeting")
        .order_by("-year", "-number")
    )


def mayor_on(authority: LocalAuthority, day: dt.date) -> Office | None:
    return (
        Office.objects.filter(in_force(day))
        .filter(authority=authority, kind=Office.Kind.MAYOR)
        .select_related("person")
        .order_by("-start_on")
        .first()
    )


@dataclass
class MayorChangeImpact:
    """What a new mayor affects: the outgoing mayor's designations and seats held for the member."""

    authority: LocalAuthority
    outgoing: Office | None
    designations: list[Designation]
    mandates: list[Mandate]


def mayor_change_impact(authority: LocalAuthority, day: dt.date) -> MayorChangeImpact:
    outgoing = mayor_on(authority, day)
    if outgoing is None:
        return MayorChangeImpact(authority, None, [], [])
    designations = list(
        Designation.objects.filter(in_force(day))
        .filter(authority=authority, person=outgoing.person)
        .select_related("person")
    )
    mandates = list(
        Mandate.objects.filter(in_force(day))
        .filter(authority=authority, person=outgoing.person)
        .select_related("body", "position", "person")
    )
    return MayorChangeImpact(authority, outgoing, designations, mandates)


def convened_addresses(meeting: Meeting, day: dt.date) -> list[str]:
    """Whom a notice about the meeting goes to: the e-mail addresses of the representatives
    designated on the day for the members on its register, and of the people holding a seat in
    the body on the day (their own address, else their login's). Sorted, each once."""
    members = meeting.attendances.values("authority_id")
    representatives = Person.objects.filter(
        pk__in=Designation.objects.filter(in_force(day), authority_id__in=members).values("person_id")
    )
    seated = Person.objects.filter(
        pk__in=Mandate.objects.filter(in_force(day), body=meeting.body, person__isnull=False).values(
            "person_id"
        )
    )
    addresses = set()
    for person in (representatives | seated).select_related("user"):
        address = person.email or (person.user.email if person.user else "")
        if address:
            addresses.add(address.strip())
    return sorted(addresses)


@dataclass(frozen=True)
class Postponement:
    at: dt.datetime
    before: dt.datetime
    after: dt.datetime
    reason: str
    by: str


def postponements(meeting: Meeting) -> list[Postponement]:
    """The meeting's earlier dates, oldest first, as the audit trail keeps them."""
    events = AuditEvent.objects.filter(
        verb="governance.meeting_postponed", target_type=Meeting._meta.label, target_id=str(meeting.pk)
    ).order_by("seq")
    return [
        Postponement(
            at=e.at,
            before=dt.datetime.fromisoformat(e.data["from"]),
            after=dt.datetime.fromisoformat(e.data["to"]),
            reason=e.data.get("reason", ""),
            by=e.actor_name,
        )
        for e in events
    ]


def electorate(election: Election) -> QuerySet[LocalAuthority]:
    """Who votes: the electors frozen when voting opened; before (or for an election with none on
    record), the members in good standing on the election day."""
    if election.status == Election.Status.NOMINATING or not election.electors.exists():
        return member_queries.members_in_good_standing(election.held_on)
    return LocalAuthority.objects.filter(pk__in=election.electors.values("authority_id")).order_by(
        "name", "pk"
    )
