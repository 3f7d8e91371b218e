"""Electing the Executive Board: checking ballots, counting them and settling ties at the cut.

- PLURALITY_AT_LARGE: each ballot names up to `seats` candidates; the `seats` candidates with
  most votes are elected. LIMITED_VOTE: each ballot names up to `max_choices` < `seats`
  candidates, so that a bare majority cannot take every seat (statutes' minority guarantee).
- An empty ballot is a valid blank ballot: it counts in `ballots` and `blank`, for nobody.
- A ballot is checked in this order and the first failure is reported: unknown_candidate,
  duplicate_choice, too_many_choices. count() raises on any invalid ballot, since ballots are
  checked when cast; a null paper ballot is not a ballot to pass in.
- Every candidate appears in `totals`, with 0 votes if nobody chose them, and the board is
  filled up to min(seats, candidates), so a candidate with 0 votes can be elected when fewer
  candidates than seats received votes.
- A tie matters across the last seat: candidates with the same votes as the last elected
  one, more of them than places left. Candidates tied above the cut are all elected and
  ranked by id, unless their rank has a meaning (ranked places, below).
- LOT: the tied candidates, sorted by id, are shuffled by random.Random(seed), so the draw is
  reproducible from the seed the service records; `Lot.drawn` is the whole drawn order (the
  first ones take the places left, the rest are next in line). Without a seed a needed lot
  raises ValueError("seed needed").
- SENIORITY: the tied candidate whose municipality joined earlier goes first (unknown dates
  last); candidates still equal across the cut are drawn by lot among themselves only.
- Ranked places (`count(..., ranked=2)` when the first elected becomes president and the second
  vice-president): a tie covering one of the first `ranked` places is settled by the same tie
  rule, not by id. Every tie that decided a seat or a ranked place is in `ties`, with how it was
  settled, so the result page can say there was a tie, between whom and how it was broken.
"""

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import groupby
from random import Random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cocopa.governance.ballot_box import BoxCount


class Method(StrEnum):
    PLURALITY_AT_LARGE = "plurality_at_large"
    LIMITED_VOTE = "limited_vote"


class TieRule(StrEnum):
    LOT = "lot"
    SENIORITY = "seniority"


@dataclass(frozen=True)
class ElectionRule:
    """How many seats a board election fills and how many names a ballot may carry."""

    method: Method
    seats: int
    max_choices: int | None = None
    tie: TieRule = TieRule.LOT

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError("an election fills at least one seat")
        if self.method == Method.PLURALITY_AT_LARGE:
            if self.max_choices not in (None, self.seats):
                raise ValueError("plurality-at-large allows exactly as many choices as seats")
        elif self.max_choices is None or not 1 <= self.max_choices < self.seats:
            raise ValueError("limited vote needs 1 <= max_choices < seats")

    def choices_allowed(self) -> int:
        if self.method == Method.LIMITED_VOTE and self.max_choices is not None:
            return self.max_choices
        return self.seats


@dataclass(frozen=True)
class Candidate:
    """A person standing for the board; member_since is when their municipality joined."""

    id: int
    member_since: date | None


