"""Counting votes: majorities, weightings, abstentions and ties, as plain values."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cocopa.governance.tally import (
    Abstentions,
    Choice,
    Majority,
    TieBreak,
    Vote,
    VoteRule,
    Weighting,
    tally,
)

F, AG, AB, AS = Choice.FOR, Choice.AGAINST, Choice.ABSTAIN, Choice.ABSENT
SIMPLE = VoteRule()
CAA = Abstentions.COUNT_AS_AGAINST


def votes(*choices, populations=None):
    pops = populations or [1000] * len(choices)
    return [Vote(i + 1, pop, c) for i, (c, pop) in enumerate(zip(choices, pops, strict=True))]


def rows(for_=0, against=0, abstain=0, absent=0):
    return votes(*[F] * for_, *[AG] * against, *[AB] * abstain, *[AS] * absent)


# --- SIMPLE ------------------------------------------------------------------------------


def test_simple_majority_is_more_for_than_against():
    outcome = tally(SIMPLE, rows(for_=3, against=2, abstain=4, absent=5))
    assert outcome.carried
    assert not outcome.tie
    assert outcome.tie_broken_by is None
    m = outcome.members
    assert (m.for_, m.against, m.abstain, m.absent, m.base, m.required) == (3, 2, 4, 5, 5, 3)
    assert outcome.population is None


def test_simple_majority_fails_with_fewer_for_than_against():
    assert not tally(SIMPLE, rows(for_=2, against=3)).carried


def test_abstentions_counted_as_against_can_defeat_a_simple_majority():
    ballot = rows(for_=3, against=2, abstain=2)
    assert tally(SIMPLE, ballot).carried
    outcome = tally(VoteRule(abstentions=CAA), ballot)
    assert not outcome.carried
    assert (outcome.members.base, outcome.members.required) == (7, 4)


def test_a_simple_tie_is_rejected_by_default():
    outcome = tally(SIMPLE, rows(for_=2, against=2, abstain=1))
    assert not outcome.carried
    assert outcome.tie
    assert outcome.members.tie
    assert outcome.tie_broken_by == "rule:rejected"


def test_a_tie_with_abstentions_counted_as_against():
    outcome = tally(VoteRule(abstentions=CAA), rows(for_=3, against=2, abstain=1))
    assert outcome.tie
    assert outcome.tie_broken_by == "rule:rejected"


@pytest.mark.parametrize(
    ("chair_choice", "carried", "by"), [(F, True, "chair:for"), (AG, False, "chair:against")]
)
def test_the_chair_s_own_vote_breaks_a_tie(chair_choice, carried, by):
    ballot = [
        Vote(1, 10, chair_choice),
        Vote(2, 10, F),
        Vote(3, 10, AG),
        Vote(4, 10, F if chair_choice == AG else AG),
    ]
    outcome = tally(VoteRule(tie=TieBreak.CHAIR), ballot, chair=1)
    assert (outcome.carried, outcome.tie, outcome.tie_broken_by) == (carried, True, by)


def test_the_chair_tie_break_needs_a_chair():
    with pytest.raises(ValueError, match="no chair"):
        tally(VoteRule(tie=TieBreak.CHAIR), rows(for_=1, against=1))


@pytest.mark.parametrize("chair_choice", [AB, AS])
def test_the_chair_tie_break_needs_the_chair_to_have_voted_for_or_against(chair_choice):
    ballot = [Vote(1, 10, chair_choice), Vote(2, 10, F), Vote(3, 10, AG)]
    with pytest.raises(ValueError, match="chair did not vote"):
        tally(VoteRule(tie=TieBreak.CHAIR), ballot, chair=1)


def test_a_chair_who_is_not_a_voter_cannot_break_a_tie():
    with pytest.raises(ValueError, match="chair did not vote"):
        tally(VoteRule(tie=TieBreak.CHAIR), rows(for_=1, against=1), chair=99)


def test_without_a_tie_the_chair_is_not_needed():
    assert tally(VoteRule(tie=TieBreak.CHAIR), rows(for_=2, against=1)).carried


@pytest.mark.parametrize("majority", list(Majority))
def test_nothing_cast_carries_nothing_and_is_no_tie(majority):
    nobody: list[Vote] = []
    for ballot in (nobody, rows(abstain=3, absent=2)):
        outcome = tally(VoteRule(majority=majority, tie=TieBreak.CHAIR), ballot)
        assert not outcome.carried
        assert not outcome.tie


# --- ABSOLUTE ----------------------------------------------------------------------------


def test_absolute_majority_is_more_than_half_of_all_entitled():
    rule = VoteRule(majority=Majority.ABSOLUTE)
    outcome = tally(rule, rows(for_=5, against=1, abstain=1, absent=3))
    assert (outcome.members.base, outcome.members.required) == (10, 6)
    assert not outcome.carried
    assert tally(rule, rows(for_=6, against=0, abstain=1, absent=3)).carried


def test_half_of_all_entitled_is_not_an_absolute_majority_and_not_a_tie():
    outcome = tally(VoteRule(majority=Majority.ABSOLUTE, tie=TieBreak.CHAIR), rows(for_=5, against=5))
    assert not outcome.carried
    assert not outcome.tie
    assert outcome.tie_broken_by is None


def test_abstention_rule_does_not_change_an_absolute_majority():
    ballot = rows(for_=4, against=1, abstain=2)
    for abstentions in Abstentions:
        assert tally(VoteRule(Majority.ABSOLUTE, abstentions=abstentions), ballot).carried


# --- TWO_THIRDS --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("for_", "against", "carried"),
    [(2, 1, True), (4, 2, True), (5, 3, False), (7, 3, True), (6, 4, False), (1, 0, True), (0, 0, False)],
)
def test_two_thirds_of_votes_cast(for_, against, carried):
    outcome = tally(VoteRule(majority=Majority.TWO_THIRDS), rows(for_, against, abstain=3, absent=2))
    assert outcome.carried is carried
    assert not outcome.tie


def test_two_thirds_counts_abstentions_when_they_count_as_against():
    ballot = rows(for_=4, against=1, abstain=2)
    assert tally(VoteRule(Majority.TWO_THIRDS), ballot).carried
    outcome = tally(VoteRule(Majority.TWO_THIRDS, abstentions=CAA), ballot)
    assert not outcome.carried
    assert (outcome.members.base, outcome.members.required) == (7, 5)


# --- UNANIMITY ---------------------------------------------------------------------------


def test_unanimity_allows_abstentions_and_absences_unless_abstentions_count():
    ballot = rows(for_=4, abstain=1, absent=2)
    assert tally(VoteRule(Majority.UNANIMITY), ballot).carried
    assert not tally(VoteRule(Majority.UNANIMITY, abstentions=CAA), ballot).carried


def test_unanimity_fails_on_one_vote_against():
    assert not tally(VoteRule(Majority.UNANIMITY), rows(for_=20, against=1)).carried


# --- POPULATION and DOUBLE -----------------------------------------------------------------

TORINO_AGAINST = votes(AG, F, F, F, populations=[850_000, 2_000, 3_000, 5_000])


def test_population_weighting_counts_inhabitants():
    outcome = tally(VoteRule(weighting=Weighting.POPULATION), TORINO_AGAINST)
    assert not outcome.carried
    assert outcome.members is None
    assert (outcome.population.for_, outcome.population.against) == (10_000, 850_000)


def test_double_majority_needs_both_counts():
    outcome = tally(VoteRule(weighting=Weighting.DOUBLE), TORINO_AGAINST)
    assert outcome.members.carried
    assert not outcome.population.carried
    assert not outcome.carried
    assert not outcome.tie


def test_double_majority_tie_in_one_count_with_the_other_lost_is_not_a_tie_break():
    # members 2-2 (tie), population against wins: the tie does not matter.
    ballot = votes(F, F, AG, AG, populations=[10, 10, 100, 100])
    outcome = tally(VoteRule(weighting=Weighting.DOUBLE, tie=TieBreak.CHAIR), ballot, chair=1)
    assert outcome.members.tie
    assert not outcome.population.carried
    assert not outcome.carried
    assert not outcome.tie
    assert outcome.tie_broken_by is None


def test_double_majority_tie_in_one_count_with_the_other_carried_goes_to_the_tie_rule():
    ballot = votes(F, F, AG, AG, populations=[100, 100, 10, 10])
    rejected = tally(VoteRule(weighting=Weighting.DOUBLE), ballot)
    assert rejected.members.tie
    assert rejected.population.carried
    assert (rejected.carried, rejected.tie, rejected.tie_broken_by) == (False, True, "rule:rejected")
    chaired = tally(VoteRule(weighting=Weighting.DOUBLE, tie=TieBreak.CHAIR), ballot, chair=1)
    assert (chaired.carried, chaired.tie_broken_by) == (True, "chair:for")
    chaired = tally(VoteRule(weighting=Weighting.DOUBLE, tie=TieBreak.CHAIR), ballot, chair=3)
    assert (chaired.carried, chaired.tie_broken_by) == (False, "chair:against")


def test_double_majority_tied_in_both_counts_goes_to_the_tie_rule():
    ballot = votes(F, AG, populations=[500, 500])
    outcome = tally(VoteRule(weighting=Weighting.DOUBLE, tie=TieBreak.CHAIR), ballot, chair=2)
    assert outcome.members.tie
    assert outcome.population.tie
    assert (outcome.carried, outcome.tie_broken_by) == (False, "chair:against")


def test_zero_population_votes_weigh_nothing():
    ballot = votes(F, AG, populations=[0, 5])
    assert not tally(VoteRule(weighting=Weighting.POPULATION), ballot).carried
    nothing = tally(VoteRule(weighting=Weighting.POPULATION), votes(F, populations=[0]))
    assert not nothing.carried
    assert not nothing.tie


# --- input errors ------------------------------------------------------------------------


def test_a_member_voting_twice_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        tally(SIMPLE, [Vote(1, 10, F), Vote(1, 10, AG)])


def test_a_negative_population_is_refused():
    with pytest.raises(ValueError, match="negative"):
        tally(SIMPLE, [Vote(1, -1, F)])


# --- properties --------------------------------------------------------------------------

choices = st.sampled_from(list(Choice))
rules = st.builds(
    VoteRule,
    majority=st.sampled_from(list(Majority)),
    weighting=st.sampled_from(list(Weighting)),
    abstentions=st.sampled_from(list(Abstentions)),
    tie=st.just(TieBreak.REJECTED),
)


@st.composite
def ballots(draw, min_size=0):
    cs = draw(st.lists(choices, min_size=min_size, max_size=25))
    pops = draw(st.lists(st.integers(0, 1_000_000), min_size=len(cs), max_size=len(cs)))
    return [Vote(i, p, c) for i, (c, p) in enumerate(zip(cs, pops, strict=True))]


def _chaired(rule, ballot, data):
    """A CHAIR variant of the rule, with a chair who voted for or against (if anyone did)."""
    voters = [v.member for v in ballot if v.choice in (F, AG)]
    if not voters:
        return rule, None
    chair = data.draw(st.sampled_from(voters))
    return VoteRule(rule.majority, rule.weighting, rule.abstentions, TieBreak.CHAIR), chair


def _replace(ballot, i, choice):
    return [*ballot[:i], Vote(ballot[i].member, ballot[i].population, choice), *ballot[i + 1 :]]


@given(rules, ballots(), st.data(), st.booleans())
def test_turning_a_vote_against_into_for_never_loses_the_motion(rule, ballot, data, chaired):
    against = [i for i, v in enumerate(ballot) if v.choice == AG]
    assume(against)
    chair = None
    if chaired:
        rule, chair = _chaired(rule, ballot, data)
    i = data.draw(st.sampled_from(against))
    if tally(rule, ballot, chair).carried:
        assert tally(rule, _replace(ballot, i, F), chair).carried


@given(rules, ballots(), st.data())
def test_a_carried_count_always_meets_its_required_for_votes(rule, ballot, data):
    outcome = tally(rule, ballot)
    for count in (outcome.members, outcome.population):
        if count is not None:
            assert count.carried == (count.for_ >= count.required)
            assert not (count.carried and count.tie)
            assert count.required >= 1


@given(ballots(), st.sampled_from(list(Weighting)))
def test_swapping_for_and_against_flips_a_simple_majority_unless_tied(ballot, weighting):
    rule = VoteRule(weighting=weighting)
    swap = {F: AG, AG: F, AB: AB, AS: AS}
    mirrored = [Vote(v.member, v.population, swap[v.choice]) for v in ballot]
    outcome, flipped = tally(rule, ballot), tally(rule, mirrored)
    for count, mirror in ((outcome.members, flipped.members), (outcome.population, flipped.population)):
        assert (count is None) == (mirror is None)
        if count is not None:
            assert count.tie == mirror.tie
    counts = [c for c in (outcome.members, outcome.population) if c is not None]
    if weighting == Weighting.DOUBLE:
        # both sides can fail at once (each wins one count), but never both carry
        assert not (outcome.carried and flipped.carried)
    elif not outcome.tie and all(c.base > 0 for c in counts):
        assert flipped.carried == (not outcome.carried)
    else:
        assert not outcome.carried
        assert not flipped.carried


@given(ballots(), st.sampled_from(list(Weighting)), st.sampled_from(list(Abstentions)))
def test_unanimity_implies_two_thirds_implies_simple_majority(ballot, weighting, abstentions):
    def carried(majority):
        return tally(VoteRule(majority, weighting, abstentions), ballot).carried

    if carried(Majority.UNANIMITY):
        assert carried(Majority.TWO_THIRDS)
    if carried(Majority.TWO_THIRDS):
        assert carried(Majority.SIMPLE)


@given(
    ballots(), st.sampled_from(list(Majority)), st.sampled_from(list(Abstentions)), st.data(), st.booleans()
)
def test_double_carries_exactly_when_members_and_population_both_carry(
    ballot, majority, abstentions, data, chaired
):
    rule, chair = VoteRule(majority, Weighting.MEMBERS, abstentions), None
    if chaired:
        rule, chair = _chaired(rule, ballot, data)

    def carried(weighting):
        return tally(VoteRule(rule.majority, weighting, rule.abstentions, rule.tie), ballot, chair).carried

    both = carried(Weighting.MEMBERS) and carried(Weighting.POPULATION)
    assert carried(Weighting.DOUBLE) == both


@given(st.lists(choices, max_size=25), st.integers(1, 1_000_000), rules)
def test_equal_populations_make_population_agree_with_members(cs, population, rule):
    ballot = [Vote(i, population, c) for i, c in enumerate(cs)]
    by_members = tally(VoteRule(rule.majority, Weighting.MEMBERS, rule.abstentions), ballot)
    by_population = tally(VoteRule(rule.majority, Weighting.POPULATION, rule.abstentions), ballot)
    assert (by_members.carried, by_members.tie) == (by_population.carried, by_population.tie)
    m, p = by_members.members, by_population.population
    assert (p.for_, p.against, p.base) == (m.for_ * population, m.against * population, m.base * population)


@given(rules, ballots(), st.randoms())
def test_the_order_of_votes_does_not_matter(rule, ballot, rnd):
    shuffled = list(ballot)
    rnd.shuffle(shuffled)
    assert tally(rule, shuffled) == tally(rule, ballot)


@given(rules, ballots())
def test_absent_rows_only_matter_for_an_absolute_majority(rule, ballot):
    present = [v for v in ballot if v.choice != AS]
    if rule.majority != Majority.ABSOLUTE:
        assert tally(rule, present).carried == tally(rule, ballot).carried
    else:
        # staying away can only hurt an absolute majority
        assert tally(rule, present).carried or not tally(rule, ballot).carried
