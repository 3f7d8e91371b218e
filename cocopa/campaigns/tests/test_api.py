"""The campaigns API: every campaign with its adoptions, public fields only."""

import datetime as dt

import pytest

from cocopa.campaigns import services
from cocopa.campaigns.testing import make_campaign, make_member
from cocopa.core.models import Source
from cocopa.network.models import NetworkProfile

pytestmark = pytest.mark.django_db


def test_the_list_gives_each_campaign_with_its_adoptions(client):
    campaign = make_campaign(name_en="National day of peace", start="2014-06")
    source = Source.objects.create(code="S99", title="A council's act")
    services.record_adoption(
        campaign,
        services.AdoptionInput(
            member=make_member(),
            act_body="council",
            act_number="45",
            act_on=dt.date(2014, 3, 12),
            source=source,
        ),
        actor=None,
    )
    NetworkProfile.objects.create(name="Coordinamento", acronym="Co.Co.Pa.")
    services.record_adoption(campaign, services.AdoptionInput(by_network=True), actor=None)
    data = client.get("/api/v1/campaigns?lang=en").json()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["name"] == "National day of peace"
    assert item["start"] == "2014-06"
    assert item["adopting_members"] == 1
    member, network = item["adoptions"]
    assert member["member"] == "001219"
    assert member["adopted"] == "2014-03-12"
    assert (member["act_body"], member["act_number"], member["act_on"]) == ("council", "45", "2014-03-12")
    assert member["source"]["code"] == "S99"
    assert network["network"] is True
    assert network["member"] is None
    # Public fields only: nothing of who recorded it, nor when.
    assert "recorded_at" not in member


def test_one_campaign_and_an_unknown_one(client):
    campaign = make_campaign()
    assert client.get(f"/api/v1/campaigns/{campaign.slug}").json()["slug"] == campaign.slug
    response = client.get("/api/v1/campaigns/nessuna")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
