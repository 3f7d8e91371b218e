"""The cooperation pages and open data files at the HTTP edge, on the demo portfolio."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cocopa.cooperation import continents
from cocopa.cooperation.models import Initiative, PortfolioClaim, RecipientCountry
from cocopa.network.models import FieldOfAction

BEINASCO = "001024"
PALESTINE = [
    "betlemme-2000",
    "jahaleen-abu-dis",
    "gaza-water-filters",
    "mission-middle-east-2004",
    "election-observation-2005",
    "local-authorities-for-peace-2009",
    "bethlehem-smart-water",
    "nur-bethlehem",
]


def url(name: str, *args: str, lang: str = "it", query: str = "") -> str:
    with translation.override(lang):
        return reverse(f"cooperation:{name}", args=args) + query


PAGES = [
    ("overview", ()),
    ("country", ("PS",)),
    ("country", ("ML",)),
    ("initiative", ("tsunami-india-srilanka",)),
    ("map", ()),
    ("initiative-list", ()),
]


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_answers_in_both_languages(client, demo_network, name, args, lang):
    response = client.get(url(name, *args, lang=lang))

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert 'aria-current="page"><span>' in response.text  # the Cooperation menu item is current


def test_the_overview_groups_countries_by_continent_as_the_seed_does(client, demo_network):
    response = client.get(url("overview", lang="en"))

    groups = {g.key: g for g in response.context["groups"]}
    assert list(groups)[:5] == ["africa", "middle_east", "asia", "latin_america", "italy"]
    africa = {row.code: row for row in groups["africa"].countries}
    assert africa["BF"].initiatives == 4
    assert africa["BF"].claimed == 4
    assert not africa["BF"].disagrees
    assert "Burkina Faso (4)" in response.text
    # Named by the seed, absent from the registry: shown with 0 beside the seed's count.
    for code, text in (("ML", "Mali (1)"), ("MZ", "Mozambique (1)")):
        assert africa[code].initiatives == 0
        assert africa[code].claimed == 1
        assert africa[code].disagrees
        assert text in response.text
    assert {row.code for row in groups["middle_east"].countries} == {"PS", "LB"}
    assert {row.code for row in groups["asia"].countries} == {"IN", "LK"}
    assert "the source counts 1, the registry 0" in response.text


def test_the_overview_is_in_italian_at_the_root(client, demo_network):
    response = client.get(url("overview"))

    assert "Mozambico (1)" in response.text
    assert ">Africa<" in response.text


def test_every_country_of_the_demo_has_a_continent():
    codes = {"BF", "ML", "SN", "MZ", "PS", "LB", "IN", "LK", "HT", "IT"}

    assert all(continents.continent_of(c) != continents.OTHER for c in codes)
    assert continents.continent_of("PS") == continents.MIDDLE_EAST
    assert continents.continent_of("IT") == continents.ITALY
    assert continents.continent_of("ZZ") == continents.OTHER


@pytest.mark.django_db
def test_every_country_the_registry_or_a_claim_names_has_a_continent(demo_network):
    codes = set(RecipientCountry.objects.values_list("code", flat=True))
    codes |= set(PortfolioClaim.objects.values_list("country", flat=True))

    assert {c for c in codes if continents.continent_of(c) == continents.OTHER} == set()


def test_every_iso_country_but_antarctica_has_a_continent():
    import pycountry

    missing = {c.alpha_2 for c in pycountry.countries} - set(continents.CONTINENT_OF)
    assert missing == {"AQ"}


def test_the_palestine_timeline_lists_its_eight_initiatives_oldest_first(client, demo_network):
    response = client.get(url("country", "PS", lang="en"))

    listed = [i.identifier for i in response.context["initiatives"]]
    assert listed == PALESTINE
    starts = [i.start_on or i.end_on for i in response.context["initiatives"]]
    assert starts == sorted(starts)
    positions = [response.text.index(f'id="initiative-{identifier}"') for identifier in PALESTINE]
    assert positions == sorted(positions)
    assert "Palestine" in response.text


def test_a_country_the_registry_lacks_shows_what_the_seed_says(client, demo_network):
    response = client.get(url("country", "MZ", lang="en"))

    assert response.status_code == 200
    assert response.context["initiatives"] == []
    assert "Mozambique (1)" in response.text
    assert "the source counts 1, the registry 0" in response.text


@pytest.mark.parametrize("code", ["XX", "ps", "PSE"])
def test_an_unknown_country_code_is_not_found(client, demo_network, code):
    assert client.get(url("country", code)).status_code == 404


def test_the_initiative_page_shows_every_date_a_source_gives(client, demo_network):
    response = client.get(url("initiative", "tsunami-india-srilanka", lang="en"))

    claims = {(c.source.code if c.source else "", c.text): c.used for c in response.context["date_claims"]}
    assert claims[("SEED", "2006-2011")] is False
    assert any(code == "S39" and used for (code, _t), used in claims.items())
    assert any(code == "S20" and used for (code, _t), used in claims.items())
    assert "2006-2011" in response.text
    assert 'class="badge badge-used"' in response.text
    assert "2005–2009" in response.text


def test_initiative_get_absolute_url_reaches_the_page(client, demo_network):
    initiative = Initiative.objects.get(identifier="help-haiti")

    response = client.get(initiative.get_absolute_url())

    assert response.status_code == 200
    assert response.context["initiative"] == initiative


def test_an_unknown_initiative_is_not_found(client, demo_network):
    assert client.get(url("initiative", "no-such-thing")).status_code == 404


def test_the_member_page_lists_the_initiatives_it_takes_part_in(client, demo_network):
    with translation.override("en"):
        page = reverse("public:member", args=[BEINASCO])

    response = client.get(page)

    expected = Initiative.objects.filter(participations__organisation__authority__istat_code=BEINASCO)
    assert expected.count() >= 3
    assert "Initiatives it takes part in" in response.text
    for initiative in expected:
        assert url("initiative", initiative.identifier, lang="en") in response.text
    assert "funding" in response.text or "extending" in response.text


def test_a_member_without_initiatives_says_so(client, demo_network):
    with translation.override("en"):
        page = reverse("public:member", args=["001219"])
    Initiative.objects.filter(participations__organisation__authority__istat_code="001219").delete()

    response = client.get(page)

    assert "records no initiative for this authority" in response.text


# ---------------------------------------------------------------- filters on the map and the files


def _geojson_initiatives(client, query: str) -> set[str]:
    response = client.get(url("places-geojson", lang="en", query=query))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return {f["properties"]["initiative"] for f in data["features"]}


def _csv_initiatives(client, query: str) -> list[str]:
    response = client.get(url("initiatives-csv", lang="en", query=query))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "identifier"
    return [r[0] for r in rows[1:]]


def _xlsx_initiatives(client, query: str) -> list[str]:
    response = client.get(url("initiatives-xlsx", lang="en", query=query))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "identifier"
    return [str(r[0]) for r in rows[1:]]


def test_the_files_hold_every_initiative_without_filters(client, demo_network):
    every = set(Initiative.objects.values_list("identifier", flat=True))

    assert set(_csv_initiatives(client, "")) == every
    assert set(_xlsx_initiatives(client, "")) == every
    located = set(
        Initiative.objects.filter(places__latitude__isnull=False).values_list("identifier", flat=True)
    )
    assert _geojson_initiatives(client, "") == located


def test_the_country_filter_applies_to_the_map_and_every_file(client, demo_network):
    bf = set(Initiative.objects.filter(countries__code="BF").values_list("identifier", flat=True))
    assert len(bf) == 4

    assert set(_csv_initiatives(client, "?country=BF")) == bf
    assert set(_xlsx_initiatives(client, "?country=BF")) == bf
    assert _geojson_initiatives(client, "?country=BF") <= bf
    page = client.get(url("map", lang="en", query="?country=BF"))
    assert {i.identifier for i in page.context["initiatives"]} == bf
    assert "?country=BF" in page.context["query"]


def test_the_year_filter_keeps_initiatives_active_that_year(client, demo_network):
    listed = set(_csv_initiatives(client, "?year=2002"))

    assert {"gaza-water-filters", "jahaleen-abu-dis"} <= listed
    assert "betlemme-2000" not in listed
    assert "bethlehem-smart-water" not in listed


def test_the_kind_status_member_and_field_filters(client, demo_network):
    missions = set(_csv_initiatives(client, "?kind=mission"))
    assert missions == set(
        Initiative.objects.filter(kind__key="mission").values_list("identifier", flat=True)
    )

    closed = set(_csv_initiatives(client, "?status=4"))
    assert closed == set(Initiative.objects.filter(status="4").values_list("identifier", flat=True))

    beinasco = set(_csv_initiatives(client, f"?member={BEINASCO}"))
    assert beinasco == set(
        Initiative.objects.filter(participations__organisation__authority__istat_code=BEINASCO).values_list(
            "identifier", flat=True
        )
    )

    diplomacy = FieldOfAction.objects.get(name_en="City diplomacy")
    by_field = set(_csv_initiatives(client, f"?action={diplomacy.pk}"))
    assert "mission-middle-east-2004" in by_field
    assert "gaza-water-filters" not in by_field

    both = set(_csv_initiatives(client, "?country=PS&kind=mission"))
    assert both == {"mission-middle-east-2004", "local-authorities-for-peace-2009"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("country", "ZZ"),
        ("country", "ml"),
        ("year", "abc"),
        ("year", "1850"),
        ("action", "999999"),
        ("intervention", "x"),
        ("member", "999999"),
        ("status", "9"),
        ("kind", "unknown-kind"),
    ],
)
def test_an_invalid_filter_is_named_beside_its_field_and_the_others_still_apply(
    client, demo_network, name, value
):
    for page_name in ("map", "initiative-list"):
        page = client.get(url(page_name, lang="en", query=f"?status=4&{name}={value}"))

        assert page.status_code == 200
        html = page.text
        assert f'id="{name}-problem"' in html  # the message sits under its select…
        assert f'aria-describedby="{name}-problem"' in html  # …which points at it
        assert 'role="alert"' in html
        if name != "status":
            assert all(i.status == "4" for i in page.context["initiatives" if page_name == "map" else "page"])
            assert page.context["filters"].status == "4"
        assert getattr(page.context["filters"], name) is None


@pytest.mark.parametrize("file", ["initiatives-csv", "initiatives-xlsx", "places-geojson"])
@pytest.mark.parametrize("query", ["?country=ZZ", "?year=abc&country=PS", "?action=999999"])
def test_a_file_with_an_invalid_filter_is_a_page_of_the_site_naming_parameter_and_value(
    client, demo_network, file, query
):
    response = client.get(url(file, lang="en", query=query), headers={"accept": "text/html,*/*;q=0.8"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.text
    assert '<html lang="en">' in html
    assert "<h1>Filters that cannot be applied</h1>" in html
    bad = query.lstrip("?").split("&")[0]
    assert f"<code>{bad}</code>" in html
    assert f'href="/en/cooperation/initiatives/{query}"'.replace("&", "&amp;") in html


def test_a_file_with_an_invalid_filter_is_a_page_for_a_client_that_says_nothing_of_types(
    client, demo_network
):
    response = client.get(url("initiatives-csv", lang="en", query="?year=abc"))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_geojson_refusal_is_json_for_a_client_that_asks_for_json_only(client, demo_network):
    response = client.get(
        url("places-geojson", query="?country=ZZ"), headers={"accept": "application/geo+json"}
    )

    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid_input"
    assert data["errors"][0]["field"] == "country"


@pytest.mark.parametrize(
    "query", ["?country=ML", "?country=MZ", "?year=1950", "?status=5", "?country=PS&year=2024"]
)
def test_a_valid_filter_that_matches_nothing_gives_empty_files(client, demo_network, query):
    assert _csv_initiatives(client, query) == []
    assert _xlsx_initiatives(client, query) == []
    assert _geojson_initiatives(client, query) == set()


def test_mali_gives_an_empty_map_that_says_so_with_mali_still_chosen(client, demo_network):
    page = client.get(url("map", lang="en", query="?country=ML"))

    assert page.status_code == 200
    assert page.context["initiatives"] == []
    html = page.text
    assert (
        '<p class="alert alert-info nothing-matches mt-3" role="status">No initiative with a located place in Mali.</p>'
        in html
    )
    assert '<option value="ML" selected>Mali</option>' in html
    assert 'data-geojson="/en/cooperation/places.geojson?country=ML"' in html
    assert 'role="alert"' not in html  # a valid choice, not a mistake


def test_the_italian_map_of_mali_keeps_mali_chosen_and_the_message(client, demo_network):
    page = client.get(url("map", query="?country=ML"))

    assert page.context["initiatives"] == []
    assert 'role="status"' in page.text
    assert '<option value="ML" selected>Mali</option>' in page.text


def test_every_filter_value_the_site_links_to_is_understood(client, demo_network):
    """The overview's countries, the country pages' map links, the member pages' list links and the
    filter forms' own options: each value is taken, none reported as a problem."""
    links: set[str] = set()
    for row_group in client.get(url("overview", lang="en")).context["groups"]:
        for row in row_group.countries:
            country_page = client.get(url("country", row.code, lang="en"))
            assert country_page.status_code == 200
            links |= set(re.findall(r'href="(/en/cooperation/map/\?[^"]*)"', country_page.text))
    # Mali and Mozambique have no located place: their pages offer no map, yet a shared or typed
    # link to their map must still be understood (an empty map that says so).
    assert "/en/cooperation/map/?country=ML" not in links
    links |= {"/en/cooperation/map/?country=ML", "/en/cooperation/map/?country=MZ"}
    member = client.get("/en/members/001024/")
    links |= set(re.findall(r'href="(/en/cooperation/initiatives/\?[^"]*)"', member.text))
    assert "/en/cooperation/initiatives/?member=001024" in links
    form = client.get(url("initiative-list", lang="en")).context["form"]
    for name, f in form.fields.items():
        links |= {f"/en/cooperation/initiatives/?{name}={value}" for value, _label in f.choices if value}

    for link in sorted(links):
        page = client.get(link.replace("&amp;", "&"))
        assert page.status_code == 200, link
        assert not page.context["problems"], link
        assert any(getattr(page.context["filters"], n) is not None for n in form.fields), link


def test_the_map_page_points_leaflet_at_the_filtered_geojson(client, demo_network):
    response = client.get(url("map", lang="en", query="?country=PS"))

    assert 'data-geojson="/en/cooperation/places.geojson?country=PS"' in response.text
    assert "leaflet/leaflet" in response.text
    assert 'id="places-map"' in response.text
