"""Terms of office: whole years, ending the day before the anniversary, tiling without gaps."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cocopa.governance.terms import anniversary, days_left, term_end

starts = st.dates(min_value=date(1900, 1, 1), max_value=date(2500, 12, 31))
years = st.integers(min_value=1, max_value=12)


def _is_29_february(day: date) -> bool:
    return (day.month, day.day) == (2, 29)


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2025, 6, 1), 3, date(2028, 5, 31)),
        (date(2025, 1, 1), 1, date(2025, 12, 31)),
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 28)),
        (date(2023, 3, 1), 1, date(2024, 2, 29)),
        (date(2023, 3, 1), 3, date(2026, 2, 28)),
        (date(2024, 3, 1), 3, date(2027, 2, 28)),
        (date(2024, 2, 28), 1, date(2025, 2, 27)),
        (date(2099, 3, 1), 1, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_a_term_ends_the_day_before_its_anniversary(start, years, end):
    assert term_end(start, years) == end


@pytest.mark.parametrize(
    ("start", "years", "next_start"),
    [
        (date(2024, 2, 29), 1, date(2025, 3, 1)),
        (date(2024, 2, 29), 3, date(2027, 3, 1)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2000, 2, 29), 100, date(2100, 3, 1)),
        (date(2025, 6, 1), 3, date(2028, 6, 1)),
    ],
)
def test_the_anniversary_of_29_february_in_a_common_year_is_1_march(start, years, next_start):
    assert anniversary(start, years) == next_start


@pytest.mark.parametrize("years", [0, -1, -3])
def test_a_term_lasts_at_least_one_whole_year(years):
    with pytest.raises(ValueError, match="at least one whole year"):
        term_end(date(2025, 1, 1), years)
    with pytest.raises(ValueError, match="at least one whole year"):
        anniversary(date(2025, 1, 1), years)


def test_a_term_beyond_the_calendar_is_refused():
    with pytest.raises(ValueError, match="out of range"):
        term_end(date(9998, 6, 1), 3)


@pytest.mark.parametrize(
    ("end", "today", "left"),
    [
        (date(2028, 5, 31), date(2028, 5, 31), 0),
        (date(2028, 5, 31), date(2028, 5, 30), 1),
        (date(2028, 5, 31), date(2028, 6, 1), -1),
        (date(2028, 5, 31), date(2025, 6, 1), 1095),
    ],
)
def test_days_left_counts_to_the_last_day_and_goes_negative_after_it(end, today, left):
    assert days_left(end, today) == left


def test_chained_terms_from_29_february_drift_to_1_march():
    # Documented in terms.py: a chain follows the day the successor actually started.
    first = anniversary(date(2024, 2, 29), 1)
    assert first == date(2025, 3, 1)
    assert anniversary(first, 3) == date(2028, 3, 1)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)


@given(starts, years)
def test_the_next_term_starts_the_day_after_the_last_one_ends(start, y):
    assert term_end(start, y) + timedelta(days=1) == anniversary(start, y)


@given(starts, years, years)
def test_consecutive_terms_tile_without_gap_or_overlap(start, a, b):
    assume(not _is_29_february(start))
    assert anniversary(anniversary(start, a), b) == anniversary(start, a + b)
    assert term_end(anniversary(start, a), b) == term_end(start, a + b)


@given(starts, years, years)
def test_a_chain_of_terms_is_never_earlier_than_one_long_term_and_at_most_a_day_later(start, a, b):
    chained, direct = anniversary(anniversary(start, a), b), anniversary(start, a + b)
    assert timedelta(0) <= chained - direct <= timedelta(days=1)


@given(starts, years)
def test_a_term_lasts_its_years_in_days(start, y):
    length = (term_end(start, y) - start).days + 1
    assert 365 * y <= length <= 366 * y + 1
    # at most one 29 February every four years, plus the day 29 February's anniversary may add
    assert length - 365 * y <= y // 4 + 1


@given(starts, years)
def test_a_term_ends_on_the_same_day_of_the_year_before_the_start_or_just_before_march(start, y):
    end = term_end(start, y)
    assert end.year in (start.year + y - 1, start.year + y)
    if not _is_29_february(start):
        assert (end + timedelta(days=1)).timetuple()[1:3] == start.timetuple()[1:3]


@given(starts, years, st.dates(min_value=date(1900, 1, 1), max_value=date(2600, 1, 1)))
def test_days_left_is_zero_only_on_the_last_day(start, y, today):
    end = term_end(start, y)
    left = days_left(end, today)
    assert (left == 0) == (today == end)
    assert today + timedelta(days=left) == end
