"""When an event takes place, from what the office types: pure rules, no ORM.

A start is a day, or only a month or a year when the source gives no more (YYYY-MM-DD, YYYY-MM,
YYYY; core.dates); an end is optional. Times make a timed event, in Europe/Rome: a start time
needs a start day, an end time needs a start time. Every refusal names its field.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from cocopa.core.dates import Precision, parse_partial

ROME = ZoneInfo("Europe/Rome")


class DatingError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class When:
    start_on: dt.date
    start_precision: str
    end_on: dt.date | None
    end_precision: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None


def _partial(text: str, field: str, *, end: bool) -> tuple[dt.date, Precision]:
    try:
        return parse_partial(text, end=end)
    except ValueError:
        raise DatingError(
            field, _("Write the date as YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known.")
        ) from None


def resolve(
    start: str, end: str = "", start_time: dt.time | None = None, end_time: dt.time | None = None
) -> When:
    """The stored dates of an event; DatingError names the field that is wrong."""
    start, end = start.strip(), end.strip()
    if not start:
        raise DatingError("start", _("An event needs its start date (at least the year)."))
    start_on, start_precision = _partial(start, "start", end=False)
    end_on, end_precision = (None, Precision.DAY)
    if end:
        # The end of a partial period is its last day (docs/decisions/0001).
        end_on, end_precision = _partial(end, "end", end=True)
        if end_on < start_on:
            raise DatingError("end", _("The end comes before the start."))
        if end_on == start_on and end_precision == start_precision:
            end_on, end_precision = None, Precision.DAY  # one day: no end to keep
    if end_time is not None and start_time is None:
        raise DatingError("start_time", _("An end time needs a start time."))
    if start_time is None:
        return When(start_on, start_precision.value, end_on, end_precision.value, None, None)
    if start_precision != Precision.DAY or (end_on is not None and end_precision != Precision.DAY):
        raise DatingError("start_time", _("A time needs the full date (YYYY-MM-DD)."))
    starts_at = dt.datetime.combine(start_on, start_time, tzinfo=ROME)
    ends_at = None
    if end_time is not None:
        ends_at = dt.datetime.combine(end_on or start_on, end_time, tzinfo=ROME)
        if ends_at <= starts_at:
            raise DatingError("end_time", _("The end time comes before the start."))
    return When(start_on, Precision.DAY.value, end_on, Precision.DAY.value, starts_at, ends_at)
