"""The HTTP edge of the campaigns: who reaches the office pages, the office's forms and their
errors, what the public reads in Italian and English, the map's GeoJSON, the open data files and
the member's page."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from cocopa.campaigns import services
from cocopa.campaigns.models import Adoption, Campaign
from cocopa.campaigns.testing import make_campaign, make_member
from cocopa.core import tables

pytestmark = pytest.mark.django_db


def _adopt(campaign, member, **fields):
    return services.record_adoption(campaign, services.AdoptionInput(member=member, **fields), actor=None)


# --- Office pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/office/campaigns/", "/office/campaigns/new/", "/en/office/campaigns/"])
def test_a_plain_user_cannot_reach_the_office_campaigns(client, plain_user, path):
    client.force_login(plain_user)
    assert client.get(path).status_code == 403


def test_a_plain_user_cannot_record_an_adoption(client, plain_user):
    campaign, rivoli = make_campaign(), make_member()
    client.force_login(plain_user)
    url = reverse("campaigns_office:record-adoption", args=[campaign.pk])
    assert client.post(url, {"adoption-member": rivoli.pk}).status_code == 403
    assert not Adoption.objects.exists()


def test_the_office_home_links_to_the_campaigns_for_the_peace_office_only(
    client, peace_office_user, administrative_office_user
):
    client.force_login(peace_office_user)
    assert 'id="area-campaigns"' in client.get("/office/").content.decode()
    client.force_login(administrative_office_user)
    assert 'id="area-campaigns"' not in client.get("/office/").content.decode()


def test_the_peace_office_creates_a_campaign(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(
        "/office/campaigns/new/",
        {
            "name_it": "Giornata della pace",
            "name_en": "Peace day",
            "kind": "national_day",
            "start": "2024-10",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns_office:edit", args=[campaign.pk])
    assert campaign.start_on == dt.date(2024, 10, 1)


def test_a_bad_date_is_shown_beside_its_field(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(
        "/en/office/campaigns/new/", {"name_it": "Giornata", "kind": "national_day", "start": "ottobre 2024"}
    )
    assert response.status_code == 400
    assert 'data-field-error="start"' in response.content.decode()
    assert "YYYY-MM-DD" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_office_records_an_adoption_with_its_act_and_a_second_one_is_refused_beside_the_member(
    client, peace_office_user
):
    campaign, rivoli = make_campaign(), make_member()
    client.force_login(peace_office_user)
    url = reverse("campaigns_office:record-adoption", args=[campaign.pk])
    data = {
        "adoption-member": rivoli.pk,
        "adoption-act_body": "council",
        "adoption-act_number": "45",
        "adoption-act_on": "2014-03-12",
    }
    assert client.post(url, data).status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.member, adoption.act_number, adoption.adopted_on) == (rivoli, "45", dt.date(2014, 3, 12))
    again = client.post(url, data)
    assert again.status_code == 409
    page = again.content.decode()
    assert 'data-field-error="member"' in page
    assert "Rivoli ha già adottato questa campagna" in page  # the office works in Italian
    assert Adoption.objects.count() == 1


def test_the_office_removes_an_adoption(client, peace_office_user):
    adoption = _adopt(make_campaign(), make_member())
    client.force_login(peace_office_user)
    response = client.post(reverse("campaigns_office:remove-adoption", args=[adoption.pk]))
    assert response.status_code == 302
    assert not Adoption.objects.exists()


def test_the_office_deletes_a_campaign_after_confirming(client, peace_office_user):
    campaign = make_campaign()
    client.force_login(peace_office_user)
    url = reverse("campaigns_office:delete", args=[campaign.pk])
    assert client.get(url).status_code == 200
    assert Campaign.objects.exists()
    assert client.post(url).status_code == 302
    assert not Campaign.objects.exists()


# --- Public pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "name"), [("", "Giornata nazionale per la pace"), ("/en", "National day of peace")]
)
def test_the_list_shows_each_campaign_with_its_count_of_adopting_members(client, prefix, name):
    adopted = make_campaign(name_en="National day of peace")
    make_campaign(name_it="Appello", kind="appeal")
    _adopt(adopted, make_member())
    _adopt(adopted, make_member("Torino", "001272"))
    page = client.get(f"{prefix}/campaigns/").content.decode()
    assert name in page
    assert 'data-adopting="2"' in page
    # A campaign nobody adopted says so instead of showing 0.
    assert 'data-adopting="0"' in page
    assert ">0<" not in page


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_campaign_page_lists_the_adopting_members_with_date_and_act_and_its_map(client, prefix):
    campaign, rivoli = make_campaign(), make_member()
    _adopt(campaign, rivoli, act_body="council", act_number="45", act_on=dt.date(2014, 3, 12))
    response = client.get(f"{prefix}/campaigns/{campaign.slug}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-adopter="001219"' in page
    assert "45" in page
    assert 'id="campaign-map"' in page
    assert reverse("campaigns:members-geojson", args=[campaign.slug]) in page


def test_a_campaign_without_adoptions_says_none_is_recorded_and_draws_no_map(client):
    campaign = make_campaign()
    page = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    assert 'id="no-adoption"' in page
    assert 'id="campaign-map"' not in page


def test_an_unknown_campaign_is_a_404(client):
    assert client.get("/campaigns/nessuna/").status_code == 404


def test_the_map_geojson_has_the_located_adopting_members(client):
    campaign = make_campaign()
    _adopt(campaign, make_member(), adopted="2014-03")
    _adopt(campaign, make_member("Bruino", "001038", located=False))
    response = client.get(reverse("campaigns:members-geojson", args=[campaign.slug]))
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [7.516, 45.071]}
    assert feature["properties"]["member"] == "001219"
    assert feature["properties"]["url"] == "/members/001219/"


def test_the_open_data_geojson_has_every_campaigns_located_adopting_members(client):
    campaign, other = make_campaign(), make_campaign(name_it="Appello per il disarmo")
    rivoli = make_member()
    _adopt(campaign, rivoli, adopted="2014-03")
    _adopt(other, rivoli)
    _adopt(other, make_member("Bruino", "001038", located=False))
    response = client.get("/en/campaigns/campaigns.geojson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    features = json.loads(response.content)["features"]
    assert sorted(f["properties"]["campaign"] for f in features) == sorted([campaign.slug, other.slug])
    for feature in features:
        assert feature["geometry"] == {"type": "Point", "coordinates": [7.516, 45.071]}
        assert feature["properties"]["member"] == "001219"
    by_campaign = {f["properties"]["campaign"]: f["properties"] for f in features}
    assert by_campaign[other.slug]["campaign_name"] == "Appello per il disarmo"
    assert by_campaign[other.slug]["campaign_url"] == f"/en/campaigns/{other.slug}/"


def test_a_members_page_shows_the_campaigns_it_adopted(client):
    campaign, rivoli = make_campaign(), make_member()
    other = make_campaign(name_it="Appello")
    _adopt(campaign, rivoli, act_number="45", act_on=dt.date(2014, 3, 12))
    page = client.get("/members/001219/").content.decode()
    assert 'id="member-campaigns"' in page
    assert f'data-campaign="{campaign.slug}"' in page
    assert f'data-campaign="{other.slug}"' not in page


def test_a_member_that_adopted_nothing_shows_no_campaign_section(client):
    make_member()
    assert 'id="member-campaigns"' not in client.get("/members/001219/").content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_open_data_file_has_one_row_per_adoption(client, fmt):
    campaign = make_campaign()
    _adopt(campaign, make_member(), act_number="45", act_on=dt.date(2014, 3, 12))
    make_campaign(name_it="Appello")
    response = client.get(reverse("campaigns:file", args=[fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        rows = response.content.decode("utf-8-sig").splitlines()
        assert len(rows) == 3
        assert "Rivoli;001219;2014-03-12" in rows[1] or "Rivoli;001219;2014-03-12" in rows[2]
    else:
        [sheet] = tables.read_workbook(response.content).values()
        assert len(sheet) == 3


def test_an_unknown_file_format_is_a_404(client):
    assert client.get("/campaigns/campaigns.pdf").status_code == 404
