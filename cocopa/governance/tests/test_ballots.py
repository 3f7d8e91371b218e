"""Board elections: valid ballots, counting, and ties across the last seat."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cocopa.governance.ballots import (
    Candidate,
    ElectionRule,
    InvalidBallot,
    Method,
    TieRule,
    check_ballot,
    count,
)

PAL, LIMITED = Method.PLURALITY_AT_LARGE, Method.LIMITED_VOTE


def candidates(*ids, since=None):
    joined = since or {}
    return [Candidate(i, joined.get(i)) for i in ids]


# --- rules and ballots -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "seats", "max_choices", "allowed"),
    [(PAL, 5, None, 5), (PAL, 5, 5, 5), (LIMITED, 5, 3, 3), (LIMITED, 2, 1, 1)],
)
def test_choices_allowed(method, seats, max_choices, allowed):
    assert ElectionRule(method, seats, max_choices).choices_allowed() == allowed


@pytest.mark.parametrize(
    ("method", "seats", "max_choices", "message"),
    [
        (PAL, 0, None, "at least one seat"),
        (PAL, 5, 3, "plurality-at-large"),
        (PAL, 5, 6, "plurality-at-large"),
        (LIMITED, 5, None, "limited vote"),
        (LIMITED, 5, 5, "limited vote"),
        (LIMITED, 5, 6, "limited vote"),
        (LIMITED, 5, 0, "limited vote"),
        (LIMITED, 1, 1, "limited vote"),
        (LIMITED, 0, None, "at least one seat"),
    ],
)
def test_inconsistent_election_rules_are_refused(method, seats, max_choices, message):
    with pytest.raises(ValueError, match=message):
        ElectionRule(method, seats, max_choices)


RULE = ElectionRule(LIMITED, 3, 2)


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ([1, 9], "unknown_candidate"),
        ([1, 1], "duplicate_choice"),
        ([1, 2, 3], "too_many_choices"),
        ([1, 1, 2], "duplicate_choice"),  # the real fault is reported, not the length
        ([9, 9, 9], "unknown_candidate"),
    ],
)
def test_invalid_ballots_carry_a_stable_code(choices, code):
    with pytest.raises(InvalidBallot) as err:
        check_ballot(RULE, {1, 2, 3, 4}, choices)
    assert err.value.code == code
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize("choices", [[], [4], [1, 2], (3, 4)])
def test_valid_ballots_pass_including_a_blank_one(choices):
    check_ballot(RULE, {1, 2, 3, 4}, choices)


def test_count_refuses_an_invalid_ballot():
    with pytest.raises(InvalidBallot) as err:
        count(RULE, candidates(1, 2, 3, 4), [[1], [1, 2, 3]])
    assert err.value.code == "too_many_choices"


def test_count_refuses_a_candidate_listed_twice():
    with pytest.raises(ValueError, match="more than once"):
        count(RULE, [Candidate(1, None), Candidate(1, None)], [])


# --- counting ----------------------------------------------------------------------------


def test_the_most_voted_are_elected_in_rank_order():
    rule = ElectionRule(PAL, 2)
    result = count(rule, candidates(1, 2, 3, 4), [[1, 2], [2, 3], [2], [3, 1], [3, 4], []])
    assert result.totals == ((2, 3), (3, 3), (1, 2), (4, 1))
    assert (result.ballots, result.blank) == (6, 1)
    assert result.elected == (2, 3)
    assert result.ties_at_cut == ()
    assert result.decided_by is None
    assert result.lot is None


def test_a_tie_above_the_cut_needs_no_draw():
    result = count(ElectionRule(PAL, 3), candidates(1, 2, 3, 4), [[1, 2, 3], [4, 2, 3], [1, 2, 3]])
    assert result.elected == (2, 3, 1)
    assert result.ties_at_cut == ()
    assert result.decided_by is None


def test_fewer_candidates_than_seats_elects_them_all_without_a_draw():
    result = count(ElectionRule(PAL, 5), candidates(3, 1, 2), [[1], [1, 2]])
    assert result.elected == (1, 2, 3)
    assert result.totals == ((1, 2), (2, 1), (3, 0))
    assert result.decided_by is None


def test_no_candidates_elects_nobody():
    result = count(ElectionRule(PAL, 3), [], [[], []])
    assert (result.elected, result.totals, result.ballots, result.blank) == ((), (), 2, 2)


def test_a_candidate_with_no_votes_fills_a_seat_left_empty():
    result = count(ElectionRule(PAL, 2), candidates(1, 2, 3), [[1]], seed=7)
    assert result.elected[0] == 1
    assert result.ties_at_cut == (2, 3)
    assert result.decided_by == "lot"


def test_a_tie_across_the_last_seat_is_drawn_by_lot_reproducibly():
    rule = ElectionRule(PAL, 2)
    field = candidates(1, 2, 3, 4)
    ballots = [[1, 2], [1, 3], [1, 4]]
    result = count(rule, field, ballots, seed=2026)
    assert result.elected[0] == 1
    assert result.ties_at_cut == (2, 3, 4)
    assert result.decided_by == "lot"
    assert result.lot is not None
    assert result.lot.seed == 2026
    assert result.lot.among == (2, 3, 4)
    assert sorted(result.lot.drawn) == [2, 3, 4]
    assert result.elected[1] == result.lot.drawn[0]
    assert count(rule, list(reversed(field)), list(reversed(ballots)), seed=2026) == result


def test_different_seeds_can_draw_different_winners():
    rule = ElectionRule(PAL, 1)
    field = candidates(*range(1, 11))
    winners = {count(rule, field, [], seed=s).elected for s in range(50)}
    assert len(winners) > 1


def test_a_needed_lot_without_a_seed_is_refused():
    with pytest.raises(ValueError, match="seed needed"):
        count(ElectionRule(PAL, 1), candidates(1, 2), [[1], [2]])


def test_no_seed_is_needed_without_a_tie_at_the_cut():
    assert count(ElectionRule(PAL, 1), candidates(1, 2), [[1], [2], [1]]).elected == (1,)


def test_seniority_elects_the_earlier_member():
    since = {2: date(1990, 5, 1), 3: date(1985, 1, 1), 4: None}
    result = count(
        ElectionRule(PAL, 2, tie=TieRule.SENIORITY),
        candidates(1, 2, 3, 4, since=since),
        [[1, 2], [1, 3], [1, 4]],
    )
    assert result.elected == (1, 3)
    assert result.ties_at_cut == (2, 3, 4)
    assert result.decided_by == "seniority"
    assert result.lot is None


def test_unknown_seniority_comes_last():
    since = {2: None, 3: date(2001, 1, 1)}
    result = count(ElectionRule(PAL, 1, tie=TieRule.SENIORITY), candidates(2, 3, since=since), [])
    assert result.elected == (3,)


def test_equal_seniority_at_the_cut_falls_back_to_a_lot_among_the_equal_only():
    same = date(1990, 1, 1)
    since = {2: date(1980, 1, 1), 3: same, 4: same, 5: date(2000, 1, 1)}
    rule = ElectionRule(PAL, 3, tie=TieRule.SENIORITY)
    field = candidates(1, 2, 3, 4, 5, since=since)
    result = count(rule, field, [[1]], seed=11)
    assert result.elected[:2] == (1, 2)
    assert result.elected[2] in (3, 4)
    assert result.ties_at_cut == (2, 3, 4, 5)
    assert result.decided_by == "lot"
    assert result.lot.among == (3, 4)
    assert result.elected[2] == result.lot.drawn[0]
    with pytest.raises(ValueError, match="seed needed"):
        count(rule, field, [[1]])


def test_equal_seniority_away_from_the_cut_needs_no_lot():
    same = date(1990, 1, 1)
    since = {2: same, 3: same, 4: date(2000, 1, 1)}
    result = count(ElectionRule(PAL, 2, tie=TieRule.SENIORITY), candidates(2, 3, 4, since=since), [])
    assert result.elected == (2, 3)
    assert result.decided_by == "seniority"


# --- limited vote protects a minority ---------------------------------------------------


def test_in_limited_vote_a_bare_majority_bloc_cannot_take_every_seat():
    # 6 of 10 voters name A, B, C; 4 name D, E, F; 5 seats, 3 names each.
    rule = ElectionRule(LIMITED, 5, 3)
    ballots = [[1, 2, 3]] * 6 + [[4, 5, 6]] * 4
    result = count(rule, candidates(*range(1, 9)), ballots, seed=1)
    assert set(result.elected[:3]) == {1, 2, 3}
    assert len(set(result.elected) & {4, 5, 6}) == 2


def test_in_limited_vote_a_large_bloc_spreading_its_votes_can_take_every_seat():
    # Not a general guarantee: 9 of 10 voters rotating 3 names over 5 candidates beat the one
    # minority voter's single vote per candidate. Callers must not promise more than this.
    rule = ElectionRule(LIMITED, 5, 3)
    rotation = [[1, 2, 3], [4, 5, 1], [2, 3, 4], [5, 1, 2], [3, 4, 5]]
    ballots = [rotation[i % 5] for i in range(9)] + [[6, 7, 8]]
    result = count(rule, candidates(*range(1, 9)), ballots)
    assert set(result.elected) == {1, 2, 3, 4, 5}


def test_with_plurality_at_large_a_bare_majority_takes_every_seat():
    rule = ElectionRule(PAL, 5)
    ballots = [[1, 2, 3, 4, 5]] * 6 + [[6, 7, 8, 9, 10]] * 4
    assert set(count(rule, candidates(*range(1, 11)), ballots).elected) == {1, 2, 3, 4, 5}


# --- properties --------------------------------------------------------------------------


@st.composite
def elections(draw):
    method = draw(st.sampled_from(list(Method)))
    seats = draw(st.integers(1 if method == PAL else 2, 7))
    max_choices = draw(st.integers(1, seats - 1)) if method == LIMITED else None
    rule = ElectionRule(method, seats, max_choices, draw(st.sampled_from(list(TieRule))))
    ids = draw(st.lists(st.integers(1, 40), unique=True, max_size=12))
    dates = st.one_of(st.none(), st.dates(date(1980, 1, 1), date(1983, 12, 31)))
    field = [Candidate(i, draw(dates)) for i in ids]
    ballot = (
        st.lists(st.sampled_from(ids), unique=True, max_size=rule.choices_allowed()) if ids else st.just([])
    )
    return rule, field, draw(st.lists(ballot, max_size=30))


seeds = st.integers(0, 2**32)


@given(elections(), seeds)
def test_the_elected_are_distinct_candidates_filling_every_seat_they_can(election, seed):
    rule, field, ballots = election
    result = count(rule, field, ballots, seed=seed)
    ids = {c.id for c in field}
    assert len(set(result.elected)) == len(result.elected) == min(rule.seats, len(field))
    assert set(result.elected) <= ids
    assert {c for c, _ in result.totals} == ids
    assert sum(v for _, v in result.totals) == sum(len(b) for b in ballots)
    assert result.blank == sum(1 for b in ballots if not b)


@given(elections(), seeds)
def test_every_elected_candidate_has_at_least_the_votes_of_every_other(election, seed):
    rule, field, ballots = election
    result = count(rule, field, ballots, seed=seed)
    votes = dict(result.totals)
    losers = [votes[c] for c in votes if c not in result.elected]
    if losers:
        assert min(votes[c] for c in result.elected) >= max(losers)
    if result.ties_at_cut:
        assert len({votes[c] for c in result.ties_at_cut}) == 1
        assert any(c not in result.elected for c in result.ties_at_cut)
        assert any(c in result.elected for c in result.ties_at_cut)
    else:
        assert result.decided_by is None
        assert result.lot is None


@given(elections(), seeds)
def test_totals_are_ranked_by_votes_then_id(election, seed):
    rule, field, ballots = election
    totals = count(rule, field, ballots, seed=seed).totals
    assert list(totals) == sorted(totals, key=lambda t: (-t[1], t[0]))


@given(elections(), seeds, st.randoms())
def test_the_result_depends_on_the_seed_not_on_the_order_of_ballots_or_candidates(election, seed, rnd):
    rule, field, ballots = election
    result = count(rule, field, ballots, seed=seed)
    assert count(rule, field, ballots, seed=seed) == result
    shuffled_ballots, shuffled_field = list(ballots), list(field)
    rnd.shuffle(shuffled_ballots)
    rnd.shuffle(shuffled_field)
    assert count(rule, shuffled_field, shuffled_ballots, seed=seed) == result


@given(elections(), seeds)
def test_seniority_never_elects_a_junior_over_a_senior_tied_at_the_cut(election, seed):
    rule, field, ballots = election
    assume(rule.tie == TieRule.SENIORITY)
    result = count(rule, field, ballots, seed=seed)
    since = {c.id: c.member_since for c in field}

    def rank(c):
        return (since[c] is None, since[c] or date.min)

    won = [rank(c) for c in result.ties_at_cut if c in result.elected]
    lost = [rank(c) for c in result.ties_at_cut if c not in result.elected]
    if won and lost:
        assert max(won) <= min(lost)
        assert (result.decided_by == "lot") == (max(won) == min(lost))
