"""The list of initiatives (/cooperation/initiatives/): what each row shows, its pages, and the one
reading of the filters it shares with the API and the open data files."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from cocopa.cooperation.models import Initiative
from cocopa.cooperation.views import LIST_PAGE_SIZE
from cocopa.network.models import FieldOfAction


def _list_url(query: str = "", lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("cooperation:initiative-list") + query


def _listed(client, query: str) -> list[str]:
    """Every identifier the list shows for `query`, following its pages."""
    shown: list[str] = []
    number = 1
    while True:
        sep = "&" if query else "?"
        response = client.get(_list_url(f"{query}{sep}page={number}"))
        assert response.status_code == 200
        shown += [row.initiative.identifier for row in response.context["rows"]]
        if not response.context["page"].has_next():
            return shown
        number += 1


def _api(client, query: str) -> tuple[int, list[str]]:
    sep = "&" if query else "?"
    response = client.get(f"/api/v1/initiatives{query}{sep}page_size=500")
    if response.status_code != 200:
        return response.status_code, []
    return 200, [i["identifier"] for i in response.json()["items"]]


def _csv(client, query: str) -> tuple[int, list[str]]:
    response = client.get(reverse("cooperation:initiatives-csv") + query)
    if response.status_code != 200:
        return response.status_code, []
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return 200, [r[0] for r in rows[1:]]


def test_the_list_shows_every_initiative_oldest_first_a_page_at_a_time(client, demo_network):
    every = Initiative.objects.count()
    assert every > LIST_PAGE_SIZE  # else this test shows no second page

    first = client.get(_list_url())

    assert first.status_code == 200
    assert len(first.context["rows"]) == LIST_PAGE_SIZE
    assert first.context["rows"][0].initiative.identifier == "betlemme-2000"
    assert 'aria-label="Pages of the list of initiatives"' in first.text
    assert 'href="?page=2"' in first.text
    assert len(_listed(client, "")) == every
    assert set(_listed(client, "")) == set(Initiative.objects.values_list("identifier", flat=True))


def test_a_row_shows_title_countries_members_period_and_status(client, demo_network):
    response = client.get(_list_url("?country=IN"))

    (row,) = [r for r in response.context["rows"] if r.initiative.identifier == "tsunami-india-srilanka"]
    html = response.text
    assert f'href="/en/cooperation/initiatives/{row.initiative.identifier}/"' in html
    assert [code for code, _name in row.countries] == ["IN", "LK"]
    assert "Sri Lanka" in html
    assert {"Collegno", "Torre Pellice"} <= {a.name for a in row.members}
    assert 'href="/en/members/' in html  # members link to their pages
    assert '<dd class="card-period">2005–2009</dd>' in html
    assert '<dd class="card-status">Closed</dd>' in html


def test_an_undated_initiative_says_undated(client, demo_network):
    Initiative.objects.filter(identifier="betlemme-2000").update(
        actual_start=None, planned_start=None, actual_end=None, planned_end=None, start_on_index=None
    )

    response = client.get(_list_url("?country=PS"))

    assert '<dd class="card-period">undated</dd>' in response.text


def test_the_list_links_the_files_and_the_map_with_its_filters(client, demo_network):
    response = client.get(_list_url("?year=2002&country=PS&page=1&unknown=x"))

    html = response.text
    for name in ("initiatives.csv", "initiatives.xlsx", "places.geojson", "map/"):
        assert f'href="/en/cooperation/{name}?country=PS&amp;year=2002"' in html, name


def test_mali_gives_an_empty_list_that_says_so(client, demo_network):
    response = client.get(_list_url("?country=ML"))

    assert response.context["rows"] == []
    assert (
        '<p class="alert alert-info nothing-matches" role="status">The registry holds no initiative in Mali.</p>'
        in response.text
    )
    assert '<option value="ML" selected>Mali</option>' in response.text


def test_an_empty_result_of_several_filters_names_them(client, demo_network):
    response = client.get(_list_url("?country=PS&year=1950"))

    assert response.context["rows"] == []
    assert "No initiative matches these filters (Country: Palestine; Year: 1950)." in response.text
    assert '<option value="1950" selected>1950</option>' in response.text


def test_the_overview_and_the_map_lead_to_the_list(client, demo_network):
    overview = client.get(reverse("cooperation:overview"))
    assert 'href="/cooperation/initiatives/"' in overview.text

    with translation.override("en"):
        the_map = client.get(reverse("cooperation:map") + "?country=BF")
    assert 'href="/en/cooperation/initiatives/?country=BF"' in the_map.text


def _queries() -> list[str]:
    diplomacy = FieldOfAction.objects.get(name_en="City diplomacy")
    return [
        "",
        "?country=BF",
        "?country=ML",
        "?year=2002",
        "?country=PS&year=2002",
        "?member=001024",
        "?member=001272&year=2016",
        "?status=4&kind=mission",
        f"?action={diplomacy.pk}",
        "?year=1950",
    ]


def test_the_list_the_api_and_the_csv_select_the_same_initiatives(client, demo_network):
    for query in _queries():
        listed = _listed(client, query)

        assert _api(client, query) == (200, listed), query
        assert _csv(client, query) == (200, listed), query


SHAPED_BUT_NAMING_NOTHING = {"?country=ZZ", "?member=999999", "?kind=nothing", "?action=999999"}


@pytest.mark.parametrize(
    "query",
    [
        "?country=ZZ",
        "?country=bf",
        "?year=abc",
        "?year=1800",
        "?member=999999",
        "?kind=nothing",
        "?action=999999",
    ],
)
def test_an_invalid_filter_is_named_by_the_list_refused_by_the_csv_and_answered_by_the_api_by_its_shape(
    client, demo_network, query
):
    name = query[1:].split("=")[0]

    page = client.get(_list_url(query))
    assert page.status_code == 200
    assert [p.name for p in page.context["problems"]] == [name]
    api = client.get(f"/api/v1/initiatives{query}")
    if api.status_code == 200:
        # Of the right shape, naming nothing: the API's schema calls it valid, so it answers
        # that nothing matches (test_api); the page and the file name the problem.
        assert query in SHAPED_BUT_NAMING_NOTHING
        assert api.json()["items"] == []
    else:
        assert api.status_code == 422
        assert api.json()["code"] == "invalid_input"
        assert name in [e["field"] for e in api.json()["errors"]]
    assert _csv(client, query)[0] == 400
