"""The in-person box of a secret election: members marked as having voted, never their choices;
the box counted as a whole after voting closes, checked against the register, added to the count."""

import pytest
from django.urls import reverse

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import ballots, services
from cocopa.governance import testing as gt
from cocopa.governance.ballot_box import BoxCount, InvalidBox, check_box
from cocopa.governance.models import Ballot, BallotBox, BallotBoxCount, Election, Participation

# --- the rule, on plain values ----------------------------------------------------------------

THREE_SEATS = ballots.ElectionRule(ballots.Method.PLURALITY_AT_LARGE, seats=3)
ONE_SEAT = ballots.ElectionRule(ballots.Method.PLURALITY_AT_LARGE, seats=1)
CANDIDATES = {11, 12, 13, 14}


@pytest.mark.parametrize(
    ("rule", "voters", "box"),
    [
        (ONE_SEAT, 5, BoxCount(ballots=5, blank=1, void=1, votes={11: 2, 12: 1})),
        (ONE_SEAT, 0, BoxCount(ballots=0)),
        (THREE_SEATS, 4, BoxCount(ballots=4, blank=1, votes={11: 3, 12: 3, 13: 3})),  # 3 names each
        (THREE_SEATS, 4, BoxCount(ballots=4, votes={11: 4})),  # one name each
        (THREE_SEATS, 2, BoxCount(ballots=2, void=2)),
    ],
)
def test_a_box_that_fits_the_register_and_the_rule_is_accepted(rule, voters, box):
    check_box(rule, CANDIDATES, voters, box)


@pytest.mark.parametrize(
    ("rule", "voters", "box", "code"),
    [
        (ONE_SEAT, 5, BoxCount(ballots=5, blank=-1, votes={11: 6}), "negative_count"),
        (ONE_SEAT, 1, BoxCount(ballots=1, votes={99: 1}), "unknown_candidate"),
        (ONE_SEAT, 5, BoxCount(ballots=4, votes={11: 4}), "box_not_register"),
        (ONE_SEAT, 5, BoxCount(ballots=6, votes={11: 6}), "box_not_register"),
        (ONE_SEAT, 3, BoxCount(ballots=3, blank=2, void=2), "blank_void_over_ballots"),
        (THREE_SEATS, 3, BoxCount(ballots=3, votes={11: 4, 12: 1}), "candidate_over_ballots"),
        (ONE_SEAT, 3, BoxCount(ballots=3, votes={11: 2}), "votes_do_not_add_up"),  # a paper unaccounted
        (ONE_SEAT, 3, BoxCount(ballots=3, votes={11: 2, 12: 2}), "votes_do_not_add_up"),  # two names
        (THREE_SEATS, 2, BoxCount(ballots=2, votes={11: 2, 12: 2, 13: 2, 14: 1}), "votes_do_not_add_up"),
    ],
)
def test_a_box_that_does_not_fit_is_refused_with_the_first_failure(rule, voters, box, code):
    with pytest.raises(InvalidBox) as err:
        check_box(rule, CANDIDATES, voters, box)

    assert err.value.code == code


def test_the_count_adds_the_box_to_the_online_ballots():
    candidates = [ballots.Candidate(c, None) for c in (1, 2, 3)]
    online = [[1], [2], []]
    box = BoxCount(ballots=4, blank=1, void=1, votes={2: 2})

    result = ballots.count(ONE_SEAT, candidates, online, seed=1, box=box)

    assert result.totals == ((2, 3), (1, 1), (3, 0))
    assert (result.ballots, result.blank) == (6, 2)  # void papers are not ballots
    assert result.elected == (2,)


def test_the_count_refuses_a_box_voting_for_a_non_candidate():
    with pytest.raises(ValueError, match="not a candidate"):
        ballots.count(ONE_SEAT, [ballots.Candidate(1, None)], [], box=BoxCount(ballots=1, votes={9: 1}))


# --- the services ---------------------------------------------------------------------------


@pytest.fixture
def secret(db):
    """A secret election for one seat between two candidates, voting open, four more members."""
    _body, seat = gt.make_board(1)
    pairs = gt.make_members_with_representatives(2)
    election = gt.make_election(seat, [(p, a) for a, p in pairs], secret=True)
    return election, gt.candidate_ids(election), [gt.make_member() for _ in range(4)]


