"""The database read as an attacker would: can anyone who reads the tables say who chose what?

The attacker knows who voted (participation is not secret) and reads every table with raw SQL,
history and audit tables included, ordering each by every column and by the row's physical
place (SQLite's rowid; PostgreSQL's ctid and xmin, the id of the transaction that wrote it).
It then tries every way we know to join a voter to a ballot:

1. a pointer: any row outside the ballot table holding a ballot's key or a ballot's choices;
2. the order: the n-th ballot, in any order of the ballot table, taken as the n-th voter's, in
   any order of the participation rows, their history or the audit trail;
3. the writing transaction (PostgreSQL): a ballot whose xmin no other ballot shares, taken as
   the ballot of the voter whose participation row has that xmin.

Every voter's ballot is different, so a join is right or wrong, never ambiguous. A random order
puts k or more of 30 ballots in their voter's place with probability about 1/(e·k!); the test
calls an order a link at LINKED = 10 matches (1 in 10 million per order tried), so it fails on
a real correlation and not on luck. Transactional tests: rows are committed as in production.
"""

import itertools
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from cocopa.core.models import AuditEvent
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Ballot, Participation

pytestmark = pytest.mark.django_db(transaction=True)

ONLINE = 30
IN_PERSON = 4
LINKED = 10


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _physical() -> list[str]:
    """Where a row sits or which transaction wrote it, as the database lets anyone ask."""
    if connection.vendor == "postgresql":
        return ["ctid", "xmin::text::bigint"]
    return ["rowid"]


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _rows(
    table: str, where: str = "", params: Sequence[Any] = (), order: str | None = None
) -> list[dict[str, Any]]:
    """Every column of every row (plus the physical ones, as `_phys_<n>`), in the order asked."""
    columns = _columns(table)
    physical = _physical()
    select = [_q(c) for c in columns] + [f"{p} AS _phys_{n}" for n, p in enumerate(physical)]
    sql = f"SELECT {', '.join(select)} FROM {_q(table)}"  # noqa: S608 - names from introspection
    if where:
        sql += f" WHERE {where}"
    if order:
        sql += f" ORDER BY {order}"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        fetched = cursor.fetchall()
    names = columns + [f"_phys_{n}" for n in range(len(physical))]
    return [dict(zip(names, row, strict=True)) for row in fetched]


def _orders(table: str) -> Iterable[str]:
    """Every column and physical place, ascending and descending."""
    for key in [_q(c) for c in _columns(table)] + _physical():
        yield f"{key} ASC"
        yield f"{key} DESC"


def _choices(value: Any) -> tuple[int, ...]:
    return tuple(json.loads(value) if isinstance(value, str) else value)


@dataclass
class Box:
    election: Any
    truth: dict[int, tuple[int, ...]]  # member id -> the choices of its online ballot
    in_person: list[int]  # member ids marked as having voted in person


def _voting(in_person: bool) -> Box:
    """A secret election for three seats among eight candidates, with ONLINE different online
    ballots (and IN_PERSON members voting in person) cast one after the other."""
    _body, seat = gt.make_board(3)
    pairs = gt.make_members_with_representatives(8)
    election = gt.make_election(seat, [(p, a) for a, p in pairs], secret=True)
    ids = gt.candidate_ids(election)
    distinct = [tuple(c) for n in (1, 2, 3) for c in itertools.combinations(ids, n)][:ONLINE]
    # Handed out in a fixed random order: ballots made in sorted order would make the choices
    # themselves follow the voters' order, a link of the test's making.
    random.Random(12).shuffle(distinct)
    voters = list(pairs) + [
        (m, gt.make_representative(m)) for m in (gt.make_member() for _ in range(ONLINE - len(pairs)))
    ]
    office = gt.make_office_user()
    present = [gt.make_member() for _ in range(IN_PERSON)] if in_person else []
    truth: dict[int, tuple[int, ...]] = {}
    for n, ((member, person), choices) in enumerate(zip(voters, distinct, strict=True)):
        services.cast_online(election, member, list(choices), actor=person.user)
        truth[member.pk] = choices
        if present and n % 7 == 3:
            services.mark_voted_in_person(election, present.pop(), actor=office)
    return Box(election, truth, [p.pk for p in Participation.objects.filter(channel="in_person")])


# --- what the attacker does -------------------------------------------------------------------


def _ballot_table() -> str:
    return Ballot._meta.db_table


def _pointers(box: Box) -> list[str]:
    """Rows outside the ballot table that hold a ballot's key or its choices (2 or more names)."""
    ballots = _rows(_ballot_table(), "election_id = %s", [box.election.pk])
    keys = set()
    for row in ballots:
        text = str(row["id"])
        keys |= {text.lower(), text.replace("-", "").lower()}
    marks = {json.dumps(list(c)) for c in box.truth.values() if len(c) > 1}
    marks |= {m.replace(" ", "") for m in marks}
    found = []
    for table in connection.introspection.table_names():
        if table == _ballot_table():
            continue
        for row in _rows(table):
            for column, value in row.items():
                text = str(value).lower()
                if any(k in text for k in keys) or any(m in text for m in marks):
                    found.append(f"{table}.{column} = {value!r}")
    return found


