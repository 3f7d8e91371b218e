"""One ballot per member holds when many attempts arrive at once.

The simultaneous test needs PostgreSQL: SQLite serialises writers (one write transaction at a
time), so it would not exercise the race at all. Under CI=true the PostgreSQL run executes it.
"""

import threading
from unittest import mock

import pytest
from django.db import connection, connections

from cocopa.core.errors import Conflict
from cocopa.core.models import AuditEvent
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Ballot, Participation

ATTEMPTS = 50


def _election_with_one_voter():
    _body, seat = gt.make_board(3)
    member, person = gt.make_members_with_representatives(1)[0]
    election = gt.make_election(seat, [(person, member)])
    return election, member, person, gt.candidate_ids(election)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("channel", ["in_person", "online"])
def test_fifty_simultaneous_ballots_for_one_member_count_once(channel):
    election, member, person, choices = _election_with_one_voter()
    office = gt.make_office_user()
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait(timeout=30)
            if channel == "online":
                services.cast_online(election, member, choices, actor=person.user)
            else:
                services.mark_voted_in_person(election, member, actor=office)
            result = "counted"
        except Conflict as err:
            result = err.code
        except Exception as err:  # a crash must fail the test, not vanish in a thread
            result = f"{type(err).__name__}: {err}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["already_voted"] * (ATTEMPTS - 1) + ["counted"]
    assert Participation.objects.filter(election=election).count() == 1
    # A secret in-person vote leaves no ballot row: its paper is counted with the whole box.
    assert Ballot.objects.filter(election=election).count() == (1 if channel == "online" else 0)


@pytest.mark.django_db
def test_a_second_ballot_for_the_same_member_is_refused():
    election, member, person, choices = _election_with_one_voter()
    office = gt.make_office_user()
    services.cast_online(election, member, choices, actor=person.user)

    with pytest.raises(Conflict) as err:
        services.mark_voted_in_person(election, member, actor=office)

    assert err.value.code == "already_voted"
    assert Participation.objects.filter(election=election).count() == 1
    assert list(Ballot.objects.filter(election=election).values_list("choices", flat=True)) == [choices]


@pytest.mark.django_db
def test_a_second_open_ballot_for_the_same_member_is_refused():
    _body, seat = gt.make_board(3)
    member, person = gt.make_members_with_representatives(1)[0]
    election = gt.make_election(seat, [(person, member)], secret=False)
    services.cast_online(election, member, gt.candidate_ids(election), actor=person.user)

    with pytest.raises(Conflict) as err:
        services.cast_online(election, member, [], actor=person.user)

    assert err.value.code == "already_voted"
    assert Ballot.objects.filter(election=election).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_a_ballot_being_cast_while_voting_closes_is_in_the_shuffled_box_or_refused():
    """Closing waits for a ballot already past the status check; no ballot lands after the close."""
    election, member, person, choices = _election_with_one_voter()
    office = gt.make_office_user()
    inside = threading.Event()
    release = threading.Event()
    real_create = Participation.objects.create

    def slow_create(**kwargs):
        inside.set()
        release.wait(timeout=10)
        return real_create(**kwargs)

    errors: list[BaseException] = []

    def run(fn) -> None:
        try:
            fn()
        except BaseException as err:  # reported by the assertion below
            errors.append(err)
        finally:
            connections.close_all()

    with mock.patch.object(Participation.objects, "create", side_effect=slow_create):
        caster = threading.Thread(
            target=run, args=(lambda: services.cast_online(election, member, choices, actor=person.user),)
        )
        caster.start()
        assert inside.wait(timeout=10)
        closer = threading.Thread(target=run, args=(lambda: services.close_election(election, actor=office),))
        closer.start()
        closer.join(timeout=1)
        release.set()
        caster.join(timeout=10)
        closer.join(timeout=10)

    assert errors == []
    closed = AuditEvent.objects.get(verb="governance.election_closed")
    assert closed.data["ballots"] == Ballot.objects.filter(election=election).count() == 1
    assert Participation.objects.filter(election=election).count() == 1
