"""Migration 0005 on votes recorded before presence was frozen per vote: every recorded vote
stays valid (the new CHECK constraints hold), a member that voted but is absent in the register
now is frozen present, an open vote gets its frozen rows, and an election already open gets its
electorate."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cocopa import testing_db

BEFORE = [("governance", "0004_constraints_for_one_write_path")]
AFTER = [("governance", "0005_lifecycle_presence_per_vote_and_population_weights")]


@pytest.fixture
def empty_database(tmp_path, django_db_blocker):
    """A new, empty database as the default one for the test: migrated forward to 0004 (a dozen
    migrations), as a real installation reached it, where going back from the latest migration
    unapplied and reapplied every later one of the test database (10–12 s per database in CI)."""
    with django_db_blocker.unblock(), testing_db.empty_database_as_default(tmp_path):
        yield


def test_existing_votes_are_frozen_from_the_register(empty_database):
    executor = MigrationExecutor(connection)
    before = BEFORE
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Authority = apps.get_model("members", "LocalAuthority")
    Body = apps.get_model("governance", "Body")
    Meeting = apps.get_model("governance", "Meeting")
    Attendance = apps.get_model("governance", "Attendance")
    Motion = apps.get_model("governance", "Motion")
    RollCall = apps.get_model("governance", "RollCall")
    a = Authority.objects.create(name="A", kind="municipality")
    b = Authority.objects.create(name="B", kind="municipality")
    body = Body.objects.create(key="assemblea-m", kind="assembly", name="Assemblea")
    starts = dt.datetime(2025, 3, 20, 17, 0, tzinfo=dt.UTC)
    meeting = Meeting.objects.create(
        body=body, starts_at=starts, convened_on=dt.date(2025, 3, 1), place="Sala", status="held"
    )
    Attendance.objects.create(meeting=meeting, authority=a, presence="present")
    # B voted, and was marked absent afterwards: the finding the migration must not turn invalid.
    Attendance.objects.create(meeting=meeting, authority=b, presence="absent")
    counted = Motion.objects.create(meeting=meeting, title="Contato", status="counted", carried=True)
    RollCall.objects.create(motion=counted, authority=a, choice="for", population=100)
    RollCall.objects.create(motion=counted, authority=b, choice="for", population=200)
    still_open = Motion.objects.create(meeting=meeting, title="Aperta")
    Membership = apps.get_model("members", "Membership")
    Membership.objects.create(authority=a, start_on=dt.date(2000, 1, 1))
    Position = apps.get_model("governance", "Position")
    Election = apps.get_model("governance", "Election")
    Participation = apps.get_model("governance", "Participation")
    seat = Position.objects.create(body=body, key="member", name="Membro")
    election = Election.objects.create(
        body=body,
        position=seat,
        title="Elezione",
        held_on=dt.date(2025, 3, 20),
        term_start=dt.date(2025, 4, 1),
        seats=1,
        status="open",
    )
    # B voted although no membership of B is on record: it stays an elector.
    Participation.objects.create(election=election, authority=b, channel="in_person")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    apps = executor.loader.project_state(AFTER).apps
    Motion = apps.get_model("governance", "Motion")
    RollCall = apps.get_model("governance", "RollCall")
    assert Motion.objects.get(pk=counted.pk).opened_at == starts
    frozen = {r.authority_id: (r.presence, r.choice) for r in RollCall.objects.filter(motion_id=counted.pk)}
    assert frozen == {a.pk: ("present", "for"), b.pk: ("present", "for")}
    assert RollCall.objects.get(motion_id=counted.pk, authority_id=b.pk).population_represented == 200
    opened = {r.authority_id: r.presence for r in RollCall.objects.filter(motion_id=still_open.pk)}
    assert opened == {a.pk: "present", b.pk: "absent"}
    Elector = apps.get_model("governance", "Elector")
    assert set(Elector.objects.filter(election_id=election.pk).values_list("authority_id", flat=True)) == {
        a.pk,
        b.pk,
    }
