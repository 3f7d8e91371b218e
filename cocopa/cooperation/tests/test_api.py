"""The cooperation API at its HTTP edge: lists with the map's filters, one initiative, places as GeoJSON."""

import json
from pathlib import Path

import pytest

from cocopa.api import api
from cocopa.cooperation.models import Initiative

INITIATIVES = "/api/v1/initiatives"
PLACES = "/api/v1/places"


def test_the_list_is_paginated_and_chronological(client, demo_network):
    response = client.get(INITIATIVES, {"page_size": 5, "lang": "en"})

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == Initiative.objects.count()
    assert len(data["items"]) == 5
    assert data["items"][0]["identifier"] == "betlemme-2000"
    first = data["items"][0]
    assert [c["code"] for c in first["countries"]] == ["PS"]
    assert first["url"] == "/en/cooperation/initiatives/betlemme-2000/"
    assert first["status_name"] == "closed"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "BF"}, lambda qs: qs.filter(countries__code="BF")),
        ({"kind": "mission"}, lambda qs: qs.filter(kind__key="mission")),
        ({"status": "4"}, lambda qs: qs.filter(status="4")),
        (
            {"member": "001024"},
            lambda qs: qs.filter(participations__organisation__authority__istat_code="001024"),
        ),
    ],
)
def test_the_list_filters_as_the_map_does(client, demo_network, query, expected):
    response = client.get(INITIATIVES, {**query, "page_size": 500})

    assert response.status_code == 200
    got = {i["identifier"] for i in response.json()["items"]}
    assert got == set(expected(Initiative.objects.all()).values_list("identifier", flat=True))
    assert got


def test_the_year_filter_keeps_what_was_under_way(client, demo_network):
    got = {i["identifier"] for i in client.get(INITIATIVES, {"year": 2002, "country": "PS"}).json()["items"]}

    assert got == {"jahaleen-abu-dis", "gaza-water-filters"}


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"country": "bf"},
        {"status": "9"},
        {"page_size": 0},
        {"lang": "fr"},
    ],
)
def test_bad_filters_are_invalid_input(client, demo_network, query):
    response = client.get(INITIATIVES, query)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("endpoint", [INITIATIVES, PLACES])
@pytest.mark.parametrize(
    "query",
    [
        {"country": "ZZ"},  # the shape of a code, but no country's
        {"action": 999_999},
        {"member": "999999"},
        {"kind": "nothing"},
    ],
)
def test_a_value_of_the_right_shape_that_names_nothing_is_an_empty_answer(
    client, demo_network, endpoint, query
):
    # The schema cannot list the registry's ids: a request it calls valid is answered, not refused.
    response = client.get(endpoint, query)

    assert response.status_code == 200
    data = response.json()
    assert data.get("items", data.get("features")) == []


@pytest.mark.parametrize("endpoint", [INITIATIVES, PLACES])
def test_a_country_without_initiatives_is_an_empty_answer_not_an_error(client, demo_network, endpoint):
    response = client.get(endpoint, {"country": "ML"})

    assert response.status_code == 200
    data = response.json()
    assert data.get("items", data.get("features")) == []


def test_one_initiative_in_full_with_its_date_claims(client, demo_network):
    response = client.get(f"{INITIATIVES}/tsunami-india-srilanka", {"lang": "en"})

    assert response.status_code == 200
    data = response.json()
    assert data["title"].startswith("Tsunami")
    assert data["period"] == "2005–2009"
    claims = {(c["source"], c["used"]) for c in data["date_claims"]}
    assert ("SEED", False) in claims
    assert ("S39", True) in claims
    assert ("S20", True) in claims
    assert {c["code"] for c in data["countries"]} == {"IN", "LK"}
    assert any(p["member"] == "001272" and p["lead"] for p in data["participations"])


def test_an_unknown_initiative_is_not_found(client, demo_network):
    response = client.get(f"{INITIATIVES}/no-such-thing")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_places_are_a_geojson_feature_collection(client, demo_network):
    response = client.get(PLACES, {"country": "PS", "lang": "en"})

    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 34 < lon < 36
    assert 31 < lat < 32
    assert {f["properties"]["country"] for f in data["features"]} == {"PS"}
    located = Initiative.objects.filter(countries__code="PS", places__latitude__isnull=False).count()
    assert len(data["features"]) == located


def test_the_texts_follow_lang(client, demo_network):
    it = client.get(f"{INITIATIVES}/help-haiti", {"lang": "it"}).json()
    en = client.get(f"{INITIATIVES}/help-haiti", {"lang": "en"}).json()

    assert it["url"] == "/cooperation/initiatives/help-haiti/"
    assert en["url"] == "/en/cooperation/initiatives/help-haiti/"
    assert it["kind_name"] != en["kind_name"]


def test_the_endpoints_are_in_the_openapi_schema():
    schema = api.get_openapi_schema()
    operations = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    }

    assert {"list_initiatives", "get_initiative", "list_places"} <= operations
    parameters = {p["name"] for p in schema["paths"]["/api/v1/initiatives"]["get"]["parameters"]}
    assert {"action", "intervention", "country", "member", "year", "status", "kind", "lang"} <= parameters


def test_the_committed_openapi_file_lists_the_cooperation_endpoints():
    committed = json.loads((Path(__file__).resolve().parents[3] / "openapi.json").read_text())

    assert "/api/v1/initiatives/{identifier}" in committed["paths"]
    assert "/api/v1/places" in committed["paths"]


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_invalid_input_not_a_server_error(client):
    response = client.get("/api/v1/initiatives", {"action": "9" * 25})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
