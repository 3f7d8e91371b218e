"""The conventions' date rules with plain values: notice for withdrawal and expiry."""

import datetime as dt

import pytest

from cocopa.members import conventions

D = dt.date


@pytest.mark.parametrize(
    ("notified", "days", "earliest"),
    [
        (D(2023, 1, 1), 120, D(2023, 5, 1)),  # 31 + 28 + 31 + 30 = 120
        (D(2024, 1, 1), 120, D(2024, 4, 30)),  # leap year: February has 29 days
        (D(2024, 2, 29), 120, D(2024, 6, 28)),
        (D(2025, 9, 2), 120, D(2025, 12, 31)),  # the last day for the end of the 2011-2025 convention
        (D(2025, 12, 1), 0, D(2025, 12, 1)),
        (D(2099, 11, 1), 120, D(2100, 3, 1)),  # 2100 is not a leap year
    ],
)
def test_the_earliest_effect_is_the_notice_day_plus_the_notice(notified, days, earliest):
    assert conventions.earliest_effective(notified, days) == earliest


def test_a_negative_notice_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        conventions.earliest_effective(D(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("notified", "effective", "ok", "short"),
    [
        (D(2025, 9, 2), D(2025, 12, 31), True, 0),  # exactly 120 days
        (D(2025, 9, 3), D(2025, 12, 31), False, 1),  # one day late
        (D(2025, 1, 1), D(2025, 12, 31), True, 0),
        (D(2024, 1, 1), D(2024, 4, 30), True, 0),  # leap year
        (D(2023, 1, 1), D(2023, 4, 30), False, 1),  # the same dates a year earlier fall short
        (D(2025, 12, 31), D(2025, 12, 31), False, 120),
    ],
)
def test_a_notice_is_long_enough_from_the_notice_period_on(notified, effective, ok, short):
    assert conventions.notice_ok(notified, effective, 120) is ok
    assert conventions.days_short(notified, effective, 120) == short


@pytest.mark.parametrize(
    ("end", "today", "days", "expiring"),
    [
        (D(2025, 12, 31), D(2025, 9, 2), 120, True),
        (D(2025, 12, 31), D(2025, 9, 1), 120, False),  # 121 days away
        (D(2025, 12, 31), D(2025, 12, 31), 0, True),  # its last day
        (D(2025, 12, 31), D(2026, 1, 1), 120, False),  # already expired
        (None, D(2025, 12, 1), 10_000, False),  # open-ended
        (D(2024, 2, 29), D(2024, 1, 30), 30, True),  # leap day
        (D(2024, 3, 1), D(2024, 1, 30), 30, False),
    ],
)
def test_a_convention_is_expiring_within_the_days_up_to_its_last_day(end, today, days, expiring):
    assert conventions.expiring(end, today, days) is expiring


def test_a_convention_has_expired_from_the_day_after_its_last():
    assert not conventions.expired(D(2025, 12, 31), D(2025, 12, 31))
    assert conventions.expired(D(2025, 12, 31), D(2026, 1, 1))
    assert not conventions.expired(None, D(2100, 1, 1))
