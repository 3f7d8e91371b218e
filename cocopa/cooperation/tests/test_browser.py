"""The cooperation pages in Debian's chromium: Leaflet draws a marker for every located place (the
tiles come from the internet, which tests cannot reach; markers need none), and axe-core finds no
serious violations. Never downloads a browser: without /usr/bin/chromium the tests skip, or fail
under CI=true."""

import pytest
from playwright.sync_api import expect

from cocopa.cooperation.models import Place
from cocopa.core.testing import shoot

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

    # The eight initiatives; the city-diplomacy register adds its agreements and missions between them.
    expect(page.locator(".timeline > li[id^='initiative-']")).to_have_count(8)
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


def _markers_drawn(page) -> str:
    """The number of markers the map says it drew, once its GeoJSON has arrived (polled from
    Python: the site's CSP refuses wait_for_function's eval)."""
    the_map = page.locator("#places-map")
    for _ in range(100):
        drawn = the_map.evaluate_all("maps => maps.map(m => m.dataset.markers || '')")
        if drawn and drawn[0]:
            return str(drawn[0])
        page.wait_for_timeout(100)
    pytest.fail("the map never loaded its places")


def _fits(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def _above(page, first: str, second: str) -> bool:
    return bool(page.locator(first).bounding_box()["y"] < page.locator(second).bounding_box()["y"])


def test_a_citizen_on_a_phone_lists_the_initiatives_of_a_country_and_year(site, page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/en/cooperation/")
    with page.expect_navigation():
        page.get_by_role("link", name="List of all initiatives, with filters").click()

    expect(page.locator("h1")).to_have_text("Initiatives")
    _fits(page)
    assert _above(page, ".initiative-cards", "#filters")  # on a phone, the list before its filters
    shoot(page, "list-en", widths=(1366, 390))
    page.get_by_role("link", name="Go to the filters").click()
    page.get_by_label("Country").select_option("PS")
    page.get_by_label("Year").select_option("2002")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter", exact=True).click()

    assert "country=PS" in page.url
    assert "year=2002" in page.url
    expect(page.locator(".initiative-card")).to_have_count(2)
    expect(page.get_by_label("Country")).to_have_value("PS")
    expect(page.get_by_label("Year")).to_have_value("2002")
    _fits(page)
    assert_accessible(page)
    shoot(page, "list-filtered-en", widths=(1366, 390))
    with page.expect_navigation():
        page.get_by_role("link", name="Gaza: water filters for schools in refugee camps").click()
    expect(page.locator("h1")).to_contain_text("Gaza")


def test_a_citizen_following_mali_gets_an_empty_map_that_says_so(site, page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/cooperation/")
    with page.expect_navigation():
        page.locator("#country-ML").get_by_role("link", name="Mali").click()
    # The country page offers no map of places it does not have; a link shared or typed still
    # gives the map filtered on Mali, empty, saying so.
    expect(page.locator('a[href="/cooperation/map/?country=ML"]')).to_have_count(0)
    page.goto(site + "/cooperation/map/?country=ML")

    expect(page.get_by_role("status")).to_contain_text("Mali")
    expect(page.locator("#id_country")).to_have_value("ML")
    assert _markers_drawn(page) == "0"
    assert _above(page, "#places-map", "#filters")  # on a phone, the map before its filters
    _fits(page)
    assert_accessible(page)
    shoot(page, "map-mali-it", widths=(1366, 390))
    page.goto(site + "/en/cooperation/map/?country=ML")
    expect(page.get_by_role("status")).to_have_text("No initiative with a located place in Mali.")
    shoot(page, "map-mali-en", widths=(1366, 390))


def test_an_invalid_filter_is_shown_beside_its_field_on_a_phone(site, page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/en/cooperation/initiatives/?country=ZZ&year=2002")

    expect(page.get_by_role("alert")).to_contain_text("“ZZ” is not a country code")
    expect(page.locator("#country-problem")).to_be_visible()
    expect(page.get_by_label("Country")).to_have_attribute("aria-describedby", "country-problem")
    expect(page.get_by_label("Year")).to_have_value("2002")
    _fits(page)
    assert_accessible(page)
    shoot(page, "list-invalid-en", widths=(1366, 390))


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_new_pages_in_both_languages_at_both_widths(site, page, lang, assert_accessible):
    prefix = "/en" if lang == "en" else ""
    for name, path in [
        ("list", "/cooperation/initiatives/"),
        ("list-page-2", "/cooperation/initiatives/?page=2"),
        ("map-bf", "/cooperation/map/?country=BF"),
        ("file-refused", "/cooperation/initiatives.csv?country=ZZ"),
    ]:
        page.goto(site + prefix + path)
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _fits(page)
        assert_accessible(page)
        shoot(page, f"{name}-{lang}", widths=(1366, 390))


PAGES = [
    "/cooperation/",
    "/cooperation/countries/PS/",
    "/cooperation/countries/ML/",
    "/cooperation/initiatives/tsunami-india-srilanka/",
    "/cooperation/map/",
    "/cooperation/map/?country=BF&year=2015",
    "/cooperation/map/?country=ML",
    "/cooperation/initiatives/",
    "/cooperation/initiatives/?country=PS&year=2002",
    "/cooperation/initiatives/?country=ZZ",
    "/cooperation/initiatives.csv?country=ZZ",
    "/members/001024/",
]


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(site, page, path, lang, assert_accessible):
    page.goto(site + ("/en" if lang == "en" else "") + path)
    if "map" in path or "countries/PS" in path:
        _markers_drawn(page)

    assert_accessible(page)
