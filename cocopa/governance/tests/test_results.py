"""The one reader and writer of vote results: what the services store reads back the same, and
rows stored before a key existed still read, with the missing parts as nothing recorded."""

from cocopa.governance import ballots, tally
from cocopa.governance.results import Count, ElectionResult, Lot, MotionResult, Quorum


def _counted_motion() -> MotionResult:
    rule = tally.VoteRule(weighting=tally.Weighting.DOUBLE)
    votes = [
        tally.Vote(1, 1000, tally.Choice.FOR),
        tally.Vote(2, 500, tally.Choice.AGAINST),
        tally.Vote(3, 200, tally.Choice.FOR),
        tally.Vote(4, 100, tally.Choice.ABSENT),
    ]
    return MotionResult.from_outcome(tally.tally(rule, votes), rule, Quorum(4, 3, 3))


def test_a_motion_result_reads_back_what_it_wrote():
    result = _counted_motion()

    stored = result.to_json()

    assert MotionResult.from_json(stored) == result
    assert stored["members"]["for"] == 2  # the key the first stored rows used
    assert stored["population"]["for"] == 1200
    assert stored["rule"] == {
        "majority": "simple",
        "weighting": "double",
        "abstentions": "not_counted",
        "tie": "rejected",
    }
    assert stored["quorum"] == {"entitled": 4, "present": 3, "required": 3}


def test_a_motion_never_counted_reads_as_none():
    assert MotionResult.from_json({}) is None
    assert MotionResult.from_json(None) is None


def test_a_motion_row_of_the_old_shape_reads_with_missing_keys_as_nothing_recorded():
    # As written before the rule and quorum were stored, with a count missing some keys.
    old = {"carried": True, "members": {"for": 20, "against": 3, "required": 12}}

    result = MotionResult.from_json(old)

    assert result == MotionResult(
        rule=None,
        carried=True,
        tie=None,
        tie_broken_by=None,
        members=Count(20, 3, 0, 0, 0, 12, carried=False, tie=False),
        population=None,
        quorum=None,
    )


def test_an_election_result_reads_back_what_it_wrote():
    rule = ballots.ElectionRule(ballots.Method.PLURALITY_AT_LARGE, seats=1, tie=ballots.TieRule.LOT)
    counted = ballots.count(
        rule, [ballots.Candidate(7, None), ballots.Candidate(9, None)], [[7], [9]], seed=42
    )
    result = ElectionResult.from_count(counted)

    stored = result.to_json()

    assert ElectionResult.from_json(stored) == result
    assert sorted(stored["totals"]) == [[7, 1], [9, 1]]
    assert stored["decided_by"] == "lot"
    assert stored["lot"]["seed"] == 42
    assert stored["lot"]["among"] == [7, 9]
    assert stored["elected"] == stored["lot"]["drawn"][:1]


def test_an_election_row_of_the_old_shape_reads_with_missing_keys_as_empty():
    old = {"totals": [[5, 12], [6, 4]], "ballots": 16, "elected": [5]}

    result = ElectionResult.from_json(old)

    assert result == ElectionResult(
        totals=((5, 12), (6, 4)), ballots=16, blank=0, elected=(5,), ties_at_cut=(), decided_by=None, lot=None
    )
    assert ElectionResult.from_json({}) is None
    assert Lot.from_json({"seed": 3}) == Lot(3, (), ())
