"""The in-person box of a secret election, counted as a whole: rules on plain values.

At the meeting the office marks who voted in person (participation) but never sees a choice:
the box is opened after voting closes and the tellers' count is entered for the whole box —
the papers found, the blank and void ones, and the votes of each candidate. The count must fit
the register and the ballot rule, else it is refused with the first failure, in this order:

- negative_count: no figure is below 0;
- unknown_candidate: votes only for the election's candidates;
- box_not_register: the papers found equal the members marked as having voted in person;
- blank_void_over_ballots: blank + void papers are at most the papers found;
- candidate_over_ballots: no candidate has more votes than there are papers naming someone
  (a candidate is named at most once per paper);
- votes_do_not_add_up: the votes add up to at least one per paper naming someone and at most
  `choices allowed` per paper (for a one-name ballot: exactly one per paper).

Void papers are not ballots in the count (ballots.py: "a null paper ballot is not a ballot");
blank ones are, for nobody.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from cocopa.governance.ballots import ElectionRule


class InvalidBox(ValueError):
    """The first failure: its code, a plain message and the figures (for a translated one)."""

    def __init__(self, code: str, message: str, **figures: int) -> None:
        super().__init__(message)
        self.code = code
        self.figures = figures


@dataclass(frozen=True)
class BoxCount:
    """The tellers' count of one in-person box."""

    ballots: int
    blank: int = 0
    void: int = 0
    votes: Mapping[int, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        """Ballots that count (blank included): the papers found less the void ones."""
        return self.ballots - self.void

    @property
    def naming(self) -> int:
        """Papers that name at least one candidate."""
        return self.ballots - self.void - self.blank


def check_box(rule: ElectionRule, candidates: Collection[int], voters: int, box: BoxCount) -> None:
    """Raise InvalidBox unless `box` is a possible count of `voters` in-person ballots."""
    if min([box.ballots, box.blank, box.void, *box.votes.values()]) < 0:
        raise InvalidBox("negative_count", "a count below zero")
    unknown = sorted(c for c in box.votes if c not in candidates)
    if unknown:
        raise InvalidBox("unknown_candidate", f"not a candidate: {unknown[0]}", candidate=unknown[0])
    if box.ballots != voters:
        raise InvalidBox(
            "box_not_register",
            f"the box holds {box.ballots} ballots but {voters} members are marked as having voted in person",
            ballots=box.ballots,
            voters=voters,
        )
    if box.blank + box.void > box.ballots:
        raise InvalidBox("blank_void_over_ballots", "more blank and void ballots than ballots")
    over = sorted(c for c, n in box.votes.items() if n > box.naming)
    if over:
        raise InvalidBox(
            "candidate_over_ballots",
            f"candidate {over[0]} has more votes than the {box.naming} ballots naming candidates",
            candidate=over[0],
            naming=box.naming,
        )
    total = sum(box.votes.values())
    most = box.naming * min(rule.choices_allowed(), len(candidates))
    if not box.naming <= total <= most:
        raise InvalidBox(
            "votes_do_not_add_up",
            f"{total} votes on {box.naming} ballots naming candidates: expected between {box.naming} and {most}",
            total=total,
            naming=box.naming,
            most=most,
        )
