import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocopa.fees import rules
from cocopa.fees.rules import FeeRule, Kind, ProRata

D = Decimal
COCOPA = FeeRule(Kind.PER_INHABITANT, rate=D("0.06"))

populations = st.integers(min_value=0, max_value=5_000_000)
money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=5, places=4, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=2000, max_value=2100)
pro_ratas = st.sampled_from(list(ProRata))


@st.composite
def per_inhabitant(draw: st.DrawFn) -> FeeRule:
    low = draw(st.none() | money)
    high = draw(st.none() | money)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return FeeRule(Kind.PER_INHABITANT, rate=draw(rates), minimum=low, maximum=high, pro_rata=draw(pro_ratas))


@st.composite
def joining_days(draw: st.DrawFn, year: int) -> dt.date:
    return draw(st.dates(min_value=dt.date(year, 1, 1), max_value=dt.date(year, 12, 31)))


def test_cocopa_rate_on_a_town_of_47_123_is_2827_38():
    assert rules.fee(COCOPA, year=2026, population=47_123) == D("2827.38")


def test_rounding_is_half_up_to_the_cent():
    rule = FeeRule(Kind.PER_INHABITANT, rate=D("0.0005"))
    assert rules.fee(rule, year=2026, population=10) == D("0.01")  # 0.005 → 0.01
    assert rules.fee(rule, year=2026, population=9) == D("0.00")  # 0.0045 → 0.00


def test_minimum_and_maximum_bound_the_full_year_fee():
    rule = FeeRule(Kind.PER_INHABITANT, rate=D("0.06"), minimum=D("100"), maximum=D("5000"))
    assert rules.fee(rule, year=2026, population=100) == D("100.00")
    assert rules.fee(rule, year=2026, population=10_000) == D("600.00")
    assert rules.fee(rule, year=2026, population=900_000) == D("5000.00")


def test_per_size_class_per_member_and_exempt():
    by_class = FeeRule(Kind.PER_SIZE_CLASS, class_amounts={"large": D("500"), "small": D("100")})
    assert rules.fee(by_class, year=2026, population=40_000, size_class="large") == D("500.00")
    with pytest.raises(rules.NoClassAmount):
        rules.fee(by_class, year=2026, population=7_000, size_class="medium_small")
    assert rules.fee(FeeRule(Kind.PER_MEMBER, amount=D("250")), year=2026, population=None) == D("250.00")
    assert rules.fee(FeeRule(Kind.EXEMPT), year=2026, population=None) == D("0.00")


def test_a_rule_on_population_needs_one():
    with pytest.raises(rules.NeedsPopulation):
        rules.fee(COCOPA, year=2026, population=None)


def test_pro_rata_by_months_counts_the_joining_month_in_full():
    assert rules.share_of_year(2026, dt.date(2026, 7, 31), ProRata.MONTHS) == Fraction(6, 12)
    assert rules.share_of_year(2026, dt.date(2026, 12, 1), ProRata.MONTHS) == Fraction(1, 12)


def test_pro_rata_by_days_counts_the_joining_day():
    assert rules.share_of_year(2026, dt.date(2026, 12, 31), ProRata.DAYS) == Fraction(1, 365)
    assert rules.share_of_year(2024, dt.date(2024, 7, 2), ProRata.DAYS) == Fraction(183, 366)


def test_no_pro_rata_and_members_on_1_january_owe_the_full_year():
    assert rules.share_of_year(2026, dt.date(2026, 9, 1), ProRata.NONE) == 1
    assert rules.share_of_year(2026, None, ProRata.DAYS) == 1
    assert rules.share_of_year(2026, dt.date(2026, 1, 1), ProRata.MONTHS) == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": Kind.PER_INHABITANT},
        {"kind": Kind.PER_INHABITANT, "rate": D("-0.01")},
        {"kind": Kind.PER_INHABITANT, "rate": D("0.06"), "minimum": D("10"), "maximum": D("5")},
        {"kind": Kind.PER_MEMBER},
        {"kind": Kind.PER_SIZE_CLASS},
    ],
)
def test_rules_that_make_no_sense_are_refused(kwargs):
    with pytest.raises(ValueError):  # noqa: PT011
        FeeRule(**kwargs)


def test_the_assessment_code_names_year_and_member():
    assert rules.assessment_code(2026, "001272") == "COCOPA-2026-001272"


@given(per_inhabitant(), populations, years)
def test_a_fee_is_never_negative_and_is_to_the_cent(rule, population, year):
    value = rules.fee(rule, year=year, population=population)
    assert value >= 0
    assert value == value.quantize(D("0.01"))


@given(per_inhabitant(), populations, populations, years)
def test_a_fee_grows_with_the_population(rule, a, b, year):
    small, large = sorted((a, b))
    assert rules.fee(rule, year=year, population=small) <= rules.fee(rule, year=year, population=large)


@given(per_inhabitant(), populations)
def test_the_full_year_fee_stays_within_minimum_and_maximum(rule, population):
    value = rules.fee(
        FeeRule(**{**rule.__dict__, "pro_rata": ProRata.NONE}), year=2026, population=population
    )
    if rule.minimum is not None:
        assert value >= rules.to_cent(rule.minimum)
    if rule.maximum is not None:
        assert value <= rules.to_cent(rule.maximum)


@given(per_inhabitant(), populations, st.data())
def test_pro_rata_is_never_more_than_the_full_fee(rule, population, data):
    joined = data.draw(joining_days(2024))
    part = rules.fee(rule, year=2024, population=population, joined_on=joined)
    full = rules.fee(rule, year=2024, population=population)
    assert 0 <= part <= full
