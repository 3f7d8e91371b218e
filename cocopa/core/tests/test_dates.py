import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cocopa.core.dates import Precision, choose_date, format_partial, parse_partial


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2024", False, (dt.date(2024, 1, 1), Precision.YEAR)),
        ("2020", True, (dt.date(2020, 12, 31), Precision.YEAR)),
        ("2024-08", True, (dt.date(2024, 8, 31), Precision.MONTH)),
        ("2024-02", True, (dt.date(2024, 2, 29), Precision.MONTH)),
        ("2023-02", True, (dt.date(2023, 2, 28), Precision.MONTH)),
        ("2026-02", False, (dt.date(2026, 2, 1), Precision.MONTH)),
        ("1995-10-04", True, (dt.date(1995, 10, 4), Precision.DAY)),
    ],
)
def test_partial_dates_resolve_to_the_first_or_last_day_of_their_period(text, end, expected):
    assert parse_partial(text, end=end) == expected


@pytest.mark.parametrize("text", ["undated", "2024-13", "24", "2024-02-30", "about 2007-2011"])
def test_text_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011
        parse_partial(text)


@given(st.dates(), st.sampled_from(list(Precision)), st.booleans())
def test_a_formatted_partial_date_parses_back_to_the_same_label(day, precision, end):
    label = format_partial(day, precision)
    value, parsed_precision = parse_partial(label, end=end)
    assert (format_partial(value, parsed_precision), parsed_precision) == (label, precision)


def test_choose_date_reads_a_day_and_keeps_it_in_links(rf):
    when = choose_date(rf.get("/", {"at": "2011-09-12"}))

    assert (when.at, when.chosen, when.error, when.query) == (
        dt.date(2011, 9, 12),
        True,
        "",
        "?at=2011-09-12",
    )


@pytest.mark.parametrize("raw", ["2011-9-12", "2011-02-30", "yesterday"])
def test_choose_date_turns_a_malformed_day_into_today_with_a_message(rf, raw):
    when = choose_date(rf.get("/", {"at": raw}))

    assert (when.at, when.chosen, when.query) == (timezone.localdate(), False, "")
    assert raw in when.error
