"""A citizen on a phone searches the demo network for a project by a word typed without its
accent, and opens it; the page passes axe-core and fits 390 px, in Italian and in English."""

import pytest
from playwright.sync_api import Page, expect

from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser


def test_a_citizen_finds_a_project_by_a_word_without_its_accent(
    site: str, page: Page, assert_accessible
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/search/")
    assert_accessible(page)
    shoot(page, "search-it-empty")
    # From the home page, as a visitor does: the search box in the header.
    page.goto(f"{site}/")
    page.get_by_role("searchbox", name="Cerca nel sito").fill("sostenibilita")
    with page.expect_navigation():
        page.get_by_role("searchbox", name="Cerca nel sito").press("Enter")
    assert "/search/?q=sostenibilita" in page.url
    initiatives = page.locator('[data-kind="initiatives"]')
    link = initiatives.get_by_role("link", name="Semi di Sostenibilità", exact=False)
    expect(link).to_be_visible()
    expect(link.locator("mark")).to_have_text("Sostenibilità")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    shoot(page, "search-it-results")
    with page.expect_navigation():
        link.click()
    assert "/cooperation/initiatives/" in page.url
    assert "/en/" not in page.url
    expect(page.locator("h1")).to_contain_text("Sostenibilità")


def test_the_english_page_searches_english_titles_and_says_when_nothing_is_found(
    site: str, page: Page, assert_accessible
) -> None:
    page.goto(f"{site}/en/search/?q=bethlehem")
    results = page.locator('[data-kind="initiatives"] .search-result')
    expect(results.first).to_contain_text("Bethlehem")
    expect(page.get_by_role("heading", level=2, name="Initiatives (4)")).to_be_visible()
    assert_accessible(page)
    shoot(page, "search-en-results")
    page.goto(f"{site}/en/search/?q=zanzibar")
    expect(page.get_by_role("status")).to_contain_text("Nothing found for “zanzibar”")
    assert_accessible(page)
    shoot(page, "search-en-nothing")
    page.goto(f"{site}/en/search/")
    shoot(page, "search-en-empty")


def test_a_visitor_finds_a_past_event_and_an_agreement_and_opens_them(
    site: str, page: Page, assert_accessible
) -> None:
    """Issue 16's registers in the search: a past event found by a word of its title, in English,
    on a phone; an agreement by the name of the town abroad, in Italian."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/en/search/?q=intermunicipal")
    link = page.locator('[data-kind="events"]').get_by_role(
        "link", name="Signing of the Intermunicipal Peace Office convention"
    )
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    shoot(page, "search-en-event")
    with page.expect_navigation():
        link.click()
    assert "/en/events/" in page.url
    expect(page.locator("h1")).to_contain_text("Intermunicipal Peace Office")

    page.goto(f"{site}/search/?q=ouahigouya")
    link = page.locator('[data-kind="agreements"]').get_by_role("link", name="Patto triennale", exact=False)
    with page.expect_navigation():
        link.click()
    assert "/diplomacy/agreements/" in page.url
    expect(page.locator("h1")).to_contain_text("Ouahigouya")
