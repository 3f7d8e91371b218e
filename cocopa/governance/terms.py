"""Terms of office: when a mandate of whole years ends and the next one begins.

A term of `years` years beginning on `start` runs up to the day before its anniversary, so
consecutive terms tile the calendar with no gap and no overlap (the Executive Board is elected
for three years). The anniversary of 29 February in a year without one is 1 March, not
28 February: the term then ends on 28 February, the last day that is not yet the anniversary.

Chaining terms from a 29 February start: once a term has ended on 28 February its successor
starts on 1 March, and every later term is counted from that 1 March. So
anniversary(anniversary(s, a), b) can be one day later than anniversary(s, a + b) when s is
29 February (2024-02-29 + 1 year = 2025-03-01, + 3 more = 2028-03-01, while 2024-02-29 + 4 years
= 2028-02-29). Callers chaining terms should count each one from the day the previous term's
successor actually started, which is what a chain of anniversary() calls does.
"""

from datetime import date, timedelta


def anniversary(start: date, years: int) -> date:
    """The first day of the next term: `start` moved on by `years` whole years."""
    if years < 1:
        raise ValueError("a term lasts at least one whole year")
    year = start.year + years
    try:
        return start.replace(year=year)
    except ValueError:
        # Only 29 February can fail: its anniversary in a common year is 1 March.
        return date(year, 3, 1)


def term_end(start: date, years: int) -> date:
    """The last day of a term of `years` whole years beginning on `start`."""
    return anniversary(start, years) - timedelta(days=1)


def days_left(end: date, today: date) -> int:
    """Days from `today` to `end`: 0 on the last day, negative once the term is over."""
    return (end - today).days
