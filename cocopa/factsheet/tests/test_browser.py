"""The factsheet in Debian's chromium: a visitor picks a day, downloads the PDF; axe-core finds
no serious violation in either language."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_visitor_picks_a_day_and_downloads_the_pdf(site, page):
    page.goto(site + "/en/")
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Who we are").click()
    menu.get_by_role("link", name="Factsheet").click()
    expect(page.locator(".factsheet")).to_be_visible()

    page.locator("#at-input").fill("2012-06-30")
    page.locator(".date-form button[type=submit]").click()
    assert page.url.endswith("/en/factsheet/?at=2012-06-30")
    expect(page.locator(".factsheet")).to_have_attribute("data-at", "2012-06-30")

    link = page.locator("[data-download=pdf]")
    expect(link).to_have_attribute("href", "/en/factsheet.pdf?at=2012-06-30")
    response = page.request.get(site + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_factsheet_has_no_serious_accessibility_violations(site, page, lang, assert_accessible):
    page.goto(site + ("/en" if lang == "en" else "") + "/factsheet/?at=2024-09-01")
    assert_accessible(page)