class InvalidBallot(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_ballot(rule: ElectionRule, candidates: Collection[int], choices: Sequence[int]) -> None:
    """Raise InvalidBallot unless `choices` is a valid (possibly blank) ballot."""
    unknown = [c for c in choices if c not in candidates]
    if unknown:
        raise InvalidBallot("unknown_candidate", f"not a candidate: {unknown[0]}")
    if len(set(choices)) != len(choices):
        raise InvalidBallot("duplicate_choice", "a candidate is named more than once")
    if len(choices) > rule.choices_allowed():
        raise InvalidBallot("too_many_choices", f"at most {rule.choices_allowed()} names per ballot")


@dataclass(frozen=True)
class Lot:
    seed: int
    among: tuple[int, ...]
    drawn: tuple[int, ...]


@dataclass(frozen=True)
class Tie:
    """Candidates with equal votes whose order decided something: a seat or a ranked place.

    `place` is the first place (1-based) they share; `order` the order the tie rule gave them;
    `decided_by` "seniority" or "lot" (a lot drawn, alone or after seniority left some equal)."""

    place: int
    among: tuple[int, ...]
    votes: int
    order: tuple[int, ...]
    decided_by: str
    lots: tuple[Lot, ...]


@dataclass(frozen=True)
class ElectionResult:
    totals: tuple[tuple[int, int], ...]
    ballots: int
    blank: int
    elected: tuple[int, ...]
    ties_at_cut: tuple[int, ...]
    decided_by: str | None
    lot: Lot | None
    ties: tuple[Tie, ...] = ()


def _draw(among: Sequence[int], seed: int | None) -> Lot:
    if seed is None:
        raise ValueError("seed needed")
    order = sorted(among)  # the draw must not depend on the order candidates were passed in
    Random(seed).shuffle(order)
    return Lot(seed, tuple(sorted(among)), tuple(order))


def _seniority_key(joined: date | None) -> tuple[bool, date]:
    return (joined is None, joined or date.min)


def _break(
    rule: ElectionRule,
    group: list[int],
    since: dict[int, date | None],
    seed: int | None,
    matters: Callable[[int, int], bool],
) -> tuple[list[int], list[Lot]]:
    """Order a group of candidates with equal votes by the tie rule.

    `matters(i, j)` says whether the order among the group's positions i..j-1 decides anything (a
    seat, a ranked place). LOT draws the whole group; SENIORITY orders by membership and draws by
    lot only among candidates still equal where their order matters.
    """
    if rule.tie == TieRule.LOT:
        lot = _draw(group, seed)
        return list(lot.drawn), [lot]
    ordered = sorted(group, key=lambda c: (_seniority_key(since.get(c)), c))
    result: list[int] = []
    lots: list[Lot] = []
    i = 0
    while i < len(ordered):
        key = _seniority_key(since.get(ordered[i]))
        j = i
        while j < len(ordered) and _seniority_key(since.get(ordered[j])) == key:
            j += 1
        same = ordered[i:j]
        if len(same) > 1 and matters(i, j):
            lot = _draw(same, seed)
            lots.append(lot)
            same = list(lot.drawn)
        result += same
        i = j
    return result, lots


def count(
    rule: ElectionRule,
    candidates: Sequence[Candidate],
    ballots: Sequence[Sequence[int]],
    seed: int | None = None,
    ranked: int = 0,
    box: "BoxCount | None" = None,
) -> ElectionResult:
    """Count valid ballots and fill the seats; ValueError on duplicate candidates or bad ballots.

    `ranked` is how many of the first places have a meaning of their own (2 when the first elected
    becomes president and the second vice-president): a tie across one of them is settled by the
    tie rule and reported in `ties`, as a tie across the last seat is.

    `box`: an in-person secret box counted as a whole (ballot_box.py, checked when entered),
    whose votes, valid and blank ballots add to those of `ballots`."""
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("a candidate is listed more than once")
    known = set(ids)
    for ballot in ballots:
        check_ballot(rule, known, ballot)
    votes = Counter(c for ballot in ballots for c in ballot)
    cast, blank = len(ballots), sum(1 for b in ballots if not b)
    if box is not None:
        if not set(box.votes) <= known:
            raise ValueError("the box counts votes for someone not a candidate")
        votes.update(box.votes)
        cast, blank = cast + box.valid, blank + box.blank
    ranking = sorted(ids, key=lambda c: (-votes[c], c))
    totals = tuple((c, votes[c]) for c in ranking)
    filled = min(rule.seats, len(ids))
    ranked = min(max(ranked, 0), filled)
    since = {c.id: c.member_since for c in candidates}
    order: list[int] = []
    ties: list[Tie] = []
    ties_at_cut: tuple[int, ...] = ()
    decided_by: str | None = None
    cut_lot: Lot | None = None
    for _votes, grouped in groupby(ranking, key=lambda c: votes[c]):
        group = list(grouped)
        start, end = len(order), len(order) + len(group)
        straddles = start < filled < end
        if len(group) == 1 or not (straddles or start < ranked):
            order += group
            continue

        def matters(i: int, j: int, start: int = start) -> bool:
            # Positions start+i .. start+j-1: across the cut, or covering a ranked place.
            return start + i < filled < start + j or start + i < ranked

        broken, lots = _break(rule, group, since, seed, matters)
        how = "lot" if lots else "seniority"
        ties.append(Tie(start + 1, tuple(sorted(group)), votes[group[0]], tuple(broken), how, tuple(lots)))
        if straddles:
            last_in, first_out = broken[filled - start - 1], broken[filled - start]
            cut_lot = next((lot for lot in lots if {last_in, first_out} <= set(lot.among)), None)
            ties_at_cut, decided_by = tuple(sorted(group)), "lot" if cut_lot else "seniority"
        order += broken
    return ElectionResult(
        totals, cast, blank, tuple(order[:filled]), ties_at_cut, decided_by, cut_lot, tuple(ties)
    )
