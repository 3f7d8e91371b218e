"""Counting a vote of the Assembly: does a motion carry under the statutes' majority?

Every entitled member has one row (Vote), including members who did not vote (ABSENT).
A rule picks a majority, a weighting, how abstentions count and how a tie is broken.

Majorities (for, against, abstain, absent are the counts; with POPULATION weighting each vote
counts its municipality's population instead of 1):

- SIMPLE: base = for + against (+ abstain when abstentions COUNT_AS_AGAINST). Carried when
  for > base − for, i.e. more for than against. for == base − for (with base > 0) is a tie.
- ABSOLUTE: base = every entitled row, absent ones included. Carried when 2·for > base.
  Equality is simply not carried: never a tie.
- TWO_THIRDS: base = votes cast (for + against, + abstain when COUNT_AS_AGAINST). Carried when
  3·for ≥ 2·base and for > 0. Never a tie.
- UNANIMITY: base as for TWO_THIRDS. Carried when for > 0 and against == 0 (and abstain == 0
  when COUNT_AS_AGAINST). Never a tie. Under POPULATION weighting a municipality counted with
  0 inhabitants weighs nothing, even against.
- Absent rows never count in the base except for ABSOLUTE.
- When nothing is cast (base 0 for SIMPLE, TWO_THIRDS, UNANIMITY) the motion is not carried
  and there is no tie.

`Count.required` is the smallest `for_` that carries with the same base (base // 2 + 1 for
SIMPLE and ABSOLUTE, ⌈2·base/3⌉ for TWO_THIRDS, base for UNANIMITY, never below 1), so
`carried == (for_ >= required)` always holds, ties aside.

Weightings:

- MEMBERS: one member, one vote. POPULATION: each vote weighs its population.
- DOUBLE: both the member count and the population count must carry. If one of them is not
  carried (and not tied) the motion fails whatever the other says; the tie rule applies only
  when the result hinges on a tie, i.e. each count is carried or tied and at least one is tied.

Ties (SIMPLE only; for DOUBLE, when the result hinges on a tie):

- REJECTED: not carried ("rule:rejected").
- CHAIR: the chair's own vote decides ("chair:for" / "chair:against"). The chair must be given
  and must have voted for or against, else ValueError: the service must ask the chair to vote.
- `Outcome.tie` is True exactly when the tie rule decided the outcome; each Count keeps its own
  `tie` flag, so a tied count that did not matter (DOUBLE, other count lost) is still visible.

Input errors raise ValueError: a member voting twice, a negative population.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    ABSENT = "absent"


class Majority(StrEnum):
    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two_thirds"
    UNANIMITY = "unanimity"


class Weighting(StrEnum):
    MEMBERS = "members"
    POPULATION = "population"
    DOUBLE = "double"


class Abstentions(StrEnum):
    NOT_COUNTED = "not_counted"
    COUNT_AS_AGAINST = "count_as_against"


class TieBreak(StrEnum):
    REJECTED = "rejected"
    CHAIR = "chair"


@dataclass(frozen=True)
class VoteRule:
    """How the statutes count one kind of decision."""

    majority: Majority = Majority.SIMPLE
    weighting: Weighting = Weighting.MEMBERS
    abstentions: Abstentions = Abstentions.NOT_COUNTED
    tie: TieBreak = TieBreak.REJECTED


@dataclass(frozen=True)
class Vote:
    """One entitled member's row: its population and what it did."""

    member: int
    population: int
    choice: Choice


@dataclass(frozen=True)
class Count:
    """One way of counting (members, or population) and what it gives on its own."""

    for_: int
    against: int
    abstain: int
    absent: int
    base: int
    required: int
    carried: bool
    tie: bool


@dataclass(frozen=True)
class Outcome:
    carried: bool
    tie: bool
    tie_broken_by: str | None
    members: Count | None
    population: Count | None


def _base_and_required(rule: VoteRule, f: int, a: int, ab: int, absent: int) -> tuple[int, int]:
    cast = f + a + (ab if rule.abstentions == Abstentions.COUNT_AS_AGAINST else 0)
    if rule.majority == Majority.SIMPLE:
        return cast, cast // 2 + 1
    if rule.majority == Majority.ABSOLUTE:
        # Abstaining or staying away both withhold the majority of all entitled.
        entitled = f + a + ab + absent
        return entitled, entitled // 2 + 1
    if rule.majority == Majority.TWO_THIRDS:
        return cast, max(1, -(-2 * cast // 3))
    return cast, max(1, cast)


def _count(rule: VoteRule, votes: Sequence[Vote], weight: Callable[[Vote], int]) -> Count:
    sums = dict.fromkeys(Choice, 0)
    for vote in votes:
        sums[Choice(vote.choice)] += weight(vote)
    f, a, ab, absent = sums[Choice.FOR], sums[Choice.AGAINST], sums[Choice.ABSTAIN], sums[Choice.ABSENT]
    base, need = _base_and_required(rule, f, a, ab, absent)
    tie = rule.majority == Majority.SIMPLE and base > 0 and 2 * f == base
    return Count(f, a, ab, absent, base, need, carried=f >= need, tie=tie)


def _chair_decides(votes: Sequence[Vote], chair: int | None) -> bool:
    if chair is None:
        raise ValueError("the vote is tied and the tie rule needs the chair, but no chair was given")
    choice = next((v.choice for v in votes if v.member == chair), None)
    if choice not in (Choice.FOR, Choice.AGAINST):
        raise ValueError("the vote is tied and the chair did not vote for or against")
    return choice == Choice.FOR


def tally(rule: VoteRule, votes: Sequence[Vote], chair: int | None = None) -> Outcome:
    """The outcome of a vote under `rule`; `chair` is the chair's member, for CHAIR tie breaks."""
    members = [v.member for v in votes]
    if len(set(members)) != len(members):
        raise ValueError("a member voted more than once")
    if any(v.population < 0 for v in votes):
        raise ValueError("population cannot be negative")
    by_members = _count(rule, votes, lambda v: 1) if rule.weighting != Weighting.POPULATION else None
    by_population = (
        _count(rule, votes, lambda v: v.population) if rule.weighting != Weighting.MEMBERS else None
    )
    counts = [c for c in (by_members, by_population) if c is not None]
    carried = all(c.carried for c in counts)
    hinges = all(c.carried or c.tie for c in counts) and any(c.tie for c in counts)
    if not hinges:
        return Outcome(carried, False, None, by_members, by_population)
    if rule.tie == TieBreak.REJECTED:
        return Outcome(False, True, "rule:rejected", by_members, by_population)
    chair_for = _chair_decides(votes, chair)
    return Outcome(chair_for, True, "chair:for" if chair_for else "chair:against", by_members, by_population)
