"""The yearly report's rules on plain values: the year asked for, "in the year", school years,
the year's budget."""

import datetime as dt
from decimal import Decimal

import pytest

from cocopa.factsheet import report_rules as rules

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("raw", "year", "chosen", "error"),
    [
        ("", 2025, False, ""),
        (None, 2025, False, ""),
        ("2024", 2024, True, ""),
        (" 2026 ", 2026, True, ""),
        ("2027", 2025, False, "out_of_range"),
        ("1899", 2025, False, "out_of_range"),
        ("abc", 2025, False, "not_a_year"),
        ("24", 2025, False, "not_a_year"),
        ("2024-01", 2025, False, "not_a_year"),
        ("٢٠٢٤", 2025, False, "not_a_year"),  # Arabic-Indic digits: isdigit() but not a year typed here
    ],
)
def test_the_year_asked_for_or_the_last_complete_one(raw, year, chosen, error):
    assert rules.choose_year(raw, TODAY) == rules.YearChoice(year, chosen, error)


@pytest.mark.parametrize(
    ("first", "last", "inside"),
    [
        (dt.date(2024, 5, 1), dt.date(2024, 5, 31), True),  # "2024-05"
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), True),  # "2024"
        (dt.date(2023, 12, 31), dt.date(2024, 1, 1), True),  # across new year
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), False),
        (dt.date(2025, 1, 1), None, False),
        (dt.date(2024, 7, 1), None, True),  # known by its start only: taken at its start
        (None, dt.date(2024, 7, 1), True),
        (None, None, False),
        (dt.date(2020, 1, 1), dt.date(2030, 1, 1), True),
    ],
)
def test_in_the_year(first, last, inside):
    assert rules.overlaps(2024, first, last) is inside


def test_a_calendar_year_touches_two_school_years():
    assert rules.school_years(2024) == (2023, 2024)


def budget(start, end, value, type_="1", currency="EUR"):
    return rules.BudgetLine(start, end, Decimal(value), currency, type_)


def test_the_years_budget_with_a_revision_replacing_the_original_and_currencies_apart():
    year = rules.year_budget(
        2024,
        [
            budget(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "10000"),
            budget(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "12000", "2"),
            budget(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "500", currency="USD"),
            budget(dt.date(2025, 1, 1), dt.date(2025, 6, 30), "7000"),
            budget(dt.date(2023, 7, 1), dt.date(2024, 6, 30), "3000"),  # across two years: named
        ],
    )
    assert year.totals == {"EUR": Decimal(12000), "USD": Decimal(500)}
    assert [b.value for b in year.across_years] == [Decimal(3000)]
    assert rules.year_budget(2022, []).known is False
