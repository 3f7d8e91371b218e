"""The rules of a member's yearly report ("what membership gave us") on plain values.

Which year a report shows, what counts as "in the year" for things the sources date to a day, a
month or only a year, which school years a calendar year touches and which budgets make an
initiative's budget of the year. No database: `report_queries.py` applies these to the registers.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# A report before this year would be about a network that did not exist (Co.Co.Pa. was founded in
# the 1990s); a software bound so that `?year=1` is refused with a message, not a lie.
FIRST_YEAR = 1900


@dataclass(frozen=True)
class YearChoice:
    """The year a report shows: the one asked for, else the default, with the message to show
    when what was asked for could not be read."""

    year: int
    chosen: bool
    error: str = ""  # a code: "" (fine), "not_a_year" or "out_of_range"


def default_year(today: dt.date) -> int:
    """The last complete calendar year: a council reads the report of a year gone by, whose
    figures no longer move (the current year is one click away in the selector)."""
    return today.year - 1


def last_year(today: dt.date) -> int:
    """The latest year a report may show: the current one (the year so far)."""
    return today.year


def choose_year(raw: str | None, today: dt.date) -> YearChoice:
    """`?year=`: four digits between FIRST_YEAR and the current year; anything else gives the
    default year and an error code (the page says what was wrong, never a 500)."""
    text = (raw or "").strip()
    if not text:
        return YearChoice(default_year(today), chosen=False)
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return YearChoice(default_year(today), chosen=False, error="not_a_year")
    year = int(text)
    if not FIRST_YEAR <= year <= last_year(today):
        return YearChoice(default_year(today), chosen=False, error="out_of_range")
    return YearChoice(year, chosen=True)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def overlaps(year: int, first: dt.date | None, last: dt.date | None) -> bool:
    """Whether a period touches the year. A partial date is stored as the first day of its month
    or year for a start and the last day for an end, so "2024" or "2024-05" fall in 2024. A period
    known by one end only is taken at that end; with neither it is in no year."""
    low, high = first or last, last or first
    if low is None or high is None:
        return False
    start, end = year_bounds(year)
    return low <= end and high >= start


def school_years(year: int) -> tuple[int, int]:
    """The school years (stored by their first year, 1 September to 31 August) a calendar year
    overlaps: 2024 touches 2023/24 (until August) and 2024/25 (from September)."""
    return year - 1, year


@dataclass(frozen=True)
class BudgetLine:
    """A budget as the register holds it: its period, amount, currency, type (1 original, 2
    revised) and status (1 indicative, 2 committed)."""

    period_start: dt.date
    period_end: dt.date
    value: Decimal
    currency: str
    type: str = "1"
    status: str = "1"


@dataclass(frozen=True)
class YearBudget:
    """An initiative's budget of the year, per currency (amounts are never converted), and the
    budgets left out because their period runs across two calendar years (never split)."""

    totals: dict[str, Decimal]
    across_years: list[BudgetLine]

    @property
    def known(self) -> bool:
        return bool(self.totals)


def year_budget(year: int, budgets: Iterable[BudgetLine]) -> YearBudget:
    """The budgets whose period lies within the year, summed per currency; a revised budget
    (type 2) replaces the original of the same period (the IATI organisation file's rule,
    cooperation/iati_org.py). A budget running across two years touching this one is named, not
    split: nothing is estimated."""
    lines = list(budgets)
    revised = {(b.period_start, b.period_end) for b in lines if b.type == "2"}
    counted = [b for b in lines if b.type == "2" or (b.period_start, b.period_end) not in revised]
    totals: dict[str, Decimal] = {}
    across: list[BudgetLine] = []
    for budget in counted:
        if budget.period_start.year != budget.period_end.year:
            if overlaps(year, budget.period_start, budget.period_end):
                across.append(budget)
            continue
        if budget.period_start.year == year:
            totals[budget.currency] = totals.get(budget.currency, Decimal(0)) + budget.value
    return YearBudget(dict(sorted(totals.items())), across)


def sum_by_currency(amounts: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for currency, value in amounts:
        totals[currency] = totals.get(currency, Decimal(0)) + value
    return dict(sorted(totals.items()))
