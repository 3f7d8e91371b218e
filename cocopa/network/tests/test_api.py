"""The network API at its HTTP edge (profile, statistics) and the API's error handling."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocopa.core.errors import Conflict, DomainError
from cocopa.network import queries

NETWORK = "/api/v1/network"
STATISTICS = "/api/v1/statistics"


def test_the_network_profile_has_its_documented_shape(client, demo_network):
    response = client.get(NETWORK)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "name",
        "acronym",
        "founded",
        "founding_claims",
        "description",
        "motto",
        "territory",
        "capital",
        "contacts",
    }
    assert body["acronym"] == "Co.Co.Pa."
    assert body["founded"] == "1995"
    assert body["capital"] == "001272"
    assert body["territory"]["authority"] == "province-201"
    assert body["motto"]["author"] == "E. Balducci"
    assert body["motto"]["date"] == "1994-05-21"
    assert body["motto"]["source"]["code"] == "SEED"
    assert set(body["motto"]["source"]) == {"code", "title", "url"}


def test_every_founding_claim_is_listed_with_its_sources(client, demo_network):
    claims = client.get(NETWORK).json()["founding_claims"]

    assert [c["date"] for c in claims] == ["1995", "1995", "1995-11-09", "1996"]
    assert [s["code"] for s in claims[3]["sources"]] == ["S03", "S07", "S41"]
    assert [c["uncertain"] for c in claims] == [False, True, False, False]


def test_the_contacts_carry_phones_websites_and_their_source(client, demo_network):
    contacts = client.get(NETWORK).json()["contacts"]

    assert contacts["phones"] == ["011 443 2588", "011 443 2587"]
    assert contacts["email"] == "cocopa@comune.torino.it"
    assert contacts["source"]["code"] == "SEED"
    assert [(w["url"], w["current"]) for w in contacts["websites"]] == [
        ("https://www.cocopa.it/", True),
        ("http://www.comune.torino.it/cocopa/", False),
    ]


def test_the_profile_speaks_the_language_asked(client, demo_network):
    italian = client.get(NETWORK).json()
    english = client.get(NETWORK, headers={"accept-language": "en"}).json()
    by_query = client.get(NETWORK, {"lang": "en"}, headers={"accept-language": "it"}).json()

    assert italian["name"] == "Coordinamento Comuni per la Pace della Provincia di Torino"
    assert english["name"] == "Coordination of Municipalities for Peace of the Province of Torino"
    assert by_query["name"] == english["name"]
    assert english["motto"]["occasion"] == "National Assembly of Local Institutions for Peace"
    assert english["contacts"]["websites"][0]["note"] == "current site"


def test_without_a_profile_the_network_is_a_404_with_code(client, db):
    response = client.get(NETWORK)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_statistics_on_a_date(client, demo_network):
    response = client.get(STATISTICS, {"at": "2024-09-01"})

    assert response.status_code == 200
    body = response.json()
    assert body["at"] == "2024-09-01"
    assert body["members"] == 35
    assert body["by_kind"] == {"municipality": 34, "province": 1}
    assert body["municipalities"] == 34
    assert [c["key"] for c in body["classes"]] == ["capital", "large", "medium", "medium_small", "small"]
    assert sum(c["members"] for c in body["classes"]) == 34
    assert body["classes"][1] == {
        "key": "large",
        "name": "grandi",
        "lower_bound": 30000,
        "upper_bound": None,
        "members": 9,
        "population": 390065,
        "smallest": 33741,
        "largest": 55875,
    }
    assert body["population_represented"] == 1536048
    assert body["territory_population"] == 2247780
    assert body["territory_share"] == 68.3  # a JSON number, not a string


def test_statistics_show_what_sources_reported_up_to_the_date(client, demo_network):
    counts = client.get(STATISTICS, {"at": "2000-01-01"}).json()["reported_counts"]

    dated = [c["date"] for c in counts if c["date"][:1].isdigit()]
    assert dated == ["1995", "1995", "1997-02-17", "1998-12-31"]
    assert all(not c["date"][:1].isdigit() for c in counts[len(dated) :])  # then the undated ones
    disputed = counts[1]
    assert disputed["conflicts_with"]["code"] == "S15"
    assert set(disputed) == {"date", "municipalities", "text", "source", "conflicts_with", "uncertain"}


def test_statistics_speak_the_language_asked(client, demo_network):
    english = client.get(STATISTICS, {"at": "2024-09-01", "lang": "en"}).json()

    assert [c["name"] for c in english["classes"]] == [
        "capital city",
        "large",
        "medium",
        "medium/small",
        "small",
    ]
    assert english["reported_counts"][0]["text"] == "founded by 13 municipalities of the province"


def test_statistics_without_a_date_are_for_today(client, demo_network):
    assert client.get(STATISTICS).json()["at"] == queries.today().isoformat()


def test_a_bad_date_is_a_422_naming_the_field(client, db):
    response = client.get(STATISTICS, {"at": "2024-13-01"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["errors"][0]["field"] == "at"


def test_the_profile_and_statistics_cost_a_fixed_number_of_queries(client, demo_network):
    with CaptureQueriesContext(connection) as profile:
        client.get(NETWORK)
    with CaptureQueriesContext(connection) as statistics:
        client.get(STATISTICS)

    assert len(profile) <= 4
    assert len(statistics) <= 8


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (DomainError("period_overlaps", "Two periods overlap."), 400, "period_overlaps"),
        (Conflict("busy", "Busy."), 409, "busy"),
    ],
)
def test_a_domain_error_keeps_its_code_and_status(client, db, monkeypatch, exc, status, code):
    def fail(*args, **kwargs):
        raise exc

    monkeypatch.setattr(queries, "statistics", fail)

    response = client.get(STATISTICS)

    assert response.status_code == status
    assert response.json() == {"code": code, "detail": exc.message}


def test_an_unexpected_error_is_a_json_500_that_reveals_nothing(client, db, monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise RuntimeError("password=hunter2 in /srv/cocopa/settings.py")

    monkeypatch.setattr(queries, "statistics", fail)

    response = client.get(STATISTICS)

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "hunter2" not in response.content.decode()
    assert "hunter2" in caplog.text  # but the office finds it in the log
