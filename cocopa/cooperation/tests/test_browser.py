"""The cooperation pages in Debian's chromium: Leaflet draws a marker for every located place (the
tiles come from the internet, which tests cannot reach; markers need none), and axe-core finds no
serious violations. Never downloads a browser: without /usr/bin/chromium the tests skip, or fail
under CI=true."""

import pytest
from playwright.sync_api import expect

from cocopa.cooperation.models import Place

pytestmark = pytest.mark.browser


def test_the_map_draws_a_marker_for_every_located_place(site, page):
    located = Place.objects.filter(latitude__isnull=False, longitude__isnull=False).count()
    assert located > 0

    page.goto(site + "/en/cooperation/map/")

    expect(page.locator("#places-map.leaflet-container")).to_be_visible()
    expect(page.locator("#places-map .leaflet-marker-icon")).to_have_count(located)
    # Polled from Python: wait_for_function evaluates its string with eval(), which the site's
    # Content-Security-Policy (rightly) forbids.
    markers = page.locator("#places-map img.leaflet-marker-icon")
    loaded = "imgs => imgs.every(img => img.complete && img.naturalWidth > 0)"
    for _ in range(100):
        if markers.evaluate_all(loaded):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("a map marker is a broken image")  # every marker is a picture
    page.locator("#places-map .leaflet-marker-icon").first.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()


def test_the_map_filters_reach_the_markers(site, page):
    in_burkina = Place.objects.filter(latitude__isnull=False, initiative__countries__code="BF").count()

    page.goto(site + "/en/cooperation/map/")
    page.get_by_label("Country").select_option("BF")
    page.get_by_role("button", name="Filter", exact=True).click()

    assert "country=BF" in page.url
    expect(page.locator("#places-map .leaflet-marker-icon")).to_have_count(in_burkina)


def test_the_country_page_shows_its_timeline_and_places(site, page):
    in_palestine = Place.objects.filter(latitude__isnull=False, initiative__countries__code="PS").count()

    page.goto(site + "/cooperation/countries/PS/")

    expect(page.locator(".timeline > li")).to_have_count(8)
    expect(page.locator(".timeline > li").first).to_contain_text("2000")
    expect(page.locator("#places-map .leaflet-marker-icon")).to_have_count(in_palestine)

    page.get_by_role("link", name="Progetto Betlemme 2000").click()
    expect(page.locator("h1")).to_contain_text("Progetto Betlemme 2000")


def test_the_cooperation_menu_leads_to_the_overview(site, page):
    page.goto(site + "/")
    menu = page.get_by_role("navigation", name="Menu principale")
    menu.get_by_role("button", name="Cosa facciamo").click()
    menu.get_by_role("link", name="Cooperazione").click()

    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#country-BF")).to_contain_text("Burkina Faso (4)")


PAGES = [
    "/cooperation/",
    "/cooperation/countries/PS/",
    "/cooperation/countries/ML/",
    "/cooperation/initiatives/tsunami-india-srilanka/",
    "/cooperation/map/",
    "/cooperation/map/?country=BF&year=2015",
    "/members/001024/",
]


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(site, page, path, lang, assert_accessible):
    page.goto(site + ("/en" if lang == "en" else "") + path)
    if "map" in path or "countries/PS" in path:
        page.locator(".leaflet-marker-icon").first.wait_for()

    assert_accessible(page)
