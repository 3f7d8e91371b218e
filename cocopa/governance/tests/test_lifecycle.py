"""lifecycle.py and weights.py as plain values: when a meeting's outcome may be recorded, and
what a member's population weighs."""

import datetime as dt

import pytest

from cocopa.governance import lifecycle, weights
from cocopa.governance.lifecycle import Refusal

ROME = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2026, 3, 20, 18, 0, tzinfo=ROME)


def test_a_meeting_opens_at_its_start_time_not_at_midnight():
    assert (
        lifecycle.meeting_outcome_refused(START, False, START - dt.timedelta(hours=9)) == Refusal.NOT_YET_OPEN
    )
    assert (
        lifecycle.meeting_outcome_refused(START, False, START - dt.timedelta(seconds=1))
        == Refusal.NOT_YET_OPEN
    )
    assert lifecycle.meeting_outcome_refused(START, False, START) is None
    assert lifecycle.meeting_outcome_refused(START, False, START + dt.timedelta(days=30)) is None


def test_ten_days_before_the_meeting_nothing_is_recorded():
    assert (
        lifecycle.meeting_outcome_refused(START, False, START - dt.timedelta(days=10)) == Refusal.NOT_YET_OPEN
    )


def test_a_cancelled_meeting_never_opens():
    assert lifecycle.meeting_outcome_refused(START, True, START + dt.timedelta(days=1)) == Refusal.CANCELLED
    assert lifecycle.meeting_outcome_refused(START, True, START - dt.timedelta(days=1)) == Refusal.CANCELLED


def test_the_same_instant_in_another_zone_is_the_same_opening():
    utc_start = START.astimezone(dt.UTC)
    assert lifecycle.meeting_opened(utc_start, START)
    assert not lifecycle.meeting_opened(utc_start, START - dt.timedelta(microseconds=1))


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        lifecycle.meeting_opened(START.replace(tzinfo=None), START)


def test_election_voting_opens_on_the_election_day():
    day = dt.date(2026, 11, 20)
    assert lifecycle.election_voting_refused(day, day - dt.timedelta(days=1)) == Refusal.ELECTION_NOT_YET_OPEN
    assert lifecycle.election_voting_refused(day, day) is None
    assert lifecycle.election_voting_refused(day, day + dt.timedelta(days=3)) is None


NOT = weights.NonMunicipal.NOT_COUNTED
FULL = weights.NonMunicipal.POPULATION


def test_a_municipality_weighs_its_population_under_either_rule():
    assert weights.weight(45_000, municipality=True, rule=NOT) == 45_000
    assert weights.weight(45_000, municipality=True, rule=FULL) == 45_000
    assert weights.weight(None, municipality=True, rule=NOT) is None


def test_the_metropolitan_city_weighs_nothing_by_default():
    assert weights.DEFAULT == NOT
    assert weights.weight(2_247_780, municipality=False, rule=weights.DEFAULT) == 0
    assert weights.weight(None, municipality=False, rule=weights.DEFAULT) == 0


def test_a_body_may_count_the_full_population_of_a_non_municipal_member():
    assert weights.weight(2_247_780, municipality=False, rule=FULL) == 2_247_780


def test_a_negative_population_is_refused():
    with pytest.raises(ValueError, match="negative"):
        weights.weight(-1, municipality=True, rule=NOT)
