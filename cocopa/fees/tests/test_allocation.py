from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cocopa.fees.allocation import spread

D = Decimal


def test_a_payment_pays_the_oldest_year_first():
    assert spread(D("400"), [(2025, D("300")), (2026, D("300"))]) == [(2025, D("300")), (2026, D("100"))]


def test_the_quoted_assessment_is_paid_first_and_the_excess_the_oldest_open_year():
    assert spread(D("150"), [(2024, D("100")), (2025, D("100"))], first=2025) == [
        (2025, D("100")),
        (2024, D("50")),
    ]


def test_what_nothing_is_open_for_stays_unallocated():
    assert spread(D("50"), [(2025, D("0"))]) == []


amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.integers(2000, 2030), amounts), unique_by=lambda t: t[0]), amounts)
def test_never_more_than_the_sum_nor_than_is_due(rows, amount):
    parts = spread(amount, rows)
    due = dict(rows)
    assert sum((p for _k, p in parts), D(0)) == min(amount, sum(due.values(), D(0)))
    assert all(D(0) < p <= due[k] for k, p in parts)
