"""Which years of a member's fees are still open: pure arithmetic over assessed, waived and paid.

A payment tied to an assessment pays that assessment; anything beyond it, and any payment tied
to none (a transfer matched by the payer's name only), pays the oldest open year first.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Line:
    year: int
    assessed: Decimal
    waived: Decimal = ZERO
    paid: Decimal = ZERO  # payments allocated to this year's assessment


def open_years(lines: Iterable[Line], unallocated: Decimal = ZERO) -> list[tuple[int, Decimal]]:
    """(year, amount still due) for each year not fully paid or waived, oldest first."""
    ordered = sorted(lines, key=lambda line: line.year)
    due = [line.assessed - line.waived - line.paid for line in ordered]
    credit = unallocated + sum((-d for d in due if d < 0), ZERO)
    result = []
    for line, owed in zip(ordered, due, strict=True):
        if owed <= 0:
            continue
        used = min(credit, owed)
        credit -= used
        if owed - used > 0:
            result.append((line.year, owed - used))
    return result
