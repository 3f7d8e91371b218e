"""The members API at its HTTP edge: wiring, JSON shapes, filters, dates, languages, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocopa.core.dates import Precision
from cocopa.members.models import (
    AdhesionAct,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
)
from cocopa.testing import make_authority, make_members, make_size_classes, make_source

MEMBERS = "/api/v1/members"
RIVOLI = "001219"
TORINO = "001272"

ITEM_KEYS = {
    "slug",
    "name",
    "kind",
    "istat_code",
    "province_code",
    "size_class",
    "population",
    "population_on",
    "population_is_later",
    "member_since",
    "url",
}


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def test_the_members_list_is_paginated_with_items_and_count(client, demo_network):
    response = client.get(MEMBERS, {"at": "2024-09-01", "page_size": 5})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert len(body["items"]) == 5
    assert body["count"] == 35
    assert set(body["items"][0]) == ITEM_KEYS


def test_pages_follow_each_other_without_overlap(client, demo_network):
    first = slugs(client.get(MEMBERS, {"at": "2024-09-01", "page_size": 20}))
    second = slugs(client.get(MEMBERS, {"at": "2024-09-01", "page_size": 20, "page": 2}))

    assert len(first) == 20
    assert len(second) == 15
    assert not set(first) & set(second)


def test_a_page_holds_fifty_members_unless_asked_and_never_more_than_five_hundred(client, db):
    make_members(520)

    assert len(client.get(MEMBERS).json()["items"]) == 50
    assert len(client.get(MEMBERS, {"page_size": 10_000}).json()["items"]) == 500


def test_a_member_row_says_which_figure_stands_for_the_date(client, demo_network):
    response = client.get(MEMBERS, {"at": "2024-09-01", "page_size": 500})

    rivoli = next(item for item in response.json()["items"] if item["slug"] == RIVOLI)
    assert rivoli == {
        "slug": RIVOLI,
        "name": "Rivoli",
        "kind": "municipality",
        "istat_code": RIVOLI,
        "province_code": "001",
        "size_class": "large",
        "population": 48632,
        "population_on": "2011-10-09",
        "population_is_later": False,
        "member_since": "1995-10-04",
        "url": f"http://testserver/api/v1/members/{RIVOLI}",
    }


def test_a_later_figure_stands_in_before_the_first_census_and_says_so(client, demo_network):
    response = client.get(MEMBERS, {"at": "2000-01-01", "page_size": 500})

    rivoli = next(item for item in response.json()["items"] if item["slug"] == RIVOLI)
    assert rivoli["population"] == 48632
    assert rivoli["population_on"] == "2011-10-09"
    assert rivoli["population_is_later"] is True


def test_the_list_is_taken_on_the_date_asked(client, demo_network):
    # Rivoli left in 2020 and rejoined in 2024.
    assert RIVOLI not in slugs(client.get(MEMBERS, {"at": "2021-06-01", "page_size": 500}))
    assert RIVOLI in slugs(client.get(MEMBERS, {"at": "2024-09-01", "page_size": 500}))


def test_the_list_can_be_filtered_by_kind(client, demo_network):
    response = client.get(MEMBERS, {"at": "2024-09-01", "kind": "province"})

    assert slugs(response) == ["province-201"]
    assert response.json()["items"][0]["size_class"] is None


def test_the_list_can_be_filtered_by_size_class(client, demo_network):
    large = client.get(MEMBERS, {"at": "2024-09-01", "size_class": "large", "page_size": 500}).json()
    capital = client.get(MEMBERS, {"at": "2024-09-01", "size_class": "capital"}).json()

    assert large["count"] == 9
    assert {item["size_class"] for item in large["items"]} == {"large"}
    assert [item["slug"] for item in capital["items"]] == [TORINO]


def test_an_unknown_size_class_lists_nobody(client, demo_network):
    response = client.get(MEMBERS, {"size_class": "huge"})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"at": "yesterday"}, "at"),
        ({"at": "2024-02-30"}, "at"),
        ({"at": "86400"}, "at"),
        ({"kind": "county"}, "kind"),
        ({"size_class": "Large!"}, "size_class"),
        ({"page": 0}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"lang": "fr"}, "lang"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, db, params, field):
    response = client.get(MEMBERS, params)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [error["field"] for error in body["errors"]] == [field]
    assert body["errors"][0]["location"] == "query"


def test_an_authority_in_full(client, demo_network):
    response = client.get(f"{MEMBERS}/{RIVOLI}", {"at": "2024-09-01", "lang": "en"})

    assert response.status_code == 200
    body = response.json()
    assert ITEM_KEYS < set(body)
    assert body["is_member"] is True
    assert body["member_since"] == "1995-10-04"
    assert body["population_series"] == [
        {
            "value": 48632,
            "reference_date": "2011-10-09",
            "precision": "day",
            "reference_label": "2011-10-09",
            "basis": "ISTAT legal population, 2011 census",
            "source": body["population_series"][0]["source"],
            "uncertain": False,
            "preferred": True,
        }
    ]
    assert body["population_series"][0]["source"]["code"] == "S45"
    left, back = body["memberships"]
    assert (left["start_label"], left["end_label"], left["end_basis"]) == ("1995-10-04", "2020", "left")
    assert [s["code"] for s in left["sources"]] == ["S44", "S41"]
    assert (back["start_label"], back["end_on"], back["end_basis"]) == ("2024", None, None)
    assert [(a["kind"], a["adopted_on"], a["body"]) for a in body["acts"]][:2] == [
        ("adhesion", "1995-10-04", "Town council"),
        ("withdrawal", "2020", "Town council"),
    ]
    assert {"date", "what", "source", "uncertain"} == set(body["evidence"][0])
    assert any(e["date"] == "undated (about 2007-2011)" and e["uncertain"] for e in body["evidence"])


def test_a_former_member_has_a_page_that_says_it_was_not_a_member(client, demo_network):
    response = client.get(f"{MEMBERS}/{RIVOLI}", {"at": "2021-06-01"})

    assert response.status_code == 200
    assert response.json()["is_member"] is False


def test_supra_municipal_authorities_are_found_by_their_code(client, demo_network):
    metro = client.get(f"{MEMBERS}/province-201").json()
    province = client.get(f"{MEMBERS}/province-001").json()

    assert metro["name"] == "Città metropolitana di Torino"
    assert province["name"] == "Provincia di Torino"
    assert metro["url"].endswith("/api/v1/members/province-201")


def test_the_capital_is_shown_apart_from_the_size_classes(client, demo_network):
    assert client.get(f"{MEMBERS}/{TORINO}").json()["size_class"] == "capital"


@pytest.mark.parametrize(
    "slug", ["999999", "nope", "province-999", "municipality-x\x00", "region-" + "9" * 30]
)
def test_an_unknown_slug_is_a_404_with_code(client, demo_network, slug):
    response = client.get(f"{MEMBERS}/{slug}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_accept_language_chooses_the_language_of_translated_fields(client, demo_network):
    italian = client.get(f"{MEMBERS}/{RIVOLI}", headers={"accept-language": "it"})
    english = client.get(f"{MEMBERS}/{RIVOLI}", headers={"accept-language": "en-GB,en;q=0.8"})

    assert italian.json()["acts"][0]["body"] == "Consiglio comunale"
    assert english.json()["acts"][0]["body"] == "Town council"
    assert english.headers["Content-Language"] == "en"
    assert "Accept-Language" in english.headers["Vary"]


def test_lang_in_the_query_wins_over_accept_language(client, demo_network):
    response = client.get(f"{MEMBERS}/{RIVOLI}", {"lang": "it"}, headers={"accept-language": "en"})

    assert response.json()["acts"][0]["body"] == "Consiglio comunale"
    assert response.headers["Content-Language"] == "it"


def test_italian_is_the_default_language(client, demo_network):
    response = client.get(f"{MEMBERS}/{RIVOLI}")

    assert response.json()["acts"][0]["body"] == "Consiglio comunale"


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_members_list_costs_the_same_queries_for_30_and_3000_members(client, db):
    make_size_classes()
    make_members(30)
    few = count_queries(client, MEMBERS, {"page_size": 500})

    make_members(2970)
    many = count_queries(client, MEMBERS, {"page_size": 500})

    assert client.get(MEMBERS).json()["count"] == 3000
    assert few == many


def test_an_authority_page_costs_the_same_queries_however_much_is_known(client, db):
    make_size_classes()
    plain = make_authority("Plain", 1000, joined=dt.date(2000, 1, 1))
    rich = make_authority("Rich", 2000, joined=dt.date(1995, 1, 1), left=dt.date(1999, 12, 31))
    source, other = make_source("T1"), make_source("T2", "Another")
    for year in range(2001, 2021):
        PopulationFigure.objects.create(
            authority=rich, value=2000 + year, reference_date=dt.date(year, 1, 1), source=source
        )
    Membership.objects.create(authority=rich, start_on=dt.date(2001, 1, 1), start_source=source)
    for year in range(1995, 2001):
        AdhesionAct.objects.create(
            authority=rich, kind=AdhesionAct.Kind.RENEWAL, adopted_on=dt.date(year, 1, 1), source=other
        )
        MembershipEvidence.objects.create(
            authority=rich, on=dt.date(year, 6, 1), on_precision=Precision.MONTH, what="listed", source=source
        )

    assert count_queries(client, f"{MEMBERS}/{plain.slug}") == count_queries(client, f"{MEMBERS}/{rich.slug}")


def test_an_authority_without_any_code_is_found_by_its_id(client, db):
    authority = LocalAuthority.objects.create(kind=LocalAuthority.Kind.OTHER, name="Unione dei comuni")

    response = client.get(f"{MEMBERS}/other-{authority.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Unione dei comuni"
