"""When an event takes place: partial dates, all-day and timed events in Europe/Rome (pure)."""

import datetime as dt

import pytest

from cocopa.events.dating import ROME, DatingError, resolve
from cocopa.events.models import last_day


def test_a_day_is_an_all_day_event_without_an_end():
    when = resolve("2025-11-20")
    assert (when.start_on, when.start_precision, when.end_on, when.starts_at) == (
        dt.date(2025, 11, 20),
        "day",
        None,
        None,
    )


def test_a_month_or_a_year_keeps_its_precision_and_the_end_of_a_period_is_its_last_day():
    assert (resolve("2017-05").start_on, resolve("2017-05").start_precision) == (dt.date(2017, 5, 1), "month")
    when = resolve("2005", "2007")
    assert (when.start_on, when.start_precision, when.end_on, when.end_precision) == (
        dt.date(2005, 1, 1),
        "year",
        dt.date(2007, 12, 31),
        "year",
    )


def test_an_end_equal_to_the_start_is_no_end():
    assert resolve("2025-11-20", "2025-11-20").end_on is None


def test_times_make_a_timed_event_in_rome_time():
    when = resolve("2026-07-01", "", dt.time(18, 30), dt.time(20, 0))
    assert when.starts_at == dt.datetime(2026, 7, 1, 18, 30, tzinfo=ROME)
    assert when.starts_at.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert when.ends_at == dt.datetime(2026, 7, 1, 20, 0, tzinfo=ROME)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("",), "start"),
        (("14/03/2026",), "start"),
        (("2026-03-14", "2026-03-13"), "end"),
        (("2026-03-14", "20260315"), "end"),
        (("2026-03", "", dt.time(10, 0)), "start_time"),
        (("2026-03-14", "", None, dt.time(10, 0)), "start_time"),
        (("2026-03-14", "", dt.time(10, 0), dt.time(9, 0)), "end_time"),
    ],
)
def test_each_refusal_names_its_field(args, field):
    with pytest.raises(DatingError) as err:
        resolve(*args)
    assert err.value.field == field


def test_the_last_day_of_a_partial_date():
    assert last_day(dt.date(2017, 5, 1), "month") == dt.date(2017, 5, 31)
    assert last_day(dt.date(2024, 2, 1), "month") == dt.date(2024, 2, 29)
    assert last_day(dt.date(2005, 1, 1), "year") == dt.date(2005, 12, 31)
    assert last_day(dt.date(2005, 3, 4), "day") == dt.date(2005, 3, 4)
