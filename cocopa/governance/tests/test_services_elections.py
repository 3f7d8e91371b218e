import datetime as dt

import pytest

from cocopa.core.errors import Conflict, DomainError
from cocopa.core.models import AuditEvent
from cocopa.governance import ballots, services, terms
from cocopa.governance import testing as gt
from cocopa.governance.models import Ballot, Candidate, Election, Mandate, Participation

pytestmark = pytest.mark.django_db

D = dt.date
HELD_ON = D(2025, 11, 20)  # past: voting opens only from the election day (lifecycle.py)
TERM_START = D(2025, 12, 10)


@pytest.fixture
def board():
    return gt.make_board(3, term_years=3)


@pytest.fixture
def presidency():
    return gt.make_presidency()


@pytest.fixture
def voters():
    """Six members in good standing, each with a representative who has a login; joined 1990, 1991 …"""
    result = []
    for i in range(6):
        member = gt.make_member(f"Comune {i}", joined=D(1990 + i, 1, 1))
        result.append((member, gt.make_representative(member)))
    return result


@pytest.fixture
def nominated(office, board, voters):
    """An election for the board's three seats, with the first four members' representatives standing."""
    _body, seat = board
    election = services.create_election(
        seat, actor=office, title="Elezione 2027", held_on=HELD_ON, term_start=TERM_START, seats=3
    )
    candidates = [
        services.nominate(election, person, member, member, actor=office) for member, person in voters[:4]
    ]
    return election, [c.pk for c in candidates]


def cast_all(election, voters, ballots_):
    for (member, person), choices in zip(voters, ballots_, strict=False):
        services.cast_online(election, member, choices, actor=person.user)


def test_the_full_cycle_creates_the_board_and_the_presidency(office, board, presidency, voters):
    _body, seat = board
    _pbody, president, vice = presidency
    old_members = [gt.make_mandate(seat, gt.make_person(), None, D(2024, 12, 10)) for _ in range(2)]
    old_term = gt.make_mandate(
        seat, gt.make_person(), None, D(2024, 12, 10), D(2028, 1, 1), end_from_term=True
    )
    old_president = gt.make_mandate(president, gt.make_person(), None, D(2024, 12, 10))
    election = services.create_election(
        seat,
        actor=office,
        title="Elezione 2027",
        held_on=HELD_ON,
        term_start=TERM_START,
        creates_presidency=True,
        # c1 and c2 tie for first place: the presidency follows the tie rule (c1's member is older).
        tie_rule="seniority",
    )
    c1, c2, c3, c4 = (services.nominate(election, p, m, m, actor=office).pk for m, p in voters[:4])
    services.open_election(election, actor=office)

    cast_all(election, voters[:4], [[c1, c2, c3], [c1, c2, c3], [c1, c2, c4], [c1, c3]])
    in_person = services.mark_voted_in_person(election, voters[4][0], actor=office)
    services.close_election(election, actor=office)
    services.record_ballot_box(election, actor=office, ballots=1, votes={c2: 1, c4: 1})
    services.count_election(election, actor=office)

    election.refresh_from_db()
    assert election.status == Election.Status.COUNTED
    assert election.result["elected"] == [c1, c2, c3]
    assert election.result["totals"] == [[c1, 4], [c2, 4], [c3, 3], [c4, 2]]
    assert election.result["ballots"] == 5
    assert in_person.channel == Participation.Channel.IN_PERSON
    assert in_person.recorded_by == office
    online = Participation.objects.get(election=election, authority=voters[0][0])
    assert (online.channel, online.person, online.recorded_by) == ("online", voters[0][1], voters[0][1].user)
    new_board = Mandate.objects.filter(election=election, position=seat).order_by("pk")
    by_candidate = {c.pk: c for c in Candidate.objects.filter(election=election)}
    assert [m.person for m in new_board] == [by_candidate[c].person for c in (c1, c2, c3)]
    for mandate in new_board:
        assert (mandate.start_on, mandate.end_on) == (TERM_START, terms.term_end(TERM_START, 3))
        assert mandate.began == Mandate.Began.ELECTION
    for old in [*old_members, old_term, old_president]:
        old.refresh_from_db()
        assert old.end_on == TERM_START - dt.timedelta(days=1)
    assert old_term.ended == Mandate.Ended.TERM
    assert old_members[0].ended == Mandate.Ended.SUCCEEDED
    [new_president] = Mandate.objects.filter(position=president, election=election)
    [new_vice] = Mandate.objects.filter(position=vice, election=election)
    assert new_president.person == by_candidate[c1].person
    assert new_vice.person == by_candidate[c2].person
    assert new_president.start_on == TERM_START
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="governance.election")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "governance.election_created",
        "governance.election_opened",
        "governance.election_closed",
        "governance.election_counted",
    ]
    assert AuditEvent.objects.filter(verb="governance.ballot_cast").count() == 5
    assert AuditEvent.objects.filter(verb="governance.candidate_nominated").count() == 4


