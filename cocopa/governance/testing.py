"""make_* factories for governance tests: people with logins, bodies, designations, meetings, elections.

Plain functions writing real rows directly (not through services), so that a test of a service
does not depend on the service it tests. Import them from any test:
`from cocopa.governance import testing as gt`.
"""

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from cocopa.core.testing import make_office_user as make_office_user  # re-exported: the apps build on them
from cocopa.core.testing import make_user as make_user
from cocopa.governance import queries
from cocopa.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Candidate,
    Designation,
    Election,
    Mandate,
    Meeting,
    Office,
    Person,
    Position,
)
from cocopa.members.models import LocalAuthority
from cocopa.testing import make_authority

_serial = itertools.count(1)

DAY = dt.date(2025, 3, 3)


def make_person(name: str | None = None, *, login: bool | str = False) -> Person:
    """A person; `login=True` (or a username) gives them a user account."""
    name = name or f"Person {next(_serial)}"
    user = None
    if login:
        user = make_user(login if isinstance(login, str) else None)
    return Person.objects.create(name=name, user=user)


def make_member(
    name: str | None = None, population: int | None = 10_000, *, joined: dt.date = dt.date(2000, 1, 1)
) -> LocalAuthority:
    """A member municipality in good standing since `joined`, with a population figure."""
    return make_authority(name or f"Comune {next(_serial)}", population, joined=joined)


def make_designation(
    authority: LocalAuthority,
    person: Person,
    start_on: dt.date = dt.date(2020, 1, 1),
    end_on: dt.date | None = None,
    *,
    basis: str = Designation.Basis.MAYOR,
) -> Designation:
    return Designation.objects.create(
        authority=authority, person=person, start_on=start_on, end_on=end_on, basis=basis
    )


def make_mayor(
    authority: LocalAuthority,
    person: Person | None = None,
    start_on: dt.date = dt.date(2020, 1, 1),
    *,
    designate: bool = True,
    login: bool = True,
) -> Person:
    """A mayor's office for the member and, by default, the mayor's Assembly designation."""
    person = person or make_person(login=login)
    Office.objects.create(person=person, authority=authority, kind=Office.Kind.MAYOR, start_on=start_on)
    if designate:
        make_designation(authority, person, start_on)
    return person


def make_representative(
    authority: LocalAuthority, start_on: dt.date = dt.date(2020, 1, 1), *, name: str | None = None
) -> Person:
    """A person with a login, designated to the Assembly for the member from `start_on`."""
    person = make_person(name, login=True)
    make_designation(authority, person, start_on)
    return person


def make_members_with_representatives(
    count: int, *, populations: Sequence[int | None] | None = None
) -> list[tuple[LocalAuthority, Person]]:
    """`count` members in good standing, each with a designated representative who has a login."""
    result = []
    for i in range(count):
        population = populations[i] if populations is not None else 10_000
        member = make_member(population=population)
        result.append((member, make_representative(member)))
    return result


def make_body(
    kind: str = Body.Kind.OTHER, key: str | None = None, *, term_years: int | None = None, **rules: Any
) -> Body:
    """A body; `rules` sets any rule field (notice_days, quorum_*, majority, weighting …)."""
    key = key or f"{kind}-{next(_serial)}"
    return Body.objects.create(key=key, kind=kind, name_it=key, name_en=key, term_years=term_years, **rules)


def make_position(body: Body, key: str = "member", seats: int | None = None, **fields: Any) -> Position:
    return Position.objects.create(body=body, key=key, name_it=key, name_en=key, seats=seats, **fields)


def make_assembly(**rules: Any) -> Body:
    return make_body(Body.Kind.ASSEMBLY, **rules)


def make_board(seats: int | None = 5, *, term_years: int = 3, **rules: Any) -> tuple[Body, Position]:
    """The Executive Board and its one `member` position."""
    body = make_body(Body.Kind.BOARD, term_years=term_years, **rules)
    return body, make_position(body, "member", seats)


def make_presidency(*, term_years: int | None = None) -> tuple[Body, Position, Position]:
    """The presidency with its president and vice-president positions (one seat each)."""
    body = make_body(Body.Kind.PRESIDENCY, term_years=term_years)
    president = make_position(body, "president", 1, order=0)
    vice = make_position(body, "vice-president", 1, order=1)
    return body, president, vice


def make_mandate(
    position: Position,
    person: Person | None,
    authority: LocalAuthority | None,
    start_on: dt.date | None,
    end_on: dt.date | None = None,
    *,
    began: str = Mandate.Began.ELECTION,
    **fields: Any,
) -> Mandate:
    return Mandate.objects.create(
        body=position.body,
        position=position,
        person=person,
        authority=authority,
        start_on=start_on,
        end_on=end_on,
        began=began,
        **fields,
    )


def at(day: dt.date, hour: int = 18) -> dt.datetime:
    """An aware datetime on the day, in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_meeting(
    body: Body,
    day: dt.date = DAY,
    *,
    convened_on: dt.date | None = None,
    items: Sequence[str] = ("Item",),
    register: bool = True,
) -> Meeting:
    """A convened meeting with its agenda and (by default) its register of entitled members."""
    meeting = Meeting.objects.create(
        body=body,
        starts_at=at(day),
        convened_on=convened_on or day - dt.timedelta(days=30),
        place="Sala consiliare",
    )
    for n, title in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, number=n, title=title)
    if register:
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, authority=a) for a in queries.entitled_members(meeting)
        )
    return meeting


def make_election(
    position: Position,
    candidates: Sequence[tuple[Person, LocalAuthority]] = (),
    *,
    status: str = Election.Status.OPEN,
    held_on: dt.date = DAY,
    term_start: dt.date | None = None,
    seats: int | None = None,
    **fields: Any,
) -> Election:
    """An election with its candidates (each nominated by their own member), `status` already set."""
    election = Election.objects.create(
        body=position.body,
        position=position,
        title=f"Election {next(_serial)}",
        held_on=held_on,
        term_start=term_start or held_on + dt.timedelta(days=1),
        seats=seats or position.seats or 1,
        status=status,
        **fields,
    )
    for person, authority in candidates:
        Candidate.objects.create(
            election=election, person=person, authority=authority, nominated_by=authority
        )
    return election


def candidate_ids(election: Election) -> list[int]:
    """The election's candidate ids in creation order."""
    return list(election.candidates.order_by("pk").values_list("pk", flat=True))
