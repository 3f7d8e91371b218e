"""A secret ballot cannot be joined to its voter: not by a column, a history row, the audit trail
or the order the ballots are stored in."""

import itertools
import json
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from cocopa.core.models import AuditEvent
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Ballot, Participation, Person
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db

VOTERS = 30


def test_no_ballot_column_references_a_voter_member_user_or_time():
    columns = {f.name: f for f in Ballot._meta.get_fields() if f.concrete}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)

    assert set(columns) == {"id", "election", "choices", "authority"}
    for field in columns.values():
        assert not isinstance(field, models.DateField | models.TimeField | models.DurationField)
        assert not (field.is_relation and field.related_model in (Person, user_model, Participation))
        assert not isinstance(field, models.AutoField | models.BigAutoField)
    # The member is only kept for open (non-secret) elections; services leave it empty otherwise.
    assert columns["authority"].null
    assert isinstance(columns["id"], models.UUIDField)
    assert not [f for f in Ballot._meta.get_fields() if not f.concrete]


def test_ballots_have_no_history_table():
    assert not hasattr(Ballot, "history")
    labels = {m._meta.label_lower for m in apps.get_models()}
    assert "governance.historicalballot" not in labels
    assert not [t for t in connection.introspection.table_names() if "historicalballot" in t]


def _storage_order(election) -> list[tuple[str, list[int]]]:
    """The ballots as stored: SQLite's rowid order, PostgreSQL's physical (ctid) order."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, choices FROM {Ballot._meta.db_table} WHERE election_id = %s ORDER BY {order}",  # noqa: S608
            [election.pk],
        )
        rows = cursor.fetchall()
    return [(str(pk), json.loads(c) if isinstance(c, str) else list(c)) for pk, c in rows]


@pytest.fixture
def secret_box():
    """A secret election with 30 ballots cast, every one different, in participation order."""
    _body, seat = gt.make_board(3)
    pairs = gt.make_members_with_representatives(8)
    election = gt.make_election(seat, [(p, a) for a, p in pairs], secret=True)
    ids = gt.candidate_ids(election)
    distinct = [list(c) for n in (1, 2, 3) for c in itertools.combinations(ids, n)][:VOTERS]
    voters = [(a, p) for a, p in pairs] + [
        (m, gt.make_representative(m)) for m in (gt.make_member() for _ in range(VOTERS - len(pairs)))
    ]
    for (member, person), choices in zip(voters, distinct, strict=True):
        services.cast_online(election, member, choices, actor=person.user)
    return election, distinct


def test_a_secret_ballot_holds_no_member(secret_box):
    election, _cast = secret_box

    assert not Ballot.objects.filter(election=election, authority__isnull=False).exists()
    assert Participation.objects.filter(election=election).count() == VOTERS


def test_the_audit_event_of_a_cast_holds_no_choice_or_ballot(secret_box):
    election, _cast = secret_box
    ballot_ids = {str(pk) for pk in Ballot.objects.filter(election=election).values_list("pk", flat=True)}

    events = AuditEvent.objects.filter(verb="governance.ballot_cast")

    assert events.count() == VOTERS
    for event in events:
        assert event.target_type == Participation._meta.label
        assert set(event.data) == {"channel"}
        assert event.target_id not in ballot_ids
        assert not ({str(v) for v in event.data.values()} & ballot_ids)


def test_every_cast_renews_every_key_of_the_box():
    _body, seat = gt.make_board(3)
    pairs = gt.make_members_with_representatives(3)
    election = gt.make_election(seat, [(p, a) for a, p in pairs], secret=True)
    ids = gt.candidate_ids(election)
    (m1, p1), (m2, p2), (m3, p3) = pairs
    services.cast_online(election, m1, [ids[0]], actor=p1.user)
    services.cast_online(election, m2, [ids[1]], actor=p2.user)
    before = {pk for pk, _c in _storage_order(election)}

    services.cast_online(election, m3, [ids[2]], actor=p3.user)

    after = _storage_order(election)
    assert len(after) == 3
    assert not before & {pk for pk, _c in after}


def test_closing_shuffles_the_box_and_renews_every_key(secret_box):
    election, cast = secret_box
    before = _storage_order(election)
    # Mixed at every cast: not stored in the order they were cast (1 in 30! by chance).
    assert [choices for _pk, choices in before] != cast

    services.close_election(election, actor=gt.make_office_user())

    after = _storage_order(election)
    assert not {pk for pk, _c in before} & {pk for pk, _c in after}
    assert Counter(tuple(c) for _pk, c in after) == Counter(tuple(c) for c in cast)
    assert [c for _pk, c in after] != cast
    assert [c for _pk, c in sorted(after)] != cast


def test_an_open_election_ballot_holds_the_member():
    _body, seat = gt.make_board(3)
    member, person = gt.make_members_with_representatives(1)[0]
    election = gt.make_election(seat, [(person, member)], secret=False)

    services.cast_online(election, member, gt.candidate_ids(election), actor=person.user)
    services.close_election(election, actor=gt.make_office_user())

    ballot = Ballot.objects.get(election=election)
    assert ballot.authority == member
    assert isinstance(ballot.authority, LocalAuthority)


def test_participation_records_who_voted_and_when_but_not_what():
    fields = {f.name for f in Participation._meta.get_fields() if f.concrete}

    assert "choices" not in fields
    assert not any(f.is_relation and f.related_model is Ballot for f in Participation._meta.get_fields())


def test_migration_0006_mixes_the_boxes_of_open_secret_elections_written_in_voting_order():
    import importlib

    migration = importlib.import_module(
        "cocopa.governance.migrations.0006_secret_box_mixed_and_in_person_box"
    )
    _body, seat = gt.make_board(3)
    election = gt.make_election(seat, secret=True)
    counted = gt.make_election(seat, secret=True, status="counted")
    cast = [[n] for n in range(1, VOTERS + 1)]
    for choices in cast:  # as the old code wrote them: one row per cast, in voting order
        Ballot.objects.create(election=election, choices=choices)
        Ballot.objects.create(election=counted, choices=choices)
    before = {pk for pk, _c in _storage_order(election)}

    migration.mix_open_secret_boxes(apps, None)

    after = _storage_order(election)
    assert not before & {pk for pk, _c in after}
    assert sorted(c for _pk, c in after) == cast
    assert [c for _pk, c in after] != cast
    assert [c for _pk, c in _storage_order(counted)] == cast  # a counted box is left as it was
