"""School years, as Italian schools count them: a year starts on 1 September and ends on 31 August
of the next calendar year (the national school calendar; the first day of lessons is set by each
region, but the school year itself runs from 1 September). A school year is known by its first
calendar year and written "2024/25". Pure: no ORM, tested with plain values."""

import datetime as dt
import re
from dataclasses import dataclass

START_MONTH = 9  # 1 September
FIRST = 1900
LAST = 2199

_WRITTEN = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True, order=True)
class SchoolYear:
    start: int  # the calendar year of its 1 September

    def __post_init__(self) -> None:
        if not FIRST <= self.start <= LAST:
            raise ValueError(f"{self.start} is not a school year this register accepts ({FIRST}–{LAST})")

    @property
    def label(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start, START_MONTH, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start + 1, START_MONTH, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        return self.label


def of(day: dt.date) -> SchoolYear:
    """The school year a day falls in: 31 August 2025 is in 2024/25, 1 September 2025 in 2025/26."""
    return SchoolYear(day.year if day.month >= START_MONTH else day.year - 1)


def parse(text: str) -> SchoolYear:
    """A school year as people write it: "2024/25", "2024/2025", "2024-25"; or its first year alone.

    Raises ValueError when the text is none of these, or when the second year is not the one after
    the first ("2024/26").
    """
    text = str(text).strip()
    if re.fullmatch(r"\d{4}", text):
        return SchoolYear(int(text))
    match = _WRITTEN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a school year: write it as 2024/25")
    first, second = int(match[1]), match[2]
    following = first + 1
    if (len(second) == 2 and int(second) != following % 100) or (
        len(second) == 4 and int(second) != following
    ):
        raise ValueError(f"{text!r} is not a school year: the second year follows the first (2024/25)")
    return SchoolYear(first)


def label(start: int) -> str:
    """The written form of the school year starting in `start`: 2024 → "2024/25"."""
    return SchoolYear(start).label
