"""The home page says what the network does; the sources' disagreements live on /data/; the key
figures are the same on the home, the member list, the cooperation overview and the factsheet."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from cocopa.cooperation import queries as cooperation_queries
from cocopa.network import queries as network_queries
from cocopa.public import queries

pytestmark = pytest.mark.django_db


def _figure(html: str, key: str) -> int:
    found = re.search(rf'data-figure="{key}" data-value="(\d+)"', html)
    assert found, key
    return int(found.group(1))


def test_home_members_overview_and_factsheet_show_the_same_figures(client, demo_network):
    figures = queries.key_figures(network_queries.today())
    home = client.get("/en/").text
    members = client.get("/en/members/").text
    overview = client.get("/en/cooperation/").text
    sheet = client.get("/en/factsheet/").text

    # Members and the population they cover.
    assert _figure(home, "members") == figures.members == 35
    assert f"the network had {figures.members} members" in members
    population = f"{figures.population:,}"
    assert _figure(home, "population") == figures.population
    assert population in members
    assert population in sheet
    assert f'data-figure="municipalities" data-value="{figures.municipalities}"' in sheet

    # Initiatives and countries: the overview's total, and each country's count and period,
    # are those of the factsheet (issue 14 found Italy "4, 2005–2013" on one, "3, 2005–2014" on the other).
    assert _figure(home, "initiatives") == figures.initiatives
    assert f"The registry holds {figures.initiatives} initiatives" in overview
    assert _figure(home, "countries") == figures.countries == len(figures.portfolio.by_country)
    for code, count in figures.portfolio.by_country.items():
        row = overview[overview.index(f'id="country-{code}"') :]
        row = row[: row.index("</tr>")]
        assert f'<td class="text-end registry-count">{count.initiatives}</td>' in row
        period = cooperation_queries.years_label(count.first_year, count.last_year)
        assert f"<td>{period}</td>" in row
        assert f'data-country="{code}" data-count="{count.initiatives}" data-period="{period}"' in sheet
    italy = figures.portfolio.by_country["IT"]
    assert (italy.initiatives, italy.first_year, italy.last_year) == (4, 2005, 2014)


def test_the_portfolio_leaves_undated_initiatives_out_of_a_past_day(demo_network):
    today = cooperation_queries.portfolio(network_queries.today())
    past = cooperation_queries.portfolio(dt.date(2024, 12, 31))

    assert today.left_out == 0
    # "rivoli-local-youth" (Italy) has no date at all: the registry holds it now, but not "by 2024".
    assert past.left_out == 1
    assert past.by_country["IT"].initiatives == today.by_country["IT"].initiatives - 1


def test_the_italian_home_shows_the_motto_in_english_marked_as_such(client, demo_network):
    italian = client.get("/").text
    english = client.get("/en/").text

    # No Italian text of the motto is on record: the English original, with its language marked.
    assert '<blockquote lang="en">' in italian
    assert 'class="motto-language"' in italian
    assert '<blockquote lang="en">' in english
    assert 'class="motto-language"' not in english
    assert "(in English in the original)" not in english


def test_the_home_has_no_table_of_disagreeing_sources(client, demo_network):
    for path in ("/", "/en/"):
        html = client.get(path).text
        main = html[html.index("<main") : html.index("</main>")]
        assert "<table" not in main
        assert "reported-counts" not in main
        assert "founding-claims" not in main


def test_the_home_says_what_the_network_does(client, demo_network):
    response = client.get("/en/")

    assert "What the network does" in response.text
    assert response.text.count('href="/en/fields/"') >= len(queries.fields_of_action())
    # Two initiatives are under way in Senegal, with their places.
    assert [c.initiative.identifier for c in response.context["initiatives"]] == [
        "senegal-tech-jeunes",
        "senegal-semi-di-sostenibilita",
    ]
    assert "Golf Sud (Dakar) · Senegal" in response.text
    assert 'id="places-map-wrapper"' in response.text
    assert 'data-geojson="/en/cooperation/places.geojson"' in response.text
    # The lead's slot for the news app.
    assert "{% block latest_news %}" not in response.text


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_link_from_the_home_to_data_lands_on_a_section(client, demo_network, prefix):
    home = client.get(prefix + "/").text
    anchors = set(re.findall(rf'href="{prefix}/data/(?:\?[^"#]*)?#([\w-]+)"', home))
    assert anchors >= {"founding", "member-counts", "population", "cooperation"}

    data = client.get(prefix + "/data/").text
    for anchor in anchors:
        assert f'id="{anchor}"' in data


def test_the_data_page_sets_the_sources_beside_the_registers(client, demo_network):
    response = client.get("/en/data/")

    assert response.status_code == 200
    html = response.text
    # Senegal: the presentation says 1, the registry holds 3.
    senegal = html[html.index('id="country-SN"') :]
    senegal = senegal[: senegal.index("</li>")]
    assert (
        'class="disagrees"' in html[html.index('id="country-SN"') - 30 : html.index('id="country-SN"') + 40]
    )
    assert "The registry: 3 initiatives" in senegal
    assert "The source counts 1." in senegal
    # Figures are the home's: the same function.
    assert response.context["figures"].members == _figure(client.get("/en/").text, "members")
    assert (
        re.search(r"\d{4}-\d{2}-\d{2}", html[html.index("<main") : html.index('id="sources-heading"')])
        is None
    )


def test_the_data_page_on_a_past_day_says_what_it_leaves_out(client, demo_network):
    response = client.get("/en/data/?at=2024-12-31")

    assert response.context["figures"].portfolio.left_out == 1
    assert "One initiative has no date and cannot be placed on this day." in response.text


def test_the_home_announces_the_bodies_upcoming_meetings_only(client, demo_network):
    from cocopa.governance.models import Body, Meeting

    assert "upcoming-meetings" not in client.get("/en/").text  # none convened: no empty box
    soon = timezone.now() + dt.timedelta(days=12)
    Meeting.objects.create(
        body=Body.objects.get(key="assemblea"),
        starts_at=soon,
        place="Sala rossa",
        convened_on=timezone.localdate(),
    )
    Meeting.objects.create(
        body=Body.objects.get(key="assemblea"),
        starts_at=soon - dt.timedelta(days=60),
        place="Held before",
        convened_on=timezone.localdate() - dt.timedelta(days=90),
    )

    html = client.get("/en/").text

    assert 'class="home-list upcoming-meetings"' in html
    assert "Sala rossa" in html
    assert "Held before" not in html
