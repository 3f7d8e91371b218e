"""The overview and the map's GeoJSON are cached under the data version (core.dataversion): a
repeated request reads only the version, and any write to what they show, however it is made
(ORM, bulk, raw SQL), makes them recompute. The suite runs on SQLite and on PostgreSQL (CI)."""

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cocopa.cooperation.models import Initiative, Participation, Place, PortfolioClaim, RecipientCountry
from cocopa.cooperation.tests.test_queries import MEMBER, make_portfolio
from cocopa.network.models import NetworkProfile

pytestmark = pytest.mark.django_db


def _url(name: str, query: str = "") -> str:
    with translation.override("en"):
        return reverse(f"cooperation:{name}") + query


def _geojson(query: str = "") -> dict[str, Any]:
    response = Client().get(_url("places-geojson", query))
    assert response.status_code == 200
    data: dict[str, Any] = json.loads(response.content)
    return data


def _places(query: str = "") -> list[tuple[str, str, str]]:
    return [
        (f["properties"]["initiative"], f["properties"]["name"], f["properties"]["title"])
        for f in _geojson(query)["features"]
    ]


def _without_nonces(content: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', content)


def _overview() -> str:
    response = Client().get(_url("overview"))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    "path",
    [
        _url("overview"),
        _url("places-geojson"),
        _url("places-geojson", f"?member={MEMBER}&year=2001"),
        _url("places-geojson", f"?member={MEMBER}&country=ML"),  # valid, and empty
    ],
)
def test_a_repeated_request_reads_only_the_data_version(path):
    make_portfolio(5)
    NetworkProfile.objects.create(name="Test network", acronym="TN")  # else base.html looks for one
    first = Client().get(path)

    with CaptureQueriesContext(connection) as captured:
        again = Client().get(path)

    assert again.status_code == first.status_code
    # Only the CSP nonce of the page's own inline scripts may change between two answers.
    assert _without_nonces(again.content) == _without_nonces(first.content)
    assert len(captured) == 1, [q["sql"] for q in captured]
    assert "core_dataversion" in captured[0]["sql"]


def test_a_refused_geojson_is_a_fresh_page_each_time():
    """The reading of the filters is cached, never the page that refuses them: a copy would carry
    the first request's CSP nonce and what the site said then."""
    make_portfolio(2)
    network = NetworkProfile.objects.create(name="Test network", acronym="TN")
    first = Client().get(_url("places-geojson", "?country=ZZ"))
    network.acronym = "TN2"
    network.save()
    again = Client().get(_url("places-geojson", "?country=ZZ"))

    assert first.status_code == again.status_code == 400
    assert ">TN<" in first.text
    assert ">TN2<" in again.text


def test_writes_to_initiatives_places_and_participations_change_the_geojson():
    make_portfolio(3)
    before = _places()
    assert ("i-0001", "Place 0", "Initiative 1") in before
    assert {i for i, _name, _title in _places(f"?member={MEMBER}")} == {"i-0000", "i-0001", "i-0002"}

    Place.objects.filter(initiative__identifier="i-0001", name="Place 0").update(name="Moved")
    assert ("i-0001", "Moved", "Initiative 1") in _places()

    Initiative.objects.filter(identifier="i-0001").update(title_it="Rinominata", title_en="Renamed")
    assert ("i-0001", "Moved", "Renamed") in _places()

    with connection.cursor() as cursor:  # behind the ORM's back: the triggers still see it
        cursor.execute("UPDATE cooperation_place SET latitude = NULL WHERE name = 'Moved'")
    assert ("i-0001", "Moved", "Renamed") not in _places()

    Participation.objects.filter(
        initiative__identifier="i-0002", organisation__authority__isnull=False
    ).delete()
    assert {i for i, _name, _title in _places(f"?member={MEMBER}")} == {"i-0000", "i-0001"}

    Place.objects.bulk_create(
        [Place(initiative=Initiative.objects.get(identifier="i-0000"), name="New", latitude=1, longitude=2)]
    )
    assert ("i-0000", "New", "Initiative 0") in _places()
    assert len(_places()) == len(before)  # one place left the map, one joined it


def test_writes_to_initiatives_countries_and_claims_change_the_overview():
    make_portfolio(4)
    page = _overview()
    assert "The registry holds 4 initiatives" in page
    assert "Mali" not in page

    RecipientCountry.objects.create(initiative=Initiative.objects.get(identifier="i-0001"), code="ML")
    assert "Mali" in _overview()

    PortfolioClaim.objects.filter(country="BF").update(text_en="Burkina Faso (7)", text_it="Burkina Faso (7)")
    assert "Burkina Faso (7)" in _overview()

    Initiative.objects.filter(identifier="i-0003").delete()
    assert "The registry holds 3 initiatives" in _overview()


def test_the_geojson_has_an_etag_that_follows_the_data():
    make_portfolio(2)
    client = Client()
    first = client.get(_url("places-geojson"))
    etag = first["ETag"]

    assert client.get(_url("places-geojson"), headers={"if-none-match": etag}).status_code == 304
    Place.objects.filter(name="Place 1").update(name="Elsewhere")
    changed = client.get(_url("places-geojson"), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"Elsewhere" in changed.content


def test_each_language_and_filter_has_its_own_geojson():
    make_portfolio(4)
    Initiative.objects.filter(identifier="i-0001").update(title_it="Titolo", title_en="Title")

    english = {f["properties"]["title"] for f in _geojson()["features"]}
    with translation.override("it"):
        italian_url = reverse("cooperation:places-geojson")
    italian = {f["properties"]["title"] for f in json.loads(Client().get(italian_url).content)["features"]}

    assert "Title" in english
    assert "Titolo" not in english
    assert "Titolo" in italian
    assert "Title" not in italian
    assert {i for i, _n, _t in _places("?country=BF")} == {"i-0001", "i-0003"}
    assert {i for i, _n, _t in _places("?country=PS")} == {"i-0000", "i-0002"}
