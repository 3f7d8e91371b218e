"""The governance API: bodies with their composition on a day, mandates, meetings, resolutions."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocopa.governance.models import AgendaItem, Attendance, Body, Mandate, Meeting, Person, Resolution
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db

API = "/api/v1/governance"


def _holders(body: dict[str, Any]) -> set[str]:
    return {m["person"] or m["authority"]["name"] for p in body["positions"] for m in p["mandates"]}


def _body(bodies: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(b for b in bodies if b["key"] == key)


def test_bodies_in_order_with_their_composition(demo_network, client):
    response = client.get(f"{API}/bodies")

    assert response.status_code == 200
    bodies = response.json()
    assert [b["key"] for b in bodies] == list(
        Body.objects.order_by("order", "pk").values_list("key", flat=True)
    )
    presidency = _body(bodies, "presidenza")
    assert _holders(presidency) == {"Carlo Garrone", "Matteo Carosso"}
    assert presidency["rules"]["defaults"] is True
    assert presidency["assembly"] is None
    garrone = next(
        m for p in presidency["positions"] for m in p["mandates"] if m["person"] == "Carlo Garrone"
    )
    assert garrone["authority"] == {"slug": "001219", "name": "Rivoli"}
    assert garrone["began"] == "election"
    assert garrone["source"]["code"] == "S07"
    board = _body(bodies, "comitato-direttivo")
    assert board["rules"]["term_years"] == 3
    assert board["rules"]["term_uncertain"] is True
    assert board["rules"]["term_source"]["code"] == "SEED"
    assembly = _body(bodies, "assemblea")
    assert assembly["assembly"]["seats"] == len(assembly["assembly"]["members"]) > 0
    assert assembly["positions"] == []
    office = _body(bodies, "ufficio-amministrativo")
    assert {m["authority"]["name"] for m in office["undated"]} == {"Torino", "Grugliasco"}
    assert _holders(office) == set()
    assert office["positions"][0]["without_holder"] == 1


@pytest.mark.parametrize(
    ("at", "holders"),
    [
        ("2024-06-01", {"Cesare Riccardo"}),
        ("2007-05-15", {"Angelo Ferrero"}),
        ("2000-01-01", set()),
    ],
)
def test_bodies_on_a_past_day(demo_network, client, at, holders):
    bodies = client.get(f"{API}/bodies", {"at": at}).json()

    assert _holders(_body(bodies, "presidenza")) == holders
    assert _body(bodies, "presidenza")["day"] == at


def test_one_body_and_the_missing_one(demo_network, client):
    found = client.get(f"{API}/bodies/presidenza", {"at": "2024-06-01", "lang": "en"})
    missing = client.get(f"{API}/bodies/no-such-body")

    assert found.status_code == 200
    assert found.json()["name"] == "Presidency"
    assert _holders(found.json()) == {"Cesare Riccardo"}
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get(f"{API}/bodies/presidenza", {"at": "2024-13-01"}).json()["code"] == "invalid_input"


def test_mandates_filtered_and_paginated(demo_network, client):
    everything = client.get(f"{API}/mandates").json()
    presidents = client.get(f"{API}/mandates", {"body": "presidenza"}).json()
    riccardo = client.get(f"{API}/mandates", {"person": "riccardo"}).json()
    in_2024 = client.get(f"{API}/mandates", {"body": "presidenza", "at": "2024-06-01"}).json()
    paged = client.get(f"{API}/mandates", {"page_size": 2, "page": 2}).json()

    assert everything["count"] == Mandate.objects.count()
    assert {m["person"] for m in presidents["items"]} == {
        "Angelo Ferrero",
        "Cesare Riccardo",
        "Carlo Garrone",
        "Matteo Carosso",
    }
    assert [m["person"] for m in riccardo["items"]] == ["Cesare Riccardo"]
    assert riccardo["items"][0]["end_label"] == "2024-12-09"
    assert riccardo["items"][0]["ended"] == "succeeded"
    assert [m["person"] for m in in_2024["items"]] == ["Cesare Riccardo"]
    assert len(paged["items"]) == 2
    ferrero = next(m for m in presidents["items"] if m["person"] == "Angelo Ferrero")
    assert (ferrero["start_label"], ferrero["end_label"]) == ("2007-05", "2007-05")


def _meetings() -> tuple[Meeting, Meeting]:
    assembly = Body.objects.get(key="assemblea")
    now = timezone.now()
    upcoming = Meeting.objects.create(
        body=assembly,
        starts_at=now + dt.timedelta(days=7),
        online_url="https://meet.example.org/a",
        convened_on=now.date(),
    )
    AgendaItem.objects.create(meeting=upcoming, number=1, title="Bilancio")
    AgendaItem.objects.create(meeting=upcoming, number=2, title="Varie")
    held = Meeting.objects.create(
        body=assembly,
        starts_at=now - dt.timedelta(days=30),
        place="Torino",
        convened_on=(now - dt.timedelta(days=45)).date(),
        status=Meeting.Status.HELD,
    )
    person = Person.objects.create(name="Attendee Name")
    for i, authority in enumerate(LocalAuthority.objects.all()[:5]):
        presence = [Attendance.Presence.PRESENT, Attendance.Presence.PRESENT, Attendance.Presence.PROXY][
            i % 3
        ]
        Attendance.objects.create(meeting=held, authority=authority, presence=presence, person=person)
    return upcoming, held


def test_meetings_upcoming_and_past(demo_network, client):
    upcoming, held = _meetings()

    soon = client.get(f"{API}/meetings").json()["items"]
    past = client.get(f"{API}/meetings", {"when": "past"}).json()["items"]

    assert [m["uid"] for m in soon] == [str(upcoming.uid)]
    assert soon[0]["agenda"] == ["Bilancio", "Varie"]
    assert soon[0]["attendance"] is None
    assert soon[0]["quorum"] is None
    assert [m["uid"] for m in past] == [str(held.uid)]
    assert past[0]["attendance"] == {"present": 4, "proxy": 1, "absent": 0, "unrecorded": 0}
    assert past[0]["quorum"]["entitled"] == 5
    assert past[0]["quorum"]["present"] == 5
    assert past[0]["quorum"]["reached"] is True
    assert "Attendee Name" not in str(past)
    assert client.get(f"{API}/meetings", {"when": "someday"}).status_code == 422


def test_resolutions_with_their_figures(demo_network, client):
    assembly = Body.objects.get(key="assemblea")
    Resolution.objects.create(
        body=assembly,
        year=2025,
        number=1,
        adopted_on=dt.date(2025, 3, 1),
        title="Bilancio 2025",
        figures={
            "rule": {
                "majority": "simple",
                "weighting": "members",
                "abstentions": "not_counted",
                "tie": "rejected",
            },
            "carried": True,
            "tie": False,
            "tie_broken_by": None,
            "members": {
                "for": 20,
                "against": 3,
                "abstain": 2,
                "absent": 11,
                "base": 23,
                "required": 12,
                "carried": True,
                "tie": False,
            },
            "population": None,
            "quorum": {"entitled": 36, "present": 25, "required": 19},
        },
    )
    Resolution.objects.create(
        body=assembly, year=2024, number=4, adopted_on=dt.date(2024, 5, 1), title="Senza voto"
    )
    Resolution.objects.create(
        body=assembly, year=2025, number=2, adopted_on=dt.date(2025, 4, 1), title="Riservata", published=False
    )

    listed = client.get(f"{API}/resolutions").json()["items"]
    of_2024 = client.get(f"{API}/resolutions", {"year": 2024, "body": "assemblea"}).json()["items"]

    assert [(r["year"], r["number"]) for r in listed] == [(2025, 1), (2024, 4)]
    figures = listed[0]["figures"]
    assert figures["members"]["in_favour"] == 20
    assert figures["members"]["required"] == 12
    assert figures["population"] is None
    assert figures["quorum"] == {"entitled": 36, "present": 25, "required": 19}
    assert figures["rule"]["majority"] == "simple"
    assert [r["title"] for r in of_2024] == ["Senza voto"]
    assert of_2024[0]["figures"] is None


def test_a_resolution_stored_in_the_old_shape_still_reads(demo_network, client):
    # Figures written before the rule and quorum were kept, with a count missing some keys.
    Resolution.objects.create(
        body=Body.objects.get(key="assemblea"),
        year=2019,
        number=3,
        adopted_on=dt.date(2019, 6, 1),
        title="Prima del 2020",
        figures={"carried": True, "members": {"for": 14, "against": 2}},
    )

    listed = client.get(f"{API}/resolutions", {"year": 2019}).json()["items"]

    assert listed[0]["figures"] == {
        "carried": True,
        "tie": None,
        "tie_broken_by": None,
        "rule": None,
        "members": {
            "in_favour": 14,
            "against": 2,
            "abstain": 0,
            "absent": 0,
            "base": 0,
            "required": 0,
            "carried": False,
            "tie": False,
        },
        "population": None,
        "quorum": None,
    }


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_board_members(n: int) -> None:
    board = Body.objects.get(key="comitato-direttivo")
    position = board.positions.get(key="member")
    authorities = list(LocalAuthority.objects.all()[:n])
    for i in range(n):
        Mandate.objects.create(
            body=board,
            position=position,
            person=Person.objects.create(name=f"Board member {i}"),
            authority=authorities[i],
            start_on=dt.date(2024, 12, 10),
            began=Mandate.Began.ELECTION,
        )


def test_the_bodies_queries_do_not_grow_with_the_mandates(demo_network, client):
    _more_board_members(3)
    few = _count(client, f"{API}/bodies")
    _more_board_members(10)
    many = _count(client, f"{API}/bodies")

    assert many == few
