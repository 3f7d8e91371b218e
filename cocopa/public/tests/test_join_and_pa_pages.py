"""The public-administration pages and the join page's sources (the fee calculator is in
test_join_calculator.py): accessibility, privacy, legal notes, open data; the sitemap with its language alternates, robots.txt, the manifest and the
Open Graph tags."""

import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cocopa.public import views

ROOT = Path(__file__).resolve().parents[3]


def test_the_join_page_cites_its_sources_and_links_the_documents_library(client, demo_network):
    response = client.get("/en/join/")

    codes = {s.code for s in response.context["sources"]}
    assert {"S09", "S17", "S21", "S44"} <= codes
    assert 'href="/en/documents/"' in response.text
    assert "Text of the convention: not on record." in response.text


def test_the_privacy_notice_names_the_controller_only_when_configured(client, demo_network, settings):
    settings.COCOPA_PRIVACY_CONTROLLER = ""
    assert "its name is not on record" in client.get("/en/privacy/").text

    settings.COCOPA_PRIVACY_CONTROLLER = "Comune di Esempio, piazza Municipio 1"
    assert "<strong>Comune di Esempio, piazza Municipio 1</strong>" in client.get("/en/privacy/").text


def test_the_legal_notes_give_the_licence_of_pyproject(client, demo_network):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    assert views.SOFTWARE_LICENCE == declared
    text = client.get("/en/legal/").text
    assert declared in text
    assert "CC BY 3.0 IT" in text


def test_the_accessibility_statement_has_the_agid_sections_and_form(client, demo_network):
    text = client.get("/en/accessibility/").text
    for heading in (
        "State of compliance",
        "Non-accessible content",
        "Preparation of this statement",
        "Feedback and contact",
        "Enforcement procedure",
    ):
        assert f">{heading}</h2>" in text
    assert 'href="https://form.agid.gov.it/"' in text


def test_the_open_data_page_links_every_download_and_each_answers(client, demo_network):
    response = client.get("/en/open-data/")

    links = re.findall(r'<a href="([^"]+)" data-download="[^"]+"', response.text)
    assert "/en/cooperation/initiatives.csv" in links
    assert "/api/v1/openapi.json" in links
    assert "/en/events/calendar.ics" in links
    assert 'id="iati-unpublished"' in response.text  # no IATI identifier configured
    # The registers of issue 16: events, campaigns, city diplomacy, peace education.
    for link in (
        "/en/events/events.csv",
        "/en/events/events.xlsx",
        "/en/events/events.geojson",
        "/en/campaigns/campaigns.csv",
        "/en/campaigns/campaigns.xlsx",
        "/en/campaigns/campaigns.geojson",
        "/en/diplomacy/agreements/download.csv",
        "/en/diplomacy/agreements/download.xlsx",
        "/en/diplomacy/missions/download.csv",
        "/en/diplomacy/missions/download.xlsx",
        "/en/diplomacy/network.geojson",
        "/en/education/activities.csv",
        "/en/education/activities.xlsx",
        "/api/v1/events",
        "/api/v1/campaigns",
        "/api/v1/agreements",
        "/api/v1/missions",
        "/api/v1/education/programmes",
        "/api/v1/education/activities",
    ):
        assert link in links, link
    # Each file says its licence, as the others do.
    items = re.findall(r"<li[^>]*>(.*?)</li>", response.text, re.S)
    for anchor in (
        'data-download="campaigns-csv"',
        'data-download="agreements-csv"',
        'data-download="education-csv"',
    ):
        (item,) = [i for i in items if anchor in i]
        assert "Licence: not on record." in item, anchor
    for link in links:
        assert client.get(link).status_code == 200, link


def _sitemap(client) -> ET.Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return ET.fromstring(response.content)


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_sitemap_pairs_each_page_with_its_other_language(client, demo_network):
    urls = _sitemap(client).findall("s:url", NS)
    locations = {u.find("s:loc", NS).text.removeprefix("http://testserver") for u in urls}
    for path in ("/", "/join/", "/accessibility/", "/privacy/", "/legal/", "/open-data/", "/members/001219/"):
        assert path in locations, path
        assert "/en" + path in locations, path
    for url in urls:
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", NS)}
        assert set(alternates) == {"it", "en", "x-default"}
        loc = url.find("s:loc", NS).text
        assert loc in (alternates["it"], alternates["en"])
        assert alternates["en"] == alternates["it"].replace("http://testserver/", "http://testserver/en/", 1)


def test_the_sitemap_lists_the_pages_of_events_education_diplomacy_and_campaigns(client, demo_network):
    from cocopa.campaigns.models import Campaign
    from cocopa.diplomacy.models import Agreement, Mission
    from cocopa.education.models import Programme
    from cocopa.events.models import Event

    draft = Event.objects.public().first()
    Event.objects.filter(pk=draft.pk).update(is_public=False)  # a draft: never in the sitemap
    locations = {
        loc.text.removeprefix("http://testserver") for loc in _sitemap(client).iterfind("s:url/s:loc", NS)
    }
    expected = {"/events/", "/events/calendar/", "/events/past/", "/education/", "/diplomacy/"}
    expected |= {"/diplomacy/agreements/", "/diplomacy/missions/", "/campaigns/"}
    expected |= {e.get_absolute_url() for e in Event.objects.public()}
    for model in (Programme, Agreement, Mission, Campaign):
        rows = list(model.objects.all())
        assert rows, model  # the demo holds some of each
        expected |= {row.get_absolute_url() for row in rows}
    for path in expected:
        assert path in locations, path
        assert "/en" + path in locations, path
    assert draft.get_absolute_url() not in locations


def test_every_sitemap_page_answers(client, demo_network):
    for loc in _sitemap(client).iterfind("s:url/s:loc", NS):
        path = loc.text.removeprefix("http://testserver")
        assert client.get(path).status_code == 200, path


def test_robots_allows_the_public_pages_and_points_to_the_sitemap(client, db):
    lines = client.get("/robots.txt").text.splitlines()

    assert "Allow: /" in lines
    for prefix in ("/office/", "/admin/", "/accounts/", "/me/", "/fees/"):
        assert f"Disallow: {prefix}" in lines
        assert f"Disallow: /en{prefix}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_manifest_and_favicon_are_served(client, demo_network):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["short_name"] == "Co.Co.Pa."
    assert {i["type"] for i in manifest["icons"]} == {"image/svg+xml", "image/png"}
    assert client.get("/favicon.ico").status_code == 301


@pytest.mark.parametrize(
    ("path", "locale", "alternate"),
    [("/", "it_IT", "en_GB"), ("/en/join/", "en_GB", "it_IT"), ("/privacy/", "it_IT", "en_GB")],
)
def test_public_pages_carry_open_graph_and_twitter_tags(client, demo_network, path, locale, alternate):
    text = client.get(path).text

    title = re.search(r"<title>(.*?) · ", text).group(1)
    assert f'<meta property="og:title" content="{title}">' in text
    assert f'<meta property="og:url" content="http://testserver{path}">' in text
    assert f'<meta property="og:locale" content="{locale}">' in text
    assert f'<meta property="og:locale:alternate" content="{alternate}">' in text
    assert re.search(
        r'<meta property="og:image" content="http://testserver/static/public/icons/og-image[^"]*\.png">', text
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert re.search(r'<meta property="og:description" content="[^"]+">', text)


def test_the_footer_links_the_site_pages(client, demo_network):
    text = client.get("/en/").text
    for path in ("/en/open-data/", "/en/accessibility/", "/en/privacy/", "/en/legal/"):
        assert f'href="{path}"' in text
