"""The conventions' date rules, pure: notice for withdrawal and expiry (members/README.md).

Art. 4 of the 2011-2025 convention (S44): a withdrawal is notified to the Ufficio di Presidenza
at least 120 days before it takes effect. "At least N days before" counts calendar days from the
day the notice arrived to the day the withdrawal takes effect, so notice on day D allows D + N.
"""

import datetime as dt


def earliest_effective(notified_on: dt.date, notice_days: int) -> dt.date:
    """The first day a withdrawal notified on `notified_on` may take effect."""
    if notice_days < 0:
        raise ValueError("notice_days cannot be negative")
    return notified_on + dt.timedelta(days=notice_days)


def notice_ok(notified_on: dt.date, effective_on: dt.date, notice_days: int) -> bool:
    """True when the notice reached the office at least `notice_days` days before the effect."""
    return effective_on >= earliest_effective(notified_on, notice_days)


def days_short(notified_on: dt.date, effective_on: dt.date, notice_days: int) -> int:
    """How many days of notice are missing (0 when the notice is long enough)."""
    return max(0, (earliest_effective(notified_on, notice_days) - effective_on).days)


def expiring(end_on: dt.date | None, today: dt.date, days: int) -> bool:
    """True when a convention ending on `end_on` expires between today and `days` days from now
    (both included). An open-ended convention never expires; one already over is not *expiring*."""
    if end_on is None:
        return False
    return today <= end_on <= today + dt.timedelta(days=days)


def expired(end_on: dt.date | None, today: dt.date) -> bool:
    """True when the convention's last day is before today."""
    return end_on is not None and end_on < today


def succeeded(end_on: dt.date | None, later_starts: "list[dt.date]") -> bool:
    """True when a convention ending on `end_on` is renewed: another of its kind starts by the
    day after (no gap), so its expiry is nothing for the office to act on."""
    if end_on is None:
        return False
    return any(end_on < start <= end_on + dt.timedelta(days=1) for start in later_starts)
