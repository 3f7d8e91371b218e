"""The yearly fee of one member under a schedule's rule: pure arithmetic, no ORM.

Conventions (README.md):
- amounts are Decimal euros; the fee is rounded once, at the end, to the cent with ROUND_HALF_UP;
- a minimum and a maximum bound the full-year fee of a per-inhabitant rule;
- pro-rata for a member joining during the year multiplies the full-year fee by the share of the
  year left: by months, the joining month counts in full ((13 - month) / 12); by days, the joining
  day counts ((days from the joining day to 31 December, inclusive) / days in the year);
- a member's own fee base (`Base`, set by the office) replaces either its full-year fee by a fixed
  amount (every rule but `exempt`) or its population by another figure (bounds and size classes
  then follow that figure).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

CENT = Decimal("0.01")


class Kind(StrEnum):
    PER_INHABITANT = "per_inhabitant"
    PER_SIZE_CLASS = "per_size_class"
    PER_MEMBER = "per_member"
    EXEMPT = "exempt"


class ProRata(StrEnum):
    NONE = "none"
    MONTHS = "months"
    DAYS = "days"


class NeedsPopulation(ValueError):
    """The rule depends on the population (or its size class) and none is known."""


class NoClassAmount(ValueError):
    """A per-size-class rule has no amount for the member's class."""


@dataclass(frozen=True)
class FeeRule:
    kind: Kind
    rate: Decimal | None = None  # EUR per inhabitant per year
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    amount: Decimal | None = None  # per member
    class_amounts: Mapping[str, Decimal] = field(default_factory=dict)
    pro_rata: ProRata = ProRata.NONE

    def __post_init__(self) -> None:
        for name in ("rate", "minimum", "maximum", "amount"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} cannot be negative")
        if any(v < 0 for v in self.class_amounts.values()):
            raise ValueError("class amounts cannot be negative")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("the minimum is above the maximum")
        if self.kind == Kind.PER_INHABITANT and self.rate is None:
            raise ValueError("a per-inhabitant rule needs a rate")
        if self.kind == Kind.PER_MEMBER and self.amount is None:
            raise ValueError("a per-member rule needs an amount")
        if self.kind == Kind.PER_SIZE_CLASS and not self.class_amounts:
            raise ValueError("a per-size-class rule needs an amount per class")

    @property
    def needs_population(self) -> bool:
        return self.kind in (Kind.PER_INHABITANT, Kind.PER_SIZE_CLASS)

    def snapshot(self) -> dict[str, object]:
        """A JSON-ready copy kept with each assessment, so later edits of the schedule don't rewrite it."""
        return {
            "kind": str(self.kind),
            "rate": _text(self.rate),
            "minimum": _text(self.minimum),
            "maximum": _text(self.maximum),
            "amount": _text(self.amount),
            "class_amounts": {k: str(v) for k, v in sorted(self.class_amounts.items())},
            "pro_rata": str(self.pro_rata),
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def to_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Base:
    """A member's own fee base for a year: a fixed full-year amount, or a population the rule uses
    instead of the member's figure. Exactly one of the two."""

    amount: Decimal | None = None
    population: int | None = None

    def __post_init__(self) -> None:
        if (self.amount is None) == (self.population is None):
            raise ValueError("a fee base is either a fixed amount or a population")
        if self.amount is not None and self.amount < 0:
            raise ValueError("amount cannot be negative")
        if self.population is not None and self.population < 0:
            raise ValueError("population cannot be negative")


def population_used(population: int | None, base: Base | None) -> int | None:
    """The population the rule works on: the base's when it gives one, else the member's figure."""
    if base is not None and base.population is not None:
        return base.population
    return population


def full_year(
    rule: FeeRule, *, population: int | None, size_class: str = "", base: Base | None = None
) -> Decimal:
    """The fee for a whole year, before rounding. `size_class` must be the class of
    population_used(population, base)."""
    if rule.kind == Kind.EXEMPT:
        return Decimal(0)
    if base is not None and base.amount is not None:
        return base.amount
    population = population_used(population, base)
    if rule.kind == Kind.PER_MEMBER:
        assert rule.amount is not None
        return rule.amount
    if population is None:
        raise NeedsPopulation(rule.kind)
    if rule.kind == Kind.PER_SIZE_CLASS:
        if size_class not in rule.class_amounts:
            raise NoClassAmount(size_class)
        return rule.class_amounts[size_class]
    assert rule.rate is not None
    value = rule.rate * population
    if rule.minimum is not None:
        value = max(value, rule.minimum)
    if rule.maximum is not None:
        value = min(value, rule.maximum)
    return value


def share_of_year(year: int, joined_on: dt.date | None, pro_rata: ProRata) -> Fraction:
    """The part of the year a member joining on `joined_on` owes (1 when a member on 1 January)."""
    if joined_on is None or joined_on <= dt.date(year, 1, 1) or pro_rata == ProRata.NONE:
        return Fraction(1)
    if joined_on.year > year:
        return Fraction(0)
    if pro_rata == ProRata.MONTHS:
        return Fraction(13 - joined_on.month, 12)
    days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    return Fraction((dt.date(year + 1, 1, 1) - joined_on).days, days_in_year)


def fee(
    rule: FeeRule,
    *,
    year: int,
    population: int | None,
    size_class: str = "",
    joined_on: dt.date | None = None,
    base: Base | None = None,
) -> Decimal:
    """The member's fee for the year, to the cent (ROUND_HALF_UP), pro-rata when joining in the year."""
    share = share_of_year(year, joined_on, rule.pro_rata)
    full = full_year(rule, population=population, size_class=size_class, base=base)
    return to_cent(full * share.numerator / share.denominator)


def assessment_code(year: int, member_key: str) -> str:
    """The reference members are asked to quote on their transfer, e.g. COCOPA-2026-001272."""
    return f"COCOPA-{year}-{member_key}"


class FigureAge(StrEnum):
    """How the population figure used compares with the day the schedule asks for."""

    ON_DATE = "on_date"
    OLDER = "older"  # e.g. the 2011 census for "population at 31 December 2025"
    LATER = "later"  # no figure that old: the earliest later one stood in
    UNDATED = "undated"


def figure_age(figure_on: dt.date | None, reference: dt.date) -> FigureAge:
    """Whether the figure refers to the schedule's reference date, to an earlier or a later day."""
    if figure_on is None:
        return FigureAge.UNDATED
    if figure_on < reference:
        return FigureAge.OLDER
    if figure_on > reference:
        return FigureAge.LATER
    return FigureAge.ON_DATE
