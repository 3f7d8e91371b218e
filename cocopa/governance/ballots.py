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
- A tie only matters across the last seat: candidates with the same votes as the last elected
  one, more of them than places left. Candidates tied above the cut are all elected and
  ranked by id.
- LOT: the tied candidates, sorted by id, are shuffled by random.Random(seed), so the draw is
  reproducible from the seed the service records; `Lot.drawn` is the whole drawn order (the
  first ones take the places left, the rest are next in line). Without a seed a needed lot
  raises ValueError("seed needed").
- SENIORITY: the tied candidate whose municipality joined earlier goes first (unknown dates
  last); candidates still equal across the cut are drawn by lot among themselves only.
"""

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
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
class ElectionResult:
    totals: tuple[tuple[int, int], ...]
    ballots: int
    blank: int
    elected: tuple[int, ...]
    ties_at_cut: tuple[int, ...]
    decided_by: str | None
    lot: Lot | None


def _draw(among: Sequence[int], seed: int | None) -> Lot:
    if seed is None:
        raise ValueError("seed needed")
    order = sorted(among)  # the draw must not depend on the order candidates were passed in
    Random(seed).shuffle(order)
    return Lot(seed, tuple(sorted(among)), tuple(order))


def _by_seniority(
    tied: list[int], places: int, since: dict[int, date | None], seed: int | None
) -> tuple[list[int], Lot | None]:
    """The tied candidates in order of seniority, with a lot among those still equal at the cut."""

    def key(c: int) -> tuple[bool, date]:
        joined = since[c]
        return (joined is None, joined or date.min)

    ordered = sorted(tied, key=lambda c: (key(c), c))
    cut_key = key(ordered[places - 1])
    if key(ordered[places]) != cut_key:
        return ordered, None
    same = [c for c in ordered if key(c) == cut_key]
    lot = _draw(same, seed)
    start = ordered.index(same[0])
    return ordered[:start] + list(lot.drawn) + ordered[start + len(same) :], lot


def count(
    rule: ElectionRule,
    candidates: Sequence[Candidate],
    ballots: Sequence[Sequence[int]],
    seed: int | None = None,
    box: "BoxCount | None" = None,
) -> ElectionResult:
    """Count valid ballots and fill the seats; ValueError on duplicate candidates or bad ballots.

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
    if filled == len(ids):
        return ElectionResult(totals, cast, blank, tuple(ranking), (), None, None)
    cut_votes = votes[ranking[filled - 1]]
    above = [c for c in ranking if votes[c] > cut_votes]
    tied = [c for c in ranking if votes[c] == cut_votes]
    places = filled - len(above)
    if len(tied) == places:
        return ElectionResult(totals, cast, blank, tuple(ranking[:filled]), (), None, None)
    if rule.tie == TieRule.SENIORITY:
        since = {c.id: c.member_since for c in candidates}
        order, lot = _by_seniority(tied, places, since, seed)
        decided_by = "lot" if lot else "seniority"
    else:
        lot = _draw(tied, seed)
        order, decided_by = list(lot.drawn), "lot"
    elected = tuple(above + order[:places])
    return ElectionResult(totals, cast, blank, elected, tuple(sorted(tied)), decided_by, lot)
