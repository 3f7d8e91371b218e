"""What a count leaves on record: a motion's figures and an election's result, as stored in their
JSON fields.

One reader and one writer per kind: the services write `to_json()`, the API, the views and the
templates read `from_json()`. Rows written before a key existed still read: every key is optional
on the way in and takes the value an empty count would have (0, False, None), and an empty dict
reads as None — nothing counted. `Count.in_favour` is stored as "for", the key the first rows used.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cocopa.governance import ballots as ballot_count
from cocopa.governance import quorum as quorum_rule
from cocopa.governance import tally


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    return int(value) if value is not None else 0


def _ints(values: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in values or ())


def _bool_or_none(value: Any) -> bool | None:
    return None if value is None else bool(value)


@dataclass(frozen=True)
class Count:
    """One count of a roll-call: by members, or weighed by population."""

    in_favour: int
    against: int
    abstain: int
    absent: int
    base: int
    required: int
    carried: bool
    tie: bool

    @classmethod
    def from_tally(cls, count: tally.Count) -> "Count":
        return cls(
            count.for_,
            count.against,
            count.abstain,
            count.absent,
            count.base,
            count.required,
            count.carried,
            count.tie,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "for": self.in_favour,
            "against": self.against,
            "abstain": self.abstain,
            "absent": self.absent,
            "base": self.base,
            "required": self.required,
            "carried": self.carried,
            "tie": self.tie,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "Count | None":
        if not data:
            return None
        return cls(
            in_favour=_int(data, "for"),
            against=_int(data, "against"),
            abstain=_int(data, "abstain"),
            absent=_int(data, "absent"),
            base=_int(data, "base"),
            required=_int(data, "required"),
            carried=bool(data.get("carried")),
            tie=bool(data.get("tie")),
        )


@dataclass(frozen=True)
class Quorum:
    """Members entitled, present (in person or by proxy) and required in a vote, as frozen when
    the vote opened; and, when the body's rule asks for a share of population, the population
    entitled, represented and required (written only then)."""

    entitled: int
    present: int
    required: int
    population_entitled: int | None = None
    population_present: int | None = None
    population_required: int | None = None

    @property
    def reached(self) -> bool:
        if self.population_required is not None and (self.population_present or 0) < self.population_required:
            return False
        return self.present >= self.required

    @classmethod
    def from_evaluation(cls, result: quorum_rule.QuorumResult) -> "Quorum":
        return cls(
            result.entitled,
            result.present,
            result.required,
            result.population_entitled,
            result.population_present,
            result.population_required,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"entitled": self.entitled, "present": self.present, "required": self.required}
        if self.population_required is not None:
            data["population"] = {
                "entitled": self.population_entitled,
                "present": self.population_present,
                "required": self.population_required,
            }
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "Quorum | None":
        if not data:
            return None
        population = data.get("population")
        if isinstance(population, Mapping):
            return cls(
                _int(data, "entitled"),
                _int(data, "present"),
                _int(data, "required"),
                _int(population, "entitled"),
                _int(population, "present"),
                _int(population, "required"),
            )
        return cls(_int(data, "entitled"), _int(data, "present"), _int(data, "required"))


@dataclass(frozen=True)
class MotionResult:
    """A counted motion's figures (`Motion.figures`, copied to `Resolution.figures`)."""

    rule: dict[str, str] | None
    carried: bool | None
    tie: bool | None
    tie_broken_by: str | None
    members: Count | None
    population: Count | None
    quorum: Quorum | None
    # Voted by secret paper ballot (the box counted whole), not by roll-call.
    secret: bool = False

    @classmethod
    def from_outcome(
        cls, outcome: tally.Outcome, rule: tally.VoteRule, quorum: Quorum, *, secret: bool = False
    ) -> "MotionResult":
        return cls(
            rule=rule_json(rule),
            carried=outcome.carried,
            tie=outcome.tie,
            tie_broken_by=outcome.tie_broken_by,
            members=Count.from_tally(outcome.members) if outcome.members else None,
            population=Count.from_tally(outcome.population) if outcome.population else None,
            quorum=quorum,
            secret=secret,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "voting": "secret" if self.secret else "roll_call",
            "rule": self.rule,
            "carried": self.carried,
            "tie": self.tie,
            "tie_broken_by": self.tie_broken_by,
            "members": self.members.to_json() if self.members else None,
            "population": self.population.to_json() if self.population else None,
            "quorum": self.quorum.to_json() if self.quorum else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "MotionResult | None":
        """None for a motion not counted (an empty dict); missing keys read as nothing recorded."""
        if not data:
            return None
        rule = data.get("rule")
        return cls(
            rule={str(k): str(v) for k, v in rule.items()} if isinstance(rule, Mapping) else None,
            carried=_bool_or_none(data.get("carried")),
            tie=_bool_or_none(data.get("tie")),
            tie_broken_by=data.get("tie_broken_by"),
            members=Count.from_json(data.get("members")),
            population=Count.from_json(data.get("population")),
            quorum=Quorum.from_json(data.get("quorum")),
            secret=data.get("voting") == "secret",
        )


def rule_json(rule: tally.VoteRule) -> dict[str, str]:
    """A motion's rule as stored with its figures and in the audit trail."""
    return {
        "majority": rule.majority.value,
        "weighting": rule.weighting.value,
        "abstentions": rule.abstentions.value,
        "tie": rule.tie.value,
    }


@dataclass(frozen=True)
class Lot:
    """The lot drawn for a tie at the last seat: its seed, who was tied, the order drawn."""

    seed: int
    among: tuple[int, ...]
    drawn: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "among": list(self.among), "drawn": list(self.drawn)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "Lot | None":
        if not data:
            return None
        return cls(_int(data, "seed"), _ints(data.get("among")), _ints(data.get("drawn")))


@dataclass(frozen=True)
class Tie:
    """A tie that decided a seat or a ranked place (president, vice-president): from which place,
    between whom, with how many votes, the order given and how (ballots.Tie)."""

    place: int
    among: tuple[int, ...]
    votes: int
    order: tuple[int, ...]
    decided_by: str | None
    lots: tuple[Lot, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "among": list(self.among),
            "votes": self.votes,
            "order": list(self.order),
            "decided_by": self.decided_by,
            "lots": [lot.to_json() for lot in self.lots],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Tie":
        return cls(
            place=_int(data, "place"),
            among=_ints(data.get("among")),
            votes=_int(data, "votes"),
            order=_ints(data.get("order")),
            decided_by=data.get("decided_by"),
            lots=tuple(lot for lot in (Lot.from_json(x) for x in data.get("lots") or ()) if lot),
        )


@dataclass(frozen=True)
class ElectionResult:
    """A counted election's result (`Election.result`); candidates are named by their ids."""

    totals: tuple[tuple[int, int], ...]
    ballots: int
    blank: int
    elected: tuple[int, ...]
    ties_at_cut: tuple[int, ...]
    decided_by: str | None
    lot: Lot | None
    ties: tuple[Tie, ...] = ()

    @classmethod
    def from_count(cls, result: ballot_count.ElectionResult) -> "ElectionResult":
        lot = result.lot
        return cls(
            totals=tuple((cid, votes) for cid, votes in result.totals),
            ballots=result.ballots,
            blank=result.blank,
            elected=tuple(result.elected),
            ties_at_cut=tuple(result.ties_at_cut),
            decided_by=result.decided_by,
            lot=Lot(lot.seed, tuple(lot.among), tuple(lot.drawn)) if lot else None,
            ties=tuple(
                Tie(
                    t.place,
                    tuple(t.among),
                    t.votes,
                    tuple(t.order),
                    t.decided_by,
                    tuple(Lot(x.seed, tuple(x.among), tuple(x.drawn)) for x in t.lots),
                )
                for t in result.ties
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "totals": [[cid, votes] for cid, votes in self.totals],
            "ballots": self.ballots,
            "blank": self.blank,
            "elected": list(self.elected),
            "ties_at_cut": list(self.ties_at_cut),
            "decided_by": self.decided_by,
            "lot": self.lot.to_json() if self.lot else None,
            "ties": [t.to_json() for t in self.ties],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "ElectionResult | None":
        """None for an election not counted (an empty dict); missing keys read as empty."""
        if not data:
            return None
        return cls(
            totals=tuple((int(cid), int(votes)) for cid, votes in data.get("totals") or ()),
            ballots=_int(data, "ballots"),
            blank=_int(data, "blank"),
            elected=_ints(data.get("elected")),
            ties_at_cut=_ints(data.get("ties_at_cut")),
            decided_by=data.get("decided_by"),
            lot=Lot.from_json(data.get("lot")),
            ties=tuple(Tie.from_json(t) for t in data.get("ties") or () if isinstance(t, Mapping)),
        )