def test_nominations_close_when_voting_opens(office, nominated, voters):
    election, _ids = nominated
    services.open_election(election, actor=office)
    member, _person = voters[5]

    with pytest.raises(Conflict) as err:
        services.nominate(election, gt.make_person(), member, member, actor=office)

    assert err.value.code == "election_status"


def test_an_election_without_candidates_does_not_open(office, board):
    election = services.create_election(
        board[1], actor=office, title="x", held_on=HELD_ON, term_start=TERM_START
    )

    with pytest.raises(DomainError) as err:
        services.open_election(election, actor=office)

    assert err.value.code == "no_candidates"


def test_a_person_stands_once(office, nominated, voters):
    election, _ids = nominated
    member, person = voters[0]

    with pytest.raises(Conflict) as err:
        services.nominate(election, person, member, member, actor=office)

    assert err.value.code == "already_candidate"


def test_only_members_in_good_standing_nominate(office, nominated):
    election, _ids = nominated
    gone = gt.make_member("Gone", joined=D(1990, 1, 1))
    gone.memberships.update(end_on=D(2020, 1, 1), end_basis="left")

    with pytest.raises(DomainError) as err:
        services.nominate(election, gt.make_person(), gone, gone, actor=office)

    assert err.value.code == "not_in_good_standing"


@pytest.mark.parametrize(
    "status", [Election.Status.NOMINATING, Election.Status.CLOSED, Election.Status.COUNTED]
)
def test_no_ballot_unless_voting_is_open(office, board, voters, status):
    member, person = voters[0]
    election = gt.make_election(board[1], [(person, member)], status=status, held_on=HELD_ON)
    [cid] = gt.candidate_ids(election)

    with pytest.raises(Conflict) as err:
        services.cast_online(election, member, [cid], actor=person.user)
    assert err.value.code == "election_status"
    with pytest.raises(Conflict) as err:
        services.mark_voted_in_person(election, member, actor=office)
    assert err.value.code == "election_status"
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_a_counted_election_cannot_change(office, nominated, voters):
    election, ids = nominated
    services.open_election(election, actor=office)
    cast_all(election, voters, [ids[:3]] * 3)
    services.close_election(election, actor=office)
    services.count_election(election, actor=office)

    for step in (services.open_election, services.close_election, services.count_election):
        with pytest.raises(Conflict) as err:
            step(election, actor=office)
        assert err.value.code == "election_status"
    with pytest.raises(Conflict) as err:
        services.nominate(election, gt.make_person(), voters[5][0], voters[5][0], actor=office)
    assert err.value.code == "election_status"
    with pytest.raises(Conflict) as err:
        services.cast_online(election, voters[5][0], [], actor=voters[5][1].user)
    assert err.value.code == "election_status"
    assert Ballot.objects.filter(election=election).count() == 3


def test_a_member_not_in_good_standing_cannot_vote(office, nominated, voters):
    election, ids = nominated
    member, person = voters[5]
    member.memberships.update(end_on=D(2025, 1, 1), end_basis="left")
    services.open_election(election, actor=office)  # the electorate is frozen here

    with pytest.raises(DomainError) as err:
        services.cast_online(election, member, ids[:1], actor=person.user)

    assert err.value.code == "not_in_good_standing"
    assert not Participation.objects.exists()


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        (lambda ids: ids, "too_many_choices"),
        (lambda ids: [ids[0], 999_999], "unknown_candidate"),
        (lambda ids: [ids[0], ids[0]], "duplicate_choice"),
    ],
)
def test_invalid_ballots_are_refused(office, nominated, voters, choices, code):
    election, ids = nominated
    services.open_election(election, actor=office)
    member, person = voters[0]

    with pytest.raises(DomainError) as err:
        services.cast_online(election, member, choices(ids), actor=person.user)

    assert err.value.code == code
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_a_blank_ballot_counts_for_nobody(office, nominated, voters):
    election, ids = nominated
    services.open_election(election, actor=office)
    cast_all(election, voters, [[], ids[:3]])
    services.close_election(election, actor=office)
    services.count_election(election, actor=office)

    election.refresh_from_db()
    assert (election.result["ballots"], election.result["blank"]) == (2, 1)


