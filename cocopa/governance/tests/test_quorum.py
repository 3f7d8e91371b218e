"""Quorum: exact shares of members and of population, proxies, unknown populations."""

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cocopa.governance.quorum import Presence, QuorumRule, Seat, evaluate, required

HALF = Fraction(1, 2)
P, X, A = Presence.PRESENT, Presence.PROXY, Presence.ABSENT


def seats(*presences, populations=None):
    pops = populations or [1000] * len(presences)
    return [Seat(i + 1, pop, p) for i, (p, pop) in enumerate(zip(presences, pops, strict=True))]


@pytest.mark.parametrize(
    ("entitled", "share", "strictly_more", "expected"),
    [
        (10, HALF, True, 6),
        (10, HALF, False, 5),
        (11, HALF, True, 6),
        (11, HALF, False, 6),
        (13, HALF, True, 7),
        (9, Fraction(1, 3), False, 3),
        (9, Fraction(1, 3), True, 4),
        (10, Fraction(2, 3), False, 7),
        (12, Fraction(2, 3), False, 8),
        (12, Fraction(2, 3), True, 9),
        (7, Fraction(1), False, 7),
        (1, HALF, True, 1),
        (0, HALF, True, 1),
        (0, HALF, False, 1),
        (3, Fraction(1, 1000), False, 1),
    ],
)
def test_required_is_the_smallest_count_reaching_the_share(entitled, share, strictly_more, expected):
    assert required(entitled, share, strictly_more) == expected


@pytest.mark.parametrize(
    ("share", "strictly_more"),
    [(Fraction(0), False), (Fraction(-1, 2), False), (Fraction(3, 2), False), (Fraction(1), True)],
)
def test_an_impossible_or_empty_share_is_refused_when_the_rule_is_made(share, strictly_more):
    with pytest.raises(ValueError, match="member_share"):
        QuorumRule(share, strictly_more)
    with pytest.raises(ValueError, match="population_share"):
        QuorumRule(HALF, population_share=share, population_strictly_more=strictly_more)
    with pytest.raises(ValueError, match="share"):
        required(10, share, strictly_more)


def test_required_refuses_a_negative_membership():
    with pytest.raises(ValueError, match="negative"):
        required(-1, HALF, True)


def test_more_than_half_needs_six_of_ten_present():
    rule = QuorumRule(HALF)
    assert not evaluate(rule, seats(*[P] * 5 + [A] * 5)).reached
    result = evaluate(rule, seats(*[P] * 6 + [A] * 4))
    assert (result.entitled, result.present, result.required) == (10, 6, 6)
    assert result.members_reached
    assert result.reached
    assert result.population_reached is None
    assert result.population_entitled is None
    assert result.population_present is None
    assert result.population_required is None


def test_at_least_half_is_met_by_exactly_half():
    assert evaluate(QuorumRule(HALF, strictly_more=False), seats(*[P] * 5 + [A] * 5)).reached


def test_proxies_count_as_present_unless_the_rule_says_otherwise():
    sitting = seats(P, P, X, A, A)
    assert evaluate(QuorumRule(HALF), sitting).present == 3
    assert evaluate(QuorumRule(HALF), sitting).reached
    not_counted = evaluate(QuorumRule(HALF, count_proxies=False), sitting)
    assert not_counted.present == 2
    assert not not_counted.reached


def test_nobody_entitled_means_no_quorum():
    for rule in (
        QuorumRule(HALF),
        QuorumRule(HALF, strictly_more=False),
        QuorumRule(Fraction(1), strictly_more=False),
    ):
        result = evaluate(rule, [])
        assert (result.entitled, result.present, result.required) == (0, 0, 1)
        assert not result.reached
    with_population = evaluate(QuorumRule(HALF, population_share=HALF), [])
    assert with_population.population_required == 1
    assert with_population.population_reached is False
    assert not with_population.reached


def test_a_member_with_two_seats_is_refused():
    with pytest.raises(ValueError, match="more than one seat"):
        evaluate(QuorumRule(HALF), [Seat(1, 100, P), Seat(1, 100, A)])


def test_a_negative_population_is_refused():
    with pytest.raises(ValueError, match="negative"):
        evaluate(QuorumRule(HALF), [Seat(1, -5, P)])


def test_population_must_also_be_reached_when_the_rule_asks_for_it():
    # Torino alone outweighs the small towns: members reached, population not.
    rule = QuorumRule(HALF, population_share=HALF)
    sitting = seats(A, P, P, P, populations=[850_000, 2_000, 3_000, 5_000])
    result = evaluate(rule, sitting)
    assert result.members_reached
    assert (result.population_entitled, result.population_present) == (860_000, 10_000)
    assert result.population_required == 430_000
    assert result.population_reached is False
    assert not result.reached


