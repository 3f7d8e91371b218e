"""Reads the public governance pages, the API and the calendar need beyond governance.queries.

Kept apart from queries.py (another engineer's module): each read here is public-facing and
has a fixed number of queries, whatever the number of mandates or meetings.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from cocopa.governance import queries
from cocopa.governance.models import AgendaItem, Body, Mandate, Meeting, Resolution, in_force
from cocopa.network.models import NetworkProfile


@dataclass
class BodyView:
    """One body on a day: who sits in it, and the undated mandates the sources name apart."""

    body: Body
    composition: queries.Composition
    undated: list[Mandate] = field(default_factory=list)

    @property
    def assembly_seats(self) -> int:
        return len(self.composition.assembly)

    @property
    def assembly_designated(self) -> int:
        return sum(1 for _, d in self.composition.assembly if d is not None)

    @property
    def assembly_undesignated(self) -> int:
        return self.assembly_seats - self.assembly_designated

    @property
    def held_positions(self) -> list[queries.PositionComposition]:
        """The positions someone holds on the day; the rest are summed up in `unfilled`."""
        return [p for p in self.composition.positions if p.mandates]

    @property
    def unfilled(self) -> int:
        """Seats no mandate on record fills: the free seats of each position, and one for a
        position with no fixed number of seats and no holder. Summed in one line on the public
        page rather than listed seat by seat (issue 14)."""
        return sum(
            p.vacancies if p.vacancies is not None else (0 if p.mandates else 1)
            for p in self.composition.positions
        )


def _undated_by_body() -> dict[int, list[Mandate]]:
    """Mandates with no start: never in force on a day (see models.in_force), listed apart."""
    by_body: dict[int, list[Mandate]] = {}
    rows = (
        Mandate.objects.filter(start_on__isnull=True)
        .select_related("person", "authority", "source", "position")
        .order_by("position__order", "pk")
    )
    for mandate in rows:
        by_body.setdefault(mandate.body_id, []).append(mandate)
    return by_body


def organigram(day: dt.date, bodies: QuerySet[Body] | None = None) -> list[BodyView]:
    """Every body in order with its composition on the day: two queries per body, not per mandate."""
    undated = _undated_by_body()
    views = []
    for body in bodies if bodies is not None else queries.bodies():
        view = BodyView(body, queries.composition(body, day), undated.get(body.pk, []))
        # composition() does not join the body; each mandate is given the one already read.
        for mandate in [m for p in view.composition.positions for m in p.mandates] + view.undated:
            mandate.body = body
        views.append(view)
    return views


def body_by_key(key: str) -> Body | None:
    return queries.bodies().filter(key=key).first()


def mandates(
    *, body: str | None = None, person: str | None = None, day: dt.date | None = None
) -> QuerySet[Mandate]:
    """Mandates of every body, latest first, by body key, part of a person's name, and day in force."""
    rows = Mandate.objects.select_related("body", "person", "authority", "position", "source").order_by(
        "-start_on", "body__order", "position__order", "pk"
    )
    if body:
        rows = rows.filter(body__key=body)
    if person:
        rows = rows.filter(person__name__icontains=person)
    if day is not None:
        rows = rows.filter(in_force(day))
    return rows


def _with_agenda(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("body").prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.order_by("number"))
    )


def upcoming_meetings(now: dt.datetime) -> QuerySet[Meeting]:
    """Convened meetings to come, with their agenda titles (the attendance register is not public)."""
    return _with_agenda(queries.upcoming_meetings(now))


def past_meetings(now: dt.datetime, *, body: str | None = None, year: int | None = None) -> QuerySet[Meeting]:
    """Meetings held or due before now, latest first, by body key and year (in the project's time
    zone), with their agenda; cancelled ones are not part of the record."""
    rows = (
        Meeting.objects.filter(starts_at__lt=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("attendances")
        .order_by("-starts_at", "pk")
    )
    if body:
        rows = rows.filter(body__key=body)
    if year is not None:
        rows = rows.filter(starts_at__year=year)
    return _with_agenda(rows)


def archive_years(today: dt.date) -> list[int]:
    """The years the archives can be filtered by, latest first: the network's life since its
    founding (or since the first meeting or resolution on record, if earlier), so a citizen can
    ask for any year and be told when nothing is on record for it."""
    founded = NetworkProfile.objects.values_list("founded_on", flat=True).first()
    first_meeting = Meeting.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
    first_resolution = Resolution.objects.order_by("year").values_list("year", flat=True).first()
    candidates = [today.year]
    if founded:
        candidates.append(founded.year)
    if first_meeting:
        candidates.append(first_meeting.year)
    if first_resolution:
        candidates.append(first_resolution)
    return list(range(today.year, min(candidates) - 1, -1))


def calendar_meetings() -> QuerySet[Meeting]:
    """Every meeting not cancelled, for the iCal feed."""
    return _with_agenda(Meeting.objects.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at", "pk"))


def term_ends(since: dt.date) -> QuerySet[Mandate]:
    """Mandates whose term ends on or after the day (the feed passes a year ago): their end dates."""
    return (
        Mandate.objects.filter(end_on__gte=since)
        # A last attestation is where the record stops, not the end of a term.
        .exclude(ended=Mandate.Ended.LAST_ATTESTED)
        .select_related("body", "person", "authority", "position")
        .order_by("end_on", "pk")
    )


def resolutions(*, body: str | None = None, year: int | None = None) -> QuerySet[Resolution]:
    rows = queries.published_resolutions()
    if body:
        rows = rows.filter(body__key=body)
    if year is not None:
        rows = rows.filter(year=year)
    return rows


def resolution_years() -> list[int]:
    return list(
        Resolution.objects.filter(published=True).order_by("-year").values_list("year", flat=True).distinct()
    )


def resolution(body: str, year: int, number: int) -> Resolution | None:
    return queries.published_resolutions().filter(Q(body__key=body), year=year, number=number).first()
