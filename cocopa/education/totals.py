"""Totals of school activities: pure sums over plain rows (no ORM), so the public page, the
member's export and the API add up the same way. queries.py fetches the rows, one query each."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Reach:
    """What a group of activities reached."""

    activities: int = 0
    classes: int = 0
    pupils: int = 0
    teachers: int = 0
    hours: Decimal = Decimal(0)

    def __add__(self, other: "Reach") -> "Reach":
        return Reach(
            self.activities + other.activities,
            self.classes + other.classes,
            self.pupils + other.pupils,
            self.teachers + other.teachers,
            self.hours + other.hours,
        )


@dataclass(frozen=True)
class Line:
    """One line of a totals table: a key (a member's slug, a school year, a topic's key), what it
    is called, and what its activities reached."""

    key: str | int
    label: str
    reach: Reach


def grand_total(lines: Iterable[Line]) -> Reach:
    total = Reach()
    for line in lines:
        total = total + line.reach
    return total


def bar_widths(lines: list[Line], *, of: str = "pupils") -> list[tuple[Line, int]]:
    """Each line with its bar's width in percent of the largest (0–100, rounded), for the chart;
    a line with something to show never gets a zero-width bar."""
    largest = max((getattr(line.reach, of) for line in lines), default=0)
    widths = []
    for line in lines:
        value = getattr(line.reach, of)
        width = 0 if not largest or not value else max(1, round(value * 100 / largest))
        widths.append((line, width))
    return widths
