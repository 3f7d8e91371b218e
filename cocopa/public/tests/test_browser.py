"""The public site in Debian's chromium: a visitor's path through it, and axe-core on every page type.

Never downloads a browser: without /usr/bin/chromium the tests skip, or fail under CI=true.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_visitor_goes_from_home_to_a_class_to_english_to_a_member(site, page):
    page.goto(site + "/")
    expect(page.locator("h1")).to_contain_text("Coordinamento Comuni per la Pace")
    expect(page.locator(".it-header-center-wrapper")).to_have_css("background-color", "rgb(0, 102, 204)")

    page.get_by_role("navigation", name="Menu principale").get_by_role("link", name="Aderenti").click()
    expect(page.locator("h1")).to_have_text("Aderenti")

    page.get_by_role("navigation", name="Filtra per classe dimensionale").get_by_role(
        "link", name="medi (10)"
    ).click()
    expect(page.locator("#list-heading")).to_contain_text("Aderenti della classe «medi»")
    expect(page.locator(".member-table tbody tr")).to_have_count(10)

    page.get_by_role("navigation", name="Lingua").get_by_role("link", name="English").click()
    assert page.url.endswith("/en/members/?class=medium")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#list-heading")).to_contain_text("Members in the class “medium”")

    page.get_by_role("link", name="Avigliana").click()
    expect(page.locator("h1")).to_have_text("Avigliana")
    expect(page.get_by_role("heading", name="Periods of membership")).to_be_visible()
    expect(page.locator(".population-figures")).to_contain_text("12,129")


def test_the_date_selector_takes_the_visitor_to_the_past(site, page):
    page.goto(site + "/en/members/")

    page.get_by_label("Show the network as it was on").fill("2021-06-01")
    page.get_by_role("button", name="Show").click()

    assert page.url.endswith("/en/members/?at=2021-06-01")
    expect(page.locator(".lead")).to_contain_text("On 1 June 2021")
    expect(page.locator(".member-table")).not_to_contain_text("Rivoli")


PAGES = [
    "/",
    "/members/",
    "/members/001219/",
    "/members/001272/",
    "/fields/",
    "/contacts/",
    "/members/000000/",
]


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(site, page, path, lang, assert_accessible):
    page.goto(site + ("/en" if lang == "en" else "") + path + "?at=2024-09-01")

    assert_accessible(page)