def test_a_withdrawn_candidate_cannot_be_chosen(office, nominated, voters):
    election, ids = nominated
    Candidate.objects.filter(pk=ids[3]).update(withdrawn=True)
    services.open_election(election, actor=office)

    with pytest.raises(DomainError) as err:
        services.cast_online(election, voters[0][0], [ids[3]], actor=voters[0][1].user)

    assert err.value.code == "unknown_candidate"


def test_a_tie_at_the_cut_is_drawn_by_lot_and_can_be_recounted(office, nominated, voters):
    election, (c1, c2, c3, c4) = nominated
    services.open_election(election, actor=office)
    cast_all(election, voters, [[c1, c2, c3], [c1, c2, c4], [c1, c2]])
    services.close_election(election, actor=office)

    services.count_election(election, actor=office)

    election.refresh_from_db()
    assert election.seed is not None
    assert election.result["decided_by"] == "lot"
    assert election.result["ties_at_cut"] == [c3, c4]
    assert election.result["lot"]["seed"] == election.seed
    assert election.result["elected"][:2] == [c1, c2]
    candidates = [ballots.Candidate(cid, None) for cid in (c1, c2, c3, c4)]
    box = [list(b) for b in Ballot.objects.filter(election=election).values_list("choices", flat=True)]
    recount = ballots.count(election.rule(), candidates, box, seed=election.seed)
    assert list(recount.elected) == election.result["elected"]
    assert list(recount.lot.drawn) == election.result["lot"]["drawn"]
    elected_people = set(Mandate.objects.filter(election=election).values_list("person_id", flat=True))
    assert elected_people == set(
        Candidate.objects.filter(pk__in=election.result["elected"]).values_list("person_id", flat=True)
    )


def test_the_seniority_rule_prefers_the_older_membership(office, board, voters):
    _body, seat = board
    election = services.create_election(
        seat, actor=office, title="x", held_on=HELD_ON, term_start=TERM_START, tie_rule="seniority"
    )
    # Nominated youngest member first, so neither the id nor the order favours the older member.
    younger, older = voters[3], voters[2]
    c_young = services.nominate(election, younger[1], younger[0], younger[0], actor=office).pk
    c_old = services.nominate(election, older[1], older[0], older[0], actor=office).pk
    c1 = services.nominate(election, voters[0][1], voters[0][0], voters[0][0], actor=office).pk
    c2 = services.nominate(election, voters[1][1], voters[1][0], voters[1][0], actor=office).pk
    services.open_election(election, actor=office)
    cast_all(election, voters, [[c1, c2, c_young], [c1, c2, c_old]])
    services.close_election(election, actor=office)

    services.count_election(election, actor=office)

    election.refresh_from_db()
    assert election.result["decided_by"] == "seniority"
    assert sorted(election.result["elected"]) == sorted([c1, c2, c_old])
    assert election.result["lot"] is None


def test_an_open_election_needs_presidency_positions_to_create_a_presidency(office, board):
    with pytest.raises(DomainError) as err:
        services.create_election(
            board[1], actor=office, title="x", held_on=HELD_ON, term_start=TERM_START, creates_presidency=True
        )
    assert err.value.code == "no_presidency"


def test_a_limited_vote_needs_fewer_choices_than_seats(office, board):
    with pytest.raises(DomainError) as err:
        services.create_election(
            board[1],
            actor=office,
            title="x",
            held_on=HELD_ON,
            term_start=TERM_START,
            method="limited_vote",
            max_choices=3,
        )
    assert err.value.code == "invalid_rule"
    assert not Election.objects.exists()


def test_an_election_cannot_fill_more_seats_than_the_position_has(office, board):
    with pytest.raises(DomainError) as err:
        services.create_election(
            board[1], actor=office, title="x", held_on=HELD_ON, term_start=TERM_START, seats=4
        )

    assert err.value.code == "invalid_rule"
    assert not Election.objects.exists()