def test_in_a_secret_election_the_office_cannot_enter_a_members_choices(secret, peace_office_user):
    election, (c1, _c2), members = secret

    with pytest.raises(DomainError) as err:
        services.record_in_person(election, members[0], [c1], actor=peace_office_user)

    assert err.value.code == "secret_ballot"
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_an_in_person_secret_vote_marks_who_voted_and_writes_no_ballot(secret, peace_office_user):
    election, _ids, members = secret

    participation = services.mark_voted_in_person(election, members[0], actor=peace_office_user)

    assert (participation.channel, participation.recorded_by) == ("in_person", peace_office_user)
    assert not Ballot.objects.exists()
    event = AuditEvent.objects.get(verb="governance.ballot_cast")
    assert (event.target_id, event.data) == (str(participation.pk), {"channel": "in_person"})
    with pytest.raises(Conflict) as err:
        services.mark_voted_in_person(election, members[0], actor=peace_office_user)
    assert err.value.code == "already_voted"


def test_an_open_election_records_in_person_choices_and_has_no_box(peace_office_user, db):
    _body, seat = gt.make_board(1)
    [(member, person)] = gt.make_members_with_representatives(1)
    election = gt.make_election(seat, [(person, member)], secret=False)
    [cid] = gt.candidate_ids(election)

    with pytest.raises(DomainError) as err:
        services.mark_voted_in_person(election, member, actor=peace_office_user)
    assert err.value.code == "open_ballot"
    services.record_in_person(election, member, [cid], actor=peace_office_user)
    services.close_election(election, actor=peace_office_user)

    assert Ballot.objects.get(election=election).authority == member
    with pytest.raises(Forbidden):  # the right is only for secret elections
        services.record_ballot_box(election, actor=peace_office_user, ballots=0, votes={})


def test_not_even_a_superuser_enters_a_box_for_an_open_election(superuser_user, db):
    _body, seat = gt.make_board(1)
    election = gt.make_election(seat, secret=False, status=Election.Status.CLOSED)

    with pytest.raises(DomainError) as err:
        services.record_ballot_box(election, actor=superuser_user, ballots=0, votes={})

    assert err.value.code == "open_ballot"


def _marked_and_closed(secret, office, voters=3):
    election, ids, members = secret
    for member in members[:voters]:
        services.mark_voted_in_person(election, member, actor=office)
    services.close_election(election, actor=office)
    return election, ids


def test_the_box_is_entered_after_closing_checked_against_the_register_and_counted(secret, peace_office_user):
    election, _ids, members = secret
    services.mark_voted_in_person(election, members[0], actor=peace_office_user)
    with pytest.raises(Conflict) as early:
        services.record_ballot_box(election, actor=peace_office_user, ballots=1, votes={})
    assert early.value.code == "election_status"
    for member in members[1:3]:
        services.mark_voted_in_person(election, member, actor=peace_office_user)
    services.close_election(election, actor=peace_office_user)
    c1, c2 = gt.candidate_ids(election)

    with pytest.raises(DomainError) as err:
        services.record_ballot_box(election, actor=peace_office_user, ballots=2, votes={c1: 2})
    assert err.value.code == "box_not_register"
    assert "3" in err.value.message
    assert not BallotBox.objects.exists()

    box = services.record_ballot_box(election, actor=peace_office_user, ballots=3, blank=1, votes={c2: 2})

    assert (box.ballots, box.blank, box.void) == (3, 1, 0)
    assert dict(BallotBoxCount.objects.filter(box=box).values_list("candidate_id", "votes")) == {c1: 0, c2: 2}
    event = AuditEvent.objects.get(verb="governance.ballot_box_recorded")
    assert event.data == {
        "ballots": 3,
        "blank": 1,
        "void": 0,
        "votes": {str(c1): 0, str(c2): 2},
        "corrected": False,
    }
    services.count_election(election, actor=peace_office_user)
    election.refresh_from_db()
    assert election.result["totals"] == [[c2, 2], [c1, 0]]
    assert (election.result["ballots"], election.result["blank"]) == (3, 1)
    with pytest.raises(Conflict):
        services.record_ballot_box(election, actor=peace_office_user, ballots=3, votes={c1: 3})


def test_a_box_can_be_corrected_until_the_count(secret, peace_office_user):
    election, (c1, c2) = _marked_and_closed(secret, peace_office_user)
    services.record_ballot_box(election, actor=peace_office_user, ballots=3, votes={c1: 3})

    services.record_ballot_box(election, actor=peace_office_user, ballots=3, void=1, votes={c1: 1, c2: 1})

    box = BallotBox.objects.get()
    assert (box.ballots, box.void) == (3, 1)
    assert dict(box.counts.values_list("candidate_id", "votes")) == {c1: 1, c2: 1}
    assert [
        e.data["corrected"] for e in AuditEvent.objects.filter(verb="governance.ballot_box_recorded")
    ] in (
        [True, False],
        [False, True],
    )


