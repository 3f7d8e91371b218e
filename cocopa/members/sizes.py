"""Size classes of municipalities (statutes' brochure: large, medium, medium/small, small).

A class is named by its lower bound and runs up to the next class's bound, so bounds are
exact (29,999 is medium, 30,000 is large) and every population falls into exactly one class,
provided one class starts at 0. The capital of the territory is shown apart, whatever its size.
No ORM here: queries.py turns the same bands into SQL and a test checks the two agree.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CAPITAL = "capital"


@dataclass(frozen=True)
class Band:
    key: str
    lower_bound: int


# The seed brochure's classes; staff may change them (members.SizeClass).
DEFAULT_BANDS: tuple[Band, ...] = (
    Band("large", 30_000),
    Band("medium", 10_000),
    Band("medium_small", 5_000),
    Band("small", 0),
)


def checked(bands: Iterable[Band]) -> tuple[Band, ...]:
    """The bands from the largest down; ValueError unless they cover every population once."""
    ordered = tuple(sorted(bands, key=lambda b: b.lower_bound, reverse=True))
    if not ordered or ordered[-1].lower_bound != 0:
        raise ValueError("one size class must start at 0 inhabitants")
    bounds = [b.lower_bound for b in ordered]
    keys = [b.key for b in ordered]
    if len(set(bounds)) != len(bounds):
        raise ValueError("two size classes start at the same population")
    if len(set(keys)) != len(keys) or CAPITAL in keys:
        raise ValueError("size class keys must be unique and not 'capital'")
    return ordered


def classify(population: int, bands: Sequence[Band]) -> str:
    """The key of the band a municipality of this population falls into (bands as from checked())."""
    if population < 0:
        raise ValueError("population cannot be negative")
    for band in bands:
        if population >= band.lower_bound:
            return band.key
    raise ValueError("bands do not start at 0")  # checked() rules this out


def upper_bound(band: Band, bands: Sequence[Band]) -> int | None:
    """The last population inside the band, or None for the top band."""
    above = [b.lower_bound for b in bands if b.lower_bound > band.lower_bound]
    return min(above) - 1 if above else None
