"""How a sum of money is applied to open fees: pure arithmetic, no ORM.

A payment pays the assessment it quotes first (its code in the reference, or the one chosen
when it was recorded), then the member's oldest open year, then the next; whatever is left is
the member's credit. Never more than is still due on an assessment, never more than the sum.
"""

from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import TypeVar

ZERO = Decimal(0)
K = TypeVar("K", bound=Hashable)


def spread(
    amount: Decimal, open_items: Sequence[tuple[K, Decimal]], first: K | None = None
) -> list[tuple[K, Decimal]]:
    """(key, part of the amount) for each open item it pays; open_items are (key, still due),
    oldest first; `first` (when open) is paid before the others."""
    ordered = sorted(open_items, key=lambda item: item[0] != first) if first is not None else list(open_items)
    result = []
    left = amount
    for key, due in ordered:
        if left <= 0:
            break
        if due <= 0:
            continue
        part = min(left, due)
        result.append((key, part))
        left -= part
    return result
