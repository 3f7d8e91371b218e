"""The public reads: constant query counts, and agreement with the statistics they stand beside."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority
from cocopa.network import queries as network_queries
from cocopa.public import queries
from cocopa.testing import make_authority, make_members


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["public:members", "public:home"])
def test_the_page_uses_the_same_number_of_sql_queries_for_30_and_for_3000_members(client, demo_network, name):
    make_members(30)
    with_30 = count_queries(client, reverse(name))

    make_members(2_970)
    with_3000 = count_queries(client, reverse(name))

    assert with_30 == with_3000


def test_the_members_page_uses_the_same_number_of_sql_queries_for_30_and_for_3000_members(client, db):
    make_members(30)
    with_30 = count_queries(client, reverse("public:members"))

    make_members(2_970)
    with_3000 = count_queries(client, reverse("public:members"))

    assert with_30 == with_3000


def test_a_members_page_uses_a_fixed_number_of_queries(client, demo_network):
    assert count_queries(client, reverse("public:member", args=["001272"])) == count_queries(
        client, reverse("public:member", args=["001219"])
    )


@pytest.mark.parametrize("day", [dt.date(1995, 1, 1), dt.date(2011, 10, 9), dt.date(2025, 6, 1)])
def test_the_figure_in_use_is_the_one_the_statistics_add_up(demo_network, day):
    members = list(queries.listed_members(day, network_queries.profile()))
    figures = queries.figures_by_id(m.population_figure_id for m in members)

    for member in members:
        figure = figures.get(member.population_figure_id) if member.population_figure_id else None
        assert (figure.value if figure else None) == member.population
        assert (figure.reference_date if figure else None) == member.population_on


def test_a_later_figure_stands_in_when_none_is_old_enough(db):
    town = make_authority("Town", 1_000, population_on=dt.date(2011, 10, 9), joined=dt.date(2000, 1, 1))
    row = member_queries.members_at(dt.date(2005, 1, 1)).get(pk=town.pk)

    figure = queries.figure_in_use(town, dt.date(2005, 1, 1))

    assert figure is not None
    assert figure.value == row.population == 1_000


def test_municipalities_on_counts_what_members_at_lists(demo_network):
    days = [dt.date(1997, 2, 17), dt.date(2011, 12, 31), dt.date(2024, 1, 16)]

    counts = queries.municipalities_on(days)

    for day in days:
        listed = member_queries.members_at(day, kind=LocalAuthority.Kind.MUNICIPALITY).count()
        assert counts[day] == listed


def test_a_reported_count_is_compared_on_the_last_day_of_the_period_it_names(demo_network):
    by_text = {r.count.text_en: r for r in queries.reported_counts()}

    assert by_text["33 municipalities"].registry_day == dt.date(1998, 12, 31)
    assert by_text["about thirty administrations of the Città metropolitana"].registry_day == dt.date(
        2017, 2, 28
    )
    assert by_text["Comune di Torino, the Provincia and 34 other municipalities"].registry_day is None


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("001272", "Torino"),
        ("province-201", "Città metropolitana di Torino"),
        ("province-001", "Provincia di Torino"),
    ],
)
def test_a_slug_finds_what_the_slug_property_names(demo_network, slug, name):
    authority = member_queries.authority_on(slug, dt.date(2025, 1, 1))

    assert authority is not None
    assert authority.name == name
    assert authority.slug == slug


def test_a_slug_finds_an_authority_known_only_by_its_id(db):
    region = make_authority("Regione", kind=LocalAuthority.Kind.REGION, province_code="")

    assert member_queries.authority_on(f"region-{region.pk}", dt.date(2025, 1, 1)) == region
