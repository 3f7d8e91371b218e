"""Who may do what in governance, as a truth table over the rules in cocopa.governance.permissions."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocopa.core.errors import Forbidden
from cocopa.core.models import AuditEvent
from cocopa.core.roles import rule_allows
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Ballot, Participation

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "public", "representative_a", "representative_b", "office", "superuser"]
ACTIONS = ["manage", "record_in_person", "cast_online_for_a", "announce_for_a", "see_convocation"]

#                     manage  in person  cast for A  announce A  convocation
EXPECTED = {
    "anonymous":        (False, False,     False,      False,      False),
    "public":           (False, False,     False,      False,      False),
    "representative_a": (False, False,     True,       True,       True),
    "representative_b": (False, False,     False,      False,      False),
    "office":           (True,  True,      False,      False,      True),
    "superuser":        (True,  True,      False,      False,      True),
}  # fmt: skip


@pytest.fixture
def world():
    """Members A and B with their representatives; a board meeting A (not B) is convened to; an election."""
    a, rep_a = gt.make_members_with_representatives(1)[0]
    b, rep_b = gt.make_members_with_representatives(1)[0]
    _body, seat = gt.make_board(5)
    gt.make_mandate(seat, gt.make_person(), a, dt.date(2020, 1, 1))
    meeting = gt.make_meeting(seat.body, timezone.localdate() + dt.timedelta(days=20))
    election = gt.make_election(seat, [(rep_a, a)])
    users = {
        "anonymous": AnonymousUser(),
        "public": gt.make_user(),
        "representative_a": rep_a.user,
        "representative_b": rep_b.user,
        "office": gt.make_office_user(),
        "superuser": gt.make_user(superuser=True),
    }
    return {"a": a, "b": b, "meeting": meeting, "election": election, "users": users}


def allowed(world, user, action):
    a, meeting, election = world["a"], world["meeting"], world["election"]
    checks = {
        "manage": lambda: user.has_perm("governance.manage_governance"),
        "record_in_person": lambda: user.has_perm("governance.record_in_person_ballot", election),
        "cast_online_for_a": lambda: rule_allows(user, "governance.cast_online_ballot", a),
        "announce_for_a": lambda: rule_allows(user, "governance.announce_attendance", a),
        "see_convocation": lambda: user.has_perm("governance.view_convocation", meeting),
    }
    return checks[action]()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_truth_table(world, role, action):
    expected = EXPECTED[role][ACTIONS.index(action)]

    assert allowed(world, world["users"][role], action) is expected


def test_the_meeting_convenes_a_and_not_b(world):
    convened = set(world["meeting"].attendances.values_list("authority_id", flat=True))
    assert convened == {world["a"].pk}


def test_an_inactive_representative_may_do_nothing(world):
    user = world["users"]["representative_a"]
    user.is_active = False
    user.save()

    assert not any(allowed(world, user, action) for action in ACTIONS)


def test_a_representative_whose_designation_ended_may_no_longer_vote(world):
    user = world["users"]["representative_a"]
    user.person.designations.update(end_on=timezone.localdate() - dt.timedelta(days=1))

    assert not allowed(world, user, "cast_online_for_a")
    assert not allowed(world, user, "see_convocation")


@pytest.mark.parametrize("role", ["office", "superuser", "representative_b", "anonymous"])
def test_only_the_representative_casts_online_for_a(world, role):
    election, a = world["election"], world["a"]

    with pytest.raises(Forbidden) as err:
        services.cast_online(election, a, gt.candidate_ids(election), actor=world["users"][role])

    assert err.value.code == "forbidden"
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", ["representative_a", "public", "anonymous"])
def test_only_the_office_records_in_person_ballots(world, role):
    election, a = world["election"], world["a"]

    with pytest.raises(Forbidden):
        services.mark_voted_in_person(election, a, actor=world["users"][role])

    assert not Participation.objects.exists()


def test_the_representative_of_a_casts_for_a(world):
    election, a = world["election"], world["a"]

    services.cast_online(election, a, gt.candidate_ids(election), actor=world["users"]["representative_a"])

    assert Participation.objects.get().authority == a


@pytest.mark.parametrize("role", ["office", "representative_b"])
def test_only_the_representative_announces_attendance_for_a(world, role):
    with pytest.raises(Forbidden):
        services.announce_attendance(world["meeting"], world["a"], True, actor=world["users"][role])

    assert not world["meeting"].attendances.filter(announced__isnull=False).exists()


def test_the_representative_announces_attendance_for_a(world):
    services.announce_attendance(world["meeting"], world["a"], True, actor=world["users"]["representative_a"])

    assert world["meeting"].attendances.get(authority=world["a"]).announced is True
