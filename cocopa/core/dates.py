"""Dates as sources give them: a day, a month or only a year.

A partial date is stored as a real date plus its precision, so queries stay plain date
comparisons. Which day stands for a partial date depends on what the date bounds: the start
of a period resolves to the first day the source allows, the end to the last one, so a member
is counted for the whole period a source names (see members/README.md).
"""

import calendar
import datetime as dt
import re
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial(text: str, *, end: bool = False) -> tuple[dt.date, Precision]:
    """'2024' → (2024-01-01, YEAR); with end=True → (2024-12-31, YEAR). Raises ValueError."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month, day = match.groups()
    y = int(year)
    if day:
        return dt.date(y, int(month), int(day)), Precision.DAY
    if month:
        m = int(month)
        last = calendar.monthrange(y, m)[1]
        return dt.date(y, m, last if end else 1), Precision.MONTH
    return (dt.date(y, 12, 31) if end else dt.date(y, 1, 1)), Precision.YEAR


def format_partial(value: dt.date | None, precision: str) -> str:
    """ISO text at the precision the source gave: 2024, 2024-08 or 2024-08-21."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
