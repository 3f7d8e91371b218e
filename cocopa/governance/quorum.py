"""Quorum of the Assembly: is enough of the association present for a sitting to be valid?

The Assembly has one seat per member municipality in good standing; the seats passed to
evaluate() are exactly the members entitled to sit, frozen when the sitting opens.

- A rule names the share of members that must be present ("more than half": 1/2 with
  strictly_more; "at least a third": 1/3 without). Members represented by proxy count as
  present unless the rule says otherwise.
- A rule may also require a share of the population of the entitled members to be represented.
  Then both conditions must hold. A member whose population is unknown counts 0 inhabitants
  (towards both what is entitled and what is present) and is listed in `unknown_population`
  so the secretariat can fix the data; without a population share nothing is listed.
- Arithmetic is exact (fractions and integers): 7 of 13 is more than half, 6.5 of 13 does not
  exist, and no float rounding can move a quorum.
- A quorum always needs at least one member (or inhabitant) present, so with nobody entitled
  it is never reached.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Presence(StrEnum):
    PRESENT = "present"
    PROXY = "proxy"
    ABSENT = "absent"


def _check_share(share: Fraction, strictly_more: bool, what: str) -> None:
    if not 0 < share <= 1:
        raise ValueError(f"{what} must be more than 0 and at most 1, not {share}")
    if share == 1 and strictly_more:
        raise ValueError(f"more than all ({what} 1, strictly more) can never be reached")


@dataclass(frozen=True)
class QuorumRule:
    """The statutes' quorum for one kind of sitting (ordinary, extraordinary, second call …)."""

    member_share: Fraction
    strictly_more: bool = True
    population_share: Fraction | None = None
    population_strictly_more: bool = False
    count_proxies: bool = True

    def __post_init__(self) -> None:
        _check_share(self.member_share, self.strictly_more, "member_share")
        if self.population_share is not None:
            _check_share(self.population_share, self.population_strictly_more, "population_share")


@dataclass(frozen=True)
class Seat:
    """One member's seat at a sitting: who, how many inhabitants, and whether it is taken."""

    member: int
    population: int | None
    presence: Presence


@dataclass(frozen=True)
class QuorumResult:
    entitled: int
    present: int
    required: int
    members_reached: bool
    population_entitled: int | None
    population_present: int | None
    population_required: int | None
    population_reached: bool | None
    unknown_population: tuple[int, ...]
    reached: bool


def required(entitled: int, share: Fraction, strictly_more: bool) -> int:
    """The smallest n with n/entitled > share (or >= share), and never less than 1."""
    if entitled < 0:
        raise ValueError("entitled cannot be negative")
    _check_share(share, strictly_more, "share")
    threshold = share * entitled
    if strictly_more:
        n = threshold.numerator // threshold.denominator + 1
    else:
        n = -(-threshold.numerator // threshold.denominator)  # ceiling, in integers
    # With nobody entitled, "more than half of nobody" must not be met by nobody.
    return max(n, 1)


def _counts(seat: Seat, rule: QuorumRule) -> bool:
    if seat.presence == Presence.PROXY:
        return rule.count_proxies
    return seat.presence == Presence.PRESENT


def evaluate(rule: QuorumRule, seats: Sequence[Seat]) -> QuorumResult:
    """Whether the seats present reach the rule's quorum; ValueError on duplicate members."""
    members = [s.member for s in seats]
    if len(set(members)) != len(members):
        raise ValueError("a member has more than one seat")
    if any(s.population is not None and s.population < 0 for s in seats):
        raise ValueError("population cannot be negative")
    present_seats = [s for s in seats if _counts(s, rule)]
    entitled, present = len(seats), len(present_seats)
    need = required(entitled, rule.member_share, rule.strictly_more)
    members_reached = present >= need
    if rule.population_share is None:
        return QuorumResult(
            entitled, present, need, members_reached, None, None, None, None, (), members_reached
        )
    pop_entitled = sum(s.population or 0 for s in seats)
    pop_present = sum(s.population or 0 for s in present_seats)
    pop_need = required(pop_entitled, rule.population_share, rule.population_strictly_more)
    pop_reached = pop_present >= pop_need
    unknown = tuple(sorted(s.member for s in seats if s.population is None))
    return QuorumResult(
        entitled=entitled,
        present=present,
        required=need,
        members_reached=members_reached,
        population_entitled=pop_entitled,
        population_present=pop_present,
        population_required=pop_need,
        population_reached=pop_reached,
        unknown_population=unknown,
        reached=members_reached and pop_reached,
    )
