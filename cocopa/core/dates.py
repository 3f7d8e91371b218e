"""Dates as sources give them: a day, a month or only a year.

A partial date is stored as a real date plus its precision, so queries stay plain date
comparisons. Which day stands for a partial date depends on what the date bounds: the start
of a period resolves to the first day the source allows, the end to the last one, so a member
is counted for the whole period a source names (see members/README.md).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


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


def written_partial(value: dt.date | None, precision: str) -> str:
    """For people, at the precision the source gave, in the active language: 2011, agosto 2024,
    4 ottobre 1995 (format_partial stays the machine form for APIs and exports)."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


# --- The day a page shows: ?at= ------------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DateChoice:
    """The day a page shows the network on: `?at=YYYY-MM-DD`, or today."""

    at: dt.date
    chosen: bool
    error: str = ""

    @property
    def query(self) -> str:
        """What internal links append to keep the visitor on the chosen day."""
        return f"?at={self.at.isoformat()}" if self.chosen else ""


def choose_date(request: HttpRequest) -> DateChoice:
    """Read `?at=`; a malformed date gives a message and today, never an error page."""
    raw = request.GET.get("at", "").strip()
    today = timezone.localdate()
    if not raw:
        return DateChoice(today, chosen=False)
    try:
        if not _ISO_DAY.match(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        message = _("“%(value)s” is not a date in the form YYYY-MM-DD, so the page shows today.")
        return DateChoice(today, chosen=False, error=message % {"value": raw[:40]})
    return DateChoice(day, chosen=True)