def test_population_reached_but_members_not_is_no_quorum():
    rule = QuorumRule(HALF, population_share=HALF)
    result = evaluate(rule, seats(P, A, A, A, populations=[850_000, 2_000, 3_000, 5_000]))
    assert result.population_reached is True
    assert not result.members_reached
    assert not result.reached


def test_population_at_least_versus_more_than_half():
    sitting = seats(P, A, populations=[500, 500])
    assert evaluate(QuorumRule(HALF, False, population_share=HALF), sitting).population_reached
    strict = QuorumRule(HALF, False, population_share=HALF, population_strictly_more=True)
    assert evaluate(strict, sitting).population_reached is False
    assert evaluate(strict, sitting).population_required == 501


def test_unknown_populations_count_zero_and_are_listed():
    rule = QuorumRule(HALF, strictly_more=False, population_share=HALF)
    sitting = [Seat(7, None, P), Seat(3, 1000, A), Seat(5, None, A), Seat(9, 3000, P)]
    result = evaluate(rule, sitting)
    assert result.unknown_population == (5, 7)
    assert (result.population_entitled, result.population_present) == (4000, 3000)
    assert result.reached


def test_unknown_populations_are_not_listed_when_the_rule_ignores_population():
    assert evaluate(QuorumRule(HALF), [Seat(1, None, P)]).unknown_population == ()


def test_exact_arithmetic_where_floats_would_round():
    # 1/3 of 3 is exactly 1: "at least a third" is met by one member, "more than" needs two.
    assert required(3, Fraction(1, 3), False) == 1
    assert required(3, Fraction(1, 3), True) == 2
    big = 10**18 + 1
    assert required(big, HALF, True) == big // 2 + 1


shares = st.fractions(min_value=Fraction(1, 50), max_value=1, max_denominator=50).filter(lambda f: f > 0)
presences = st.sampled_from(list(Presence))


@given(st.integers(min_value=0, max_value=500), shares, st.booleans())
def test_required_is_the_least_count_meeting_the_share(entitled, share, strict):
    assume(not (share == 1 and strict))

    def meets(n):
        # n / entitled against the share, cross-multiplied so no division is involved
        lhs, rhs = n * share.denominator, share.numerator * entitled
        return lhs > rhs if strict else lhs >= rhs

    n = required(entitled, share, strict)
    assert meets(n)
    assert n == 1 or not meets(n - 1)
    assert n <= max(entitled, 1)


@st.composite
def sittings(draw):
    n = draw(st.integers(min_value=0, max_value=30))
    pops = draw(st.lists(st.one_of(st.none(), st.integers(0, 1_000_000)), min_size=n, max_size=n))
    kinds = draw(st.lists(presences, min_size=n, max_size=n))
    return [Seat(i, pop, kind) for i, (pop, kind) in enumerate(zip(pops, kinds, strict=True))]


rules = st.builds(
    QuorumRule,
    member_share=shares.filter(lambda f: f < 1),
    strictly_more=st.booleans(),
    population_share=st.one_of(st.none(), shares.filter(lambda f: f < 1)),
    population_strictly_more=st.booleans(),
    count_proxies=st.booleans(),
)


@given(rules, sittings())
def test_reached_is_both_conditions(rule, sitting):
    result = evaluate(rule, sitting)
    assert result.members_reached == (result.present >= result.required)
    assert result.present <= result.entitled == len(sitting)
    if rule.population_share is None:
        assert result.reached == result.members_reached
    else:
        assert result.population_present is not None
        assert result.population_required is not None
        assert result.population_present <= (result.population_entitled or 0)
        assert result.population_reached == (result.population_present >= result.population_required)
        assert result.reached == (result.members_reached and result.population_reached)


@given(rules, sittings(), st.data())
def test_one_more_member_present_never_loses_the_quorum(rule, sitting, data):
    absent = [i for i, s in enumerate(sitting) if s.presence == Presence.ABSENT]
    assume(absent)
    i = data.draw(st.sampled_from(absent))
    arriving = [
        *sitting[:i],
        Seat(sitting[i].member, sitting[i].population, Presence.PRESENT),
        *sitting[i + 1 :],
    ]
    if evaluate(rule, sitting).reached:
        assert evaluate(rule, arriving).reached


@given(rules, sittings(), st.randoms())
def test_the_order_of_seats_does_not_matter(rule, sitting, rnd):
    shuffled = list(sitting)
    rnd.shuffle(shuffled)
    assert evaluate(rule, shuffled) == evaluate(rule, sitting)