def test_an_election_with_in_person_voters_is_not_counted_without_their_box(secret, peace_office_user):
    election, _ids = _marked_and_closed(secret, peace_office_user)

    with pytest.raises(DomainError) as err:
        services.count_election(election, actor=peace_office_user)

    assert err.value.code == "ballot_box_missing"
    election.refresh_from_db()
    assert election.status == Election.Status.CLOSED


@pytest.mark.parametrize("role", ["representative_user", "board_member_user", "administrative_office_user"])
def test_only_the_peace_office_marks_in_person_votes_and_enters_the_box(secret, role, request):
    election, (c1, _c2), members = secret
    user = request.getfixturevalue(role)

    with pytest.raises(Forbidden):
        services.mark_voted_in_person(election, members[0], actor=user)
    Election.objects.filter(pk=election.pk).update(status=Election.Status.CLOSED)
    with pytest.raises(Forbidden):
        services.record_ballot_box(election, actor=user, ballots=0, votes={})
    assert not user.has_perm("governance.record_ballot_box", election)
    assert not Participation.objects.exists()
    assert not BallotBox.objects.exists()


def test_the_right_to_enter_a_box_is_the_peace_office_s_for_secret_elections(secret, peace_office_user):
    election, _ids, _members = secret
    open_one = gt.make_election(election.position, secret=False)

    assert peace_office_user.has_perm("governance.record_ballot_box")
    assert peace_office_user.has_perm("governance.record_ballot_box", election)
    assert not peace_office_user.has_perm("governance.record_ballot_box", open_one)


# --- the office's pages ---------------------------------------------------------------------


def test_the_clerk_enters_the_box_on_its_page(secret, peace_office_user, client):
    election, (c1, c2) = _marked_and_closed(secret, peace_office_user)
    client.force_login(peace_office_user)
    url = reverse("office:ballot-box", args=[election.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert b'data-voters="3"' in page.content
    assert f'name="candidate_{c1}"'.encode() in page.content

    wrong = client.post(
        url, {"ballots": 2, "blank": 0, "void": 0, f"candidate_{c1}": 2, f"candidate_{c2}": 0}
    )
    assert wrong.status_code == 400
    assert b'data-error-code="box_not_register"' in wrong.content
    bad = client.post(url, {"ballots": "x", "blank": 0, "void": 0})
    assert bad.status_code == 400
    assert b'data-field-error="ballots"' in bad.content
    assert not BallotBox.objects.exists()

    done = client.post(url, {"ballots": 3, "blank": 0, "void": 1, f"candidate_{c1}": 1, f"candidate_{c2}": 1})
    assert done.status_code == 302
    assert BallotBox.objects.get().void == 1
    detail = client.get(reverse("office:election-detail", args=[election.pk]))
    assert b'id="ballot-box"' in detail.content
    assert url.encode() in detail.content


def test_the_election_page_asks_only_who_voted_in_person_in_a_secret_election(
    secret, peace_office_user, client
):
    election, _ids, members = secret
    client.force_login(peace_office_user)

    page = client.get(reverse("office:election-detail", args=[election.pk]))
    posted = client.post(
        reverse("office:record-in-person", args=[election.pk]),
        {"authority": members[0].pk, "choices": gt.candidate_ids(election)[:1]},
    )

    assert b'id="in-person-form"' in page.content
    assert b'name="choices"' not in page.content
    assert posted.status_code == 302
    assert Participation.objects.get().channel == "in_person"
    assert not Ballot.objects.exists()


def test_the_box_page_is_the_peace_office_s_only(secret, representative_user, client, peace_office_user):
    election, _ids, _members = secret
    url = reverse("office:ballot-box", args=[election.pk])
    client.force_login(representative_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"ballots": 0, "blank": 0, "void": 0}).status_code == 403

    client.force_login(peace_office_user)
    open_one = gt.make_election(election.position, secret=False)
    assert client.get(reverse("office:ballot-box", args=[open_one.pk])).status_code == 403
    while_open = client.get(url)
    assert while_open.status_code == 200
    assert b'id="box-not-yet"' in while_open.content
    assert b'id="ballot-box-form"' not in while_open.content
