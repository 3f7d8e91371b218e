from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cocopa.fees.ledger import Line, open_years

D = Decimal


def test_an_unallocated_payment_pays_the_oldest_year_first():
    lines = [Line(2026, D("300")), Line(2025, D("300"))]
    assert open_years(lines, D("400")) == [(2026, D("200"))]


def test_an_overpayment_of_one_year_pays_the_next_open_one():
    lines = [Line(2024, D("100"), paid=D("150")), Line(2025, D("100"))]
    assert open_years(lines) == [(2025, D("50"))]


def test_waivers_close_a_year():
    assert open_years([Line(2025, D("100"), waived=D("40"), paid=D("60"))]) == []


amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.integers(2000, 2030), amounts, amounts), unique_by=lambda t: t[0]), amounts)
def test_what_is_open_is_the_balance_when_something_is_owed(rows, unallocated):
    lines = [Line(year, assessed, paid=paid) for year, assessed, paid in rows]
    balance = sum((line.assessed - line.paid for line in lines), D(0)) - unallocated
    still_open = sum((due for _year, due in open_years(lines, unallocated)), D(0))
    assert still_open == max(balance, D(0))
