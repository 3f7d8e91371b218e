"""The API's agreements and missions: public fields, people only as public office holders."""

import pytest

from cocopa.diplomacy.models import Mission

pytestmark = pytest.mark.django_db


def test_the_agreements_come_with_their_parties_dates_and_source(client, demo_network):
    items = client.get("/api/v1/agreements?lang=en").json()["items"]
    pact = next(a for a in items if a["source"] == "S14")
    assert pact["kind"] == "partnership-pact"
    assert (pact["signed_on"], pact["ended_on"]) == ("2017", "2020")
    assert [p["name"] for p in pact["parties_abroad"]] == ["Commune de Ouahigouya"]
    assert [m["slug"] for m in pact["members"]] == ["001164"]
    assert pact["uncertain"] is True
    assert pact["initiatives"] == ["ne-yi-beeogo-burkina"]
    assert client.get("/api/v1/agreements?country=PS").json()["count"] == 1


def test_the_missions_show_people_only_as_the_site_does(client, demo_network):
    visit = Mission.objects.get(source__code="S14")
    person = visit.participants.get()
    body = client.get(f"/api/v1/missions/{visit.pk}?lang=en").json()
    assert body["participants"] == [
        {"shown_as": "Basile Boureima Ouedraogo, Mayor of Ouahigouya", "member": ""}
    ]
    assert body["direction"] == "incoming"
    assert body["started_on"] == "2017-07-01"
    person.public_office = False
    person.save()
    body = client.get(f"/api/v1/missions/{visit.pk}?lang=en").json()
    assert body["participants"] == [{"shown_as": "Mayor of Ouahigouya", "member": ""}]
    assert "Ouedraogo" not in str(body)


def test_missions_filter_by_country_and_unknown_ones_are_404(client, demo_network):
    senegal = client.get("/api/v1/missions?country=SN").json()["items"]
    assert [m["started_on"] for m in senegal] == ["2025-10-28"]
    assert client.get("/api/v1/missions/99999").json()["code"] == "not_found"
    assert client.get("/api/v1/missions?country=sn").status_code == 422
