"""/api/v1/events: public fields only, the filters, one event."""

import datetime as dt

import pytest

from cocopa.events.testing import make_event
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    torino = make_authority("Torino")
    return {
        "seminar": make_event(
            title_it="Seminario", start="2018-04-13", countries=["BF"], organisers=[torino]
        ),
        "evening": make_event(
            kind="public-evening",
            title_it="Serata",
            start="2025-11-20",
            start_time=dt.time(20, 30),
            country="IT",
        ),
        "course": make_event(
            kind="course", title_it="Corso", start="2017-05", uncertain=True, uncertain_note_it="Incerto"
        ),
        "draft": make_event(title_it="Bozza", start="2025-11-21", is_public=False),
        "torino": torino,
    }


def _titles(client, query=""):
    body = client.get(f"/api/v1/events{query}").json()
    return [e["title"] for e in body["items"]]


def test_the_list_holds_public_events_oldest_first_with_their_public_fields(client, events):
    body = client.get("/api/v1/events").json()
    assert body["count"] == 3
    assert [e["title"] for e in body["items"]] == ["Corso", "Seminario", "Serata"]
    course, seminar, evening = body["items"]
    assert (course["start"], course["end"], course["uncertain"], course["uncertain_note"]) == (
        "2017-05",
        "",
        True,
        "Incerto",
    )
    assert seminar["organisers"] == [{"slug": events["torino"].slug, "name": "Torino"}]
    assert evening["starts_at"] == "2025-11-20T20:30:00+01:00"
    assert evening["all_day"] is False
    assert set(course) >= {"id", "kind", "countries", "sources", "url"}
    assert "is_public" not in course
    assert "created_at" not in course


def test_the_filters(client, events):
    assert _titles(client, "?from=2018-01-01&to=2025-11-20") == ["Seminario", "Serata"]
    assert _titles(client, "?to=2017-05-15") == ["Corso"]
    assert _titles(client, f"?member={events['torino'].slug}") == ["Seminario"]
    assert _titles(client, "?country=BF") == ["Seminario"]
    assert _titles(client, "?country=IT") == ["Serata"]
    assert _titles(client, "?kind=course") == ["Corso"]
    assert _titles(client, "?kind=unknown") == []
    assert _titles(client, "?member=999999") == []
    bad = client.get("/api/v1/events?from=2018-1-1")
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_input"


def test_one_event_and_a_draft_is_not_found(client, events):
    got = client.get(f"/api/v1/events/{events['seminar'].pk}?lang=en").json()
    assert got["title"] == "Seminario"
    assert got["countries"] == ["BF"]
    missing = client.get(f"/api/v1/events/{events['draft'].pk}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
