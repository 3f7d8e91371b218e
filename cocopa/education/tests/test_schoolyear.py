"""School years: 1 September to 31 August, written 2024/25."""

import datetime as dt

import pytest

from cocopa.education import schoolyear
from cocopa.education.schoolyear import SchoolYear


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2024, 9, 1), "2024/25"),
        (dt.date(2025, 8, 31), "2024/25"),
        (dt.date(2025, 9, 1), "2025/26"),
        (dt.date(2025, 1, 15), "2024/25"),
        (dt.date(1999, 12, 31), "1999/00"),
    ],
)
def test_a_day_falls_in_the_school_year_that_started_on_the_last_first_of_september(day, label):
    assert schoolyear.of(day).label == label


def test_a_school_year_runs_from_the_first_of_september_to_the_last_of_august():
    year = SchoolYear(2024)
    assert (year.starts_on, year.ends_on) == (dt.date(2024, 9, 1), dt.date(2025, 8, 31))


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2024/25", 2024),
        ("2024/2025", 2024),
        ("2024-25", 2024),
        (" 2024 / 25 ", 2024),
        ("2024", 2024),
        ("1999/00", 1999),
    ],
)
def test_school_years_are_read_as_people_write_them(text, start):
    assert schoolyear.parse(text).start == start


@pytest.mark.parametrize("text", ["2024/26", "2024/2026", "24/25", "2024/5", "", "anno", "1800/01"])
def test_what_is_not_a_school_year_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 — the message is the caller's to translate
        schoolyear.parse(text)


def test_school_years_order_by_their_first_year():
    assert sorted([SchoolYear(2025), SchoolYear(2023)]) == [SchoolYear(2023), SchoolYear(2025)]
    assert schoolyear.label(2009) == "2009/10"
