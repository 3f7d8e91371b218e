"""A country's timeline: the initiatives as cooperation orders them, with the agreements and
missions slotted in by date. Pure: plain (date, thing) pairs in, one list out."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

Dated = tuple[dt.date | None, Any]


def merge(initiatives: Sequence[Dated], others: Sequence[Dated]) -> list[Any]:
    """Keep the initiatives' own order; put each other thing before the first initiative dated
    after it (same day: the initiative first). Undated things go last, in the order given."""
    dated = sorted(((d, t) for d, t in others if d is not None), key=lambda o: o[0])
    undated = [thing for day, thing in others if day is None]
    merged: list[Any] = []
    i = 0
    for day, thing in initiatives:
        while i < len(dated) and day is not None and dated[i][0] < day:
            merged.append(dated[i][1])
            i += 1
        if day is None:
            # Undated initiatives close cooperation's list: the dated rest comes before them.
            merged.extend(t for _d, t in dated[i:])
            i = len(dated)
        merged.append(thing)
    merged.extend(t for _d, t in dated[i:])
    return merged + undated
