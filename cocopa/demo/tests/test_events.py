"""The demo's events register: each event rests on the shared facts, cites its sources, keeps the
facts' precision and uncertainty, and nothing undated or membership-related pretends to be an event."""

import re

import pytest
import yaml

from cocopa.core.dates import format_partial
from cocopa.demo import events as demo_events
from cocopa.events.models import Event

ROWS = yaml.safe_load(demo_events.data_file().read_text(encoding="utf-8"))["events"]


@pytest.mark.django_db
def test_every_demo_event_is_loaded_with_its_sources_and_its_dates_as_given(demo_network):
    loaded = {e.title_it: e for e in Event.objects.prefetch_related("sources")}
    assert len(loaded) == len(ROWS)
    for row in ROWS:
        event = loaded[row["title"]["it"]]
        assert sorted(s.code for s in event.sources.all()) == sorted(row["sources"]), row["title"]["it"]
        assert format_partial(event.start_on, event.start_precision) == row["start"]
        assert format_partial(event.end_on, event.end_precision) == row.get("end", "")
        assert event.uncertain is bool(row.get("uncertain"))
        assert event.uncertain is bool(
            row["fact"].get("uncertain") or row["fact"].get("years", {}).get("uncertain")
        )
        assert event.all_day  # no source gives a time of day
        assert event.is_public


def test_each_demo_event_copies_a_dated_fact_of_the_shared_record(shared_data):
    facts = yaml.safe_load((shared_data / "cocopa" / "facts.yaml").read_text(encoding="utf-8"))
    dated = {(str(f["date"]), f["event"]) for f in facts["events"]}
    for row in ROWS:
        fact = row["fact"]
        if "event" in fact:
            assert (fact["date"], fact["event"]) in dated
            # The event starts on the fact's day (or the first day of its span).
            assert row["start"] == fact["date"].partition("/")[0]
            assert set(row["sources"]) <= set(fact.get("sources") or [fact.get("source")])
        else:  # a project's dated fact
            project = next(p for p in facts["projects"] if p["id"] == fact["project"])
            assert project["years"]["note"] == fact["years"]["note"]
            assert set(row["sources"]) <= set(project["sources"])
        assert "undated" not in row["start"]


def test_no_membership_change_nor_mission_is_an_event():
    words = re.compile(r"\b(joins?|renews?|leaves|rejoins|mission|delegation|visits?)\b", re.IGNORECASE)
    for row in ROWS:
        text = str(row["fact"].get("event", ""))
        assert not words.search(text), text
    assert words.search("Torino renews membership")
