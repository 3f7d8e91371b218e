"""In Chromium: a citizen finds the network's IATI files from the footer's "Open data" link, on a
desktop in Italian and on a 390 px phone in English, and each file answers IATI XML: the activity
file, the organisation file and a country's file. axe-core on the page; screenshots (1366 and
390 px) go to $COCOPA_SHOTS when set."""

import pytest
from lxml import etree
from playwright.sync_api import expect

from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
ROOTS = {
    "iati": "iati-activities",
    "iati-organisation": "iati-organisations",
    "iati-country": "iati-activities",
}


@pytest.fixture
def published(settings):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    return settings


@pytest.mark.parametrize(("lang", "width"), [("it", 1366), ("en", 390)])
def test_a_citizen_finds_the_iati_files_on_the_open_data_page_and_each_answers_xml(
    site, browser, published, assert_accessible, lang, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="it-IT" if lang == "it" else "en-GB"
    )
    page = context.new_page()
    try:
        page.goto(site + ("/en/" if lang == "en" else "/"))
        with page.expect_navigation():
            page.locator("footer a[href$='/open-data/']").first.click()
        expect(page.locator("h1")).to_be_visible()

        links = page.locator("#downloads a[data-download^='iati']")
        found = links.evaluate_all(
            "els => els.map(e => [e.dataset.download, e.getAttribute('href'), e.textContent])"
        )
        kinds = {kind for kind, _href, _text in found}
        assert kinds == set(ROOTS), kinds
        countries = [href for kind, href, _text in found if kind == "iati-country"]
        assert "/iati/activities/BF.xml" in countries  # the demo's work in Burkina Faso
        assert countries[-1] == "/iati/activities/multi-country.xml"
        for kind, href, text in found:
            assert text.strip(), href  # a name a person reads, never a bare address
            response = page.request.get(site + href)
            assert response.status == 200, href
            assert response.headers["content-type"].startswith("application/xml"), href
            assert etree.fromstring(response.body()).tag == ROOTS[kind], href

        assert_accessible(page)
        widths = page.locator("html").evaluate_all("els => els.map(e => [e.scrollWidth, e.clientWidth])")
        assert widths[0][0] <= widths[0][1], "the page scrolls sideways"
        shoot(page, f"open-data-iati-{lang}", WIDTHS)
    finally:
        context.close()
