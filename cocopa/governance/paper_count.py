"""A motion voted by secret paper ballot: the tellers' count of the whole box, on plain values.

Nobody's vote is entered: the office gives, for the whole box, how many papers say for, against
and abstain. The count is checked against the members who could vote when the vote opened (those
present in person or by proxy, frozen in the motion's roll-call rows), else refused with the
first failure and the field it names, in this order:

- negative_count: no figure is below 0 (field: that figure);
- count_over_voters: no single figure exceeds the members who could vote (field: that figure);
- papers_over_voters: for + against + abstain do not exceed them either (the three together).

The outcome is then the existing majority rule (tally.py) applied to the count: one row per
entitled member, as many "for", "against" and "abstain" rows as papers, the other members absent
(present members who put no paper in the box count as absent, as in a roll-call a present member
recorded absent does). A motion's vote model knows no blank or void vote, so neither does its box.

A rule that needs to know who voted what cannot be applied to a secret count, and is refused
(`check_rule`): counting by population or by double majority (each vote weighs its member's
population) and a tie broken by the chair's vote (the chair's paper is not known).
"""

from dataclasses import dataclass

from cocopa.governance import tally

FIELDS = ("in_favour", "against", "abstain")


class InvalidCount(ValueError):
    """The first failure: its code, the field it names (None: for, against and abstain together),
    a plain message and the figures (for a translated one)."""

    def __init__(self, code: str, field: str | None, message: str, **figures: int) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.figures = figures


@dataclass(frozen=True)
class PaperCount:
    """The tellers' count of one box: the papers for, against and abstaining."""

    in_favour: int
    against: int
    abstain: int

    @property
    def papers(self) -> int:
        return self.in_favour + self.against + self.abstain


def rule_refusal(rule: tally.VoteRule) -> str | None:
    """The code refusing `rule` for a secret vote, or None when a count of the box is enough."""
    if rule.weighting != tally.Weighting.MEMBERS:
        return "secret_needs_member_count"
    if rule.tie == tally.TieBreak.CHAIR:
        return "secret_tie_needs_chair"
    return None


def check_count(count: PaperCount, *, voters: int) -> None:
    """Raise InvalidCount unless `count` is a possible count of a box filled by at most `voters`."""
    for name in FIELDS:
        if getattr(count, name) < 0:
            raise InvalidCount("negative_count", name, f"{name} is below zero")
    for name in FIELDS:
        value = getattr(count, name)
        if value > voters:
            raise InvalidCount(
                "count_over_voters",
                name,
                f"{name} is {value}, but only {voters} members could vote",
                value=value,
                voters=voters,
            )
    if count.papers > voters:
        raise InvalidCount(
            "papers_over_voters",
            None,
            f"{count.papers} papers, but only {voters} members could vote",
            papers=count.papers,
            voters=voters,
        )


def outcome(rule: tally.VoteRule, count: PaperCount, *, entitled: int, voters: int) -> tally.Outcome:
    """The outcome of the box under `rule`, for `entitled` members of whom `voters` could vote.

    Raises InvalidCount for a count that does not fit, ValueError for a rule that needs names
    (rule_refusal) or voters beyond the entitled."""
    code = rule_refusal(rule)
    if code is not None:
        raise ValueError(f"a secret count cannot apply this rule ({code})")
    if not 0 <= voters <= entitled:
        raise ValueError("the members who could vote are between none and all the entitled")
    check_count(count, voters=voters)
    choices = (
        [tally.Choice.FOR] * count.in_favour
        + [tally.Choice.AGAINST] * count.against
        + [tally.Choice.ABSTAIN] * count.abstain
    )
    choices += [tally.Choice.ABSENT] * (entitled - len(choices))
    # Numbered rows, not members: the box says nothing of who voted what.
    votes = [tally.Vote(member=n, population=0, choice=c) for n, c in enumerate(choices, start=1)]
    return tally.tally(rule, votes)
