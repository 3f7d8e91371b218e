"""A motion's secret paper ballot counted as a whole box: the rule on plain values."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocopa.governance import tally
from cocopa.governance.paper_count import InvalidCount, PaperCount, check_count, outcome, rule_refusal

SIMPLE = tally.VoteRule()
ABSOLUTE = tally.VoteRule(majority=tally.Majority.ABSOLUTE)


def test_a_box_of_more_for_than_against_carries_a_simple_majority():
    result = outcome(SIMPLE, PaperCount(in_favour=5, against=3, abstain=2), entitled=12, voters=10)
    assert result.carried
    assert result.members is not None
    assert (result.members.for_, result.members.against, result.members.abstain) == (5, 3, 2)
    assert result.members.absent == 2
    assert result.population is None


def test_present_members_without_a_paper_count_as_absent_for_an_absolute_majority():
    # 6 of 12 is not more than half of the members, whatever the 4 present without a paper did.
    result = outcome(ABSOLUTE, PaperCount(in_favour=6, against=0, abstain=0), entitled=12, voters=10)
    assert not result.carried
    assert result.members is not None
    assert result.members.absent == 6


def test_a_tie_rejects_under_the_rejecting_rule():
    result = outcome(SIMPLE, PaperCount(in_favour=3, against=3, abstain=1), entitled=7, voters=7)
    assert (result.carried, result.tie, result.tie_broken_by) == (False, True, "rule:rejected")


@pytest.mark.parametrize(
    ("count", "code", "field"),
    [
        (PaperCount(in_favour=-1, against=0, abstain=0), "negative_count", "in_favour"),
        (PaperCount(in_favour=0, against=0, abstain=-2), "negative_count", "abstain"),
        (PaperCount(in_favour=0, against=5, abstain=0), "count_over_voters", "against"),
        (PaperCount(in_favour=2, against=2, abstain=1), "papers_over_voters", None),
    ],
)
def test_a_count_that_does_not_fit_is_refused_naming_the_field(count, code, field):
    with pytest.raises(InvalidCount) as err:
        check_count(count, voters=4)
    assert (err.value.code, err.value.field) == (code, field)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        (tally.VoteRule(weighting=tally.Weighting.POPULATION), "secret_needs_member_count"),
        (tally.VoteRule(weighting=tally.Weighting.DOUBLE), "secret_needs_member_count"),
        (tally.VoteRule(tie=tally.TieBreak.CHAIR), "secret_tie_needs_chair"),
        (SIMPLE, None),
        (
            tally.VoteRule(
                majority=tally.Majority.TWO_THIRDS, abstentions=tally.Abstentions.COUNT_AS_AGAINST
            ),
            None,
        ),
    ],
)
def test_a_rule_that_needs_to_know_who_voted_what_is_refused_for_a_secret_count(rule, code):
    assert rule_refusal(rule) == code
    if code:
        with pytest.raises(ValueError, match=code):
            outcome(rule, PaperCount(1, 0, 0), entitled=1, voters=1)


RULES = st.builds(
    tally.VoteRule,
    majority=st.sampled_from(tally.Majority),
    weighting=st.just(tally.Weighting.MEMBERS),
    abstentions=st.sampled_from(tally.Abstentions),
    tie=st.just(tally.TieBreak.REJECTED),
)


@given(
    rule=RULES,
    choices=st.lists(st.sampled_from(tally.Choice), max_size=40),
    absent_extra=st.integers(0, 10),
)
def test_a_box_gives_the_same_outcome_as_the_same_votes_by_roll_call(rule, choices, absent_extra):
    """Secrecy changes who is known, never the result: the box's outcome is the roll-call's."""
    roll_call = [tally.Vote(member=n, population=0, choice=c) for n, c in enumerate(choices)]
    count = PaperCount(
        in_favour=choices.count(tally.Choice.FOR),
        against=choices.count(tally.Choice.AGAINST),
        abstain=choices.count(tally.Choice.ABSTAIN),
    )
    voters = len(choices)  # every row could have voted; absent ones put no paper in
    entitled = voters + absent_extra
    roll_call += [
        tally.Vote(member=-n, population=0, choice=tally.Choice.ABSENT) for n in range(1, absent_extra + 1)
    ]
    assert outcome(rule, count, entitled=entitled, voters=voters) == tally.tally(rule, roll_call)


@given(
    in_favour=st.integers(-3, 20),
    against=st.integers(-3, 20),
    abstain=st.integers(-3, 20),
    voters=st.integers(0, 20),
)
def test_a_count_is_accepted_exactly_when_it_fits_who_could_vote(in_favour, against, abstain, voters):
    count = PaperCount(in_favour, against, abstain)
    fits = min(in_favour, against, abstain) >= 0 and count.papers <= voters
    try:
        check_count(count, voters=voters)
    except InvalidCount:
        assert not fits
    else:
        assert fits
