"""Reads of the events register: what the public sees, when and where, and the office's list."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from cocopa.core.dates import Precision
from cocopa.events.models import Event, EventKind
from cocopa.members.models import LocalAuthority

RELATED = ("kind", "field_of_action", "place_authority")


def public() -> QuerySet[Event]:
    events: QuerySet[Event] = Event.objects.public()
    return events.select_related(*RELATED)


def upcoming(today: dt.date | None = None) -> QuerySet[Event]:
    """Public events not over yet (their last possible day today or later), soonest first."""
    today = today or timezone.localdate()
    return public().filter(last_on__gte=today).order_by("start_on", "starts_at", "pk")


def past(today: dt.date | None = None) -> QuerySet[Event]:
    """Public events over, latest first."""
    today = today or timezone.localdate()
    return public().filter(last_on__lt=today).order_by("-start_on", "-starts_at", "-pk")


@dataclass(frozen=True)
class Filters:
    """The API's and the downloads' filters; each None when not asked."""

    start: dt.date | None = None  # events not over before this day
    end: dt.date | None = None  # events begun by this day
    member: LocalAuthority | None = None
    country: str | None = None
    kind: EventKind | None = None


def filtered(filters: Filters) -> QuerySet[Event]:
    events = public()
    if filters.start is not None:
        events = events.filter(last_on__gte=filters.start)
    if filters.end is not None:
        events = events.filter(start_on__lte=filters.end)
    if filters.member is not None:
        events = events.filter(
            Q(organisers=filters.member) | Q(participants=filters.member) | Q(place_authority=filters.member)
        )
    if filters.country:
        code = filters.country.upper()[:2]
        # Codes are stored comma-separated, two letters each: "IT" can only match a whole code.
        events = events.filter(Q(country=code) | Q(countries__contains=code))
    if filters.kind is not None:
        events = events.filter(kind=filters.kind)
    return events.distinct().order_by("start_on", "starts_at", "pk")


def with_links(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.prefetch_related("organisers", "participants", "initiatives", "documents", "sources")


def for_member(member: LocalAuthority) -> QuerySet[Event]:
    return filtered(Filters(member=member))


def for_country(code: str) -> QuerySet[Event]:
    return filtered(Filters(country=code))


@dataclass
class Day:
    day: dt.date
    in_month: bool
    events: list[Event] = field(default_factory=list)


@dataclass
class Month:
    """A month of the calendar: weeks of days with the events dated to the day on them, and the
    events the sources date only to this month (no day to put them on)."""

    first: dt.date
    weeks: list[list[Day]]
    undated_days: list[Event]
    # The nearest months before and after this one that have a public event, so a reader of an
    # empty month (today's, when the record is of past years) is one click from the record.
    earlier: dt.date | None = None
    later: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.undated_days and not any(day.events for week in self.weeks for day in week)

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)


def month(year: int, number: int) -> Month:
    first = dt.date(year, number, 1)
    last = first.replace(day=calendar.monthrange(year, number)[1])
    events = list(
        public().filter(start_on__lte=last, last_on__gte=first).order_by("start_on", "starts_at", "pk")
    )
    weeks: list[list[Day]] = []
    by_day: dict[dt.date, Day] = {}
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
        row = [Day(d, d.month == number) for d in week]
        by_day.update({d.day: d for d in row})
        weeks.append(row)
    undated_days = []
    for event in events:
        if not event.on_a_day:
            if event.start_precision == Precision.MONTH and event.start_on == first:
                undated_days.append(event)
            continue
        day = max(event.start_on, first)
        while day <= min(event.last_on, last):
            by_day[day].events.append(event)
            day += dt.timedelta(days=1)
    earlier = (
        public().filter(start_on__lt=first).order_by("-start_on").values_list("start_on", flat=True).first()
    )
    later = public().filter(start_on__gt=last).order_by("start_on").values_list("start_on", flat=True).first()
    return Month(
        first,
        weeks,
        undated_days,
        earlier=earlier.replace(day=1) if earlier else None,
        later=later.replace(day=1) if later else None,
    )


def office_events() -> QuerySet[Event]:
    """Every event for the office, the latest first, drafts included."""
    return Event.objects.select_related("kind").order_by("-start_on", "-pk")