def _voter_orders(box: Box) -> Iterable[tuple[str, list[int]]]:
    """The online voters, in every order the participation rows, their history and the audit
    trail of the casts can be read in."""
    online = set(box.truth)
    by_participation = dict(Participation.objects.values_list("pk", "authority_id"))
    sources: list[tuple[str, str, Sequence[Any], Any]] = [
        (Participation._meta.db_table, "election_id = %s", [box.election.pk], lambda r: r["authority_id"]),
        (AuditEvent._meta.db_table, "verb = %s", ["governance.ballot_cast"], None),
    ]
    history = getattr(Participation, "history", None)
    if history is not None:
        sources.append(
            (history.model._meta.db_table, "election_id = %s", [box.election.pk], lambda r: r["authority_id"])
        )
    for table, where, params, voter in sources:
        for order in _orders(table):
            seen: list[int] = []
            for row in _rows(table, where, params, order):
                member = voter(row) if voter else by_participation.get(int(row["target_id"]))
                if member in online and member not in seen:
                    seen.append(member)
            yield f"{table} by {order}", seen


def _ballot_orders(box: Box) -> Iterable[tuple[str, list[tuple[int, ...]]]]:
    for order in _orders(_ballot_table()):
        rows = _rows(_ballot_table(), "election_id = %s", [box.election.pk], order)
        yield f"{_ballot_table()} by {order}", [_choices(r["choices"]) for r in rows]


def _best_alignment(box: Box) -> tuple[int, str]:
    """The most voters any (voter order, ballot order) pair puts next to their own ballot."""
    best = (0, "")
    ballot_orders = list(_ballot_orders(box))
    for voter_name, voters in _voter_orders(box):
        for ballot_name, ballots in ballot_orders:
            hits = sum(1 for v, b in zip(voters, ballots, strict=False) if box.truth[v] == b)
            if hits > best[0]:
                best = (hits, f"{voter_name} ~ {ballot_name}")
    return best


def _joined_by_transaction(box: Box) -> list[int]:
    """PostgreSQL: voters whose participation row was written by the transaction that alone
    wrote one of the ballots, and that ballot is theirs."""
    if connection.vendor != "postgresql":
        return []
    ballots = _rows(_ballot_table(), "election_id = %s", [box.election.pk])
    by_xmin: dict[Any, list[tuple[int, ...]]] = defaultdict(list)
    for row in ballots:
        by_xmin[row["_phys_1"]].append(_choices(row["choices"]))
    linked = []
    for row in _rows(Participation._meta.db_table, "election_id = %s", [box.election.pk]):
        alone = by_xmin.get(row["_phys_1"], [])
        if len(alone) == 1 and box.truth.get(row["authority_id"]) == alone[0]:
            linked.append(row["authority_id"])
    return linked


def _attack(box: Box) -> None:
    stored = Counter(
        _choices(c) for c in Ballot.objects.filter(election=box.election).values_list("choices", flat=True)
    )
    assert stored == Counter(box.truth.values())  # the box holds exactly the online ballots

    assert _pointers(box) == []
    hits, how = _best_alignment(box)
    assert hits < LINKED, f"{hits} of {len(box.truth)} voters linked to their ballot by {how}"
    assert _joined_by_transaction(box) == []


# --- the tests --------------------------------------------------------------------------------


def test_no_voter_can_be_linked_while_voting_is_open():
    box = _voting(in_person=False)

    _attack(box)


def test_no_voter_can_be_linked_after_voting_closes():
    box = _voting(in_person=False)

    services.close_election(box.election, actor=gt.make_office_user())

    _attack(box)


def test_no_voter_can_be_linked_with_an_in_person_box():
    box = _voting(in_person=True)
    _attack(box)
    office = gt.make_office_user()
    services.close_election(box.election, actor=office)
    first = gt.candidate_ids(box.election)[0]

    services.record_ballot_box(
        box.election, actor=office, ballots=IN_PERSON, votes={first: IN_PERSON - 1}, blank=1, void=0
    )

    assert len(box.in_person) == IN_PERSON
    _attack(box)


def test_the_attacker_links_every_voter_of_a_box_written_in_voting_order(monkeypatch):
    """The attack works: against ballots appended one per cast, as before the box was mixed at
    every cast, it links all voters (and, on PostgreSQL, so does the writing transaction)."""

    def append(election_id, added=None):
        Ballot.objects.create(election_id=election_id, choices=sorted(added or []))
        return 0

    monkeypatch.setattr("cocopa.governance.secrecy.mix_box", append)

    box = _voting(in_person=False)

    assert _pointers(box) == []
    assert _best_alignment(box)[0] == ONLINE
    if connection.vendor == "postgresql":
        assert sorted(_joined_by_transaction(box)) == sorted(box.truth)
