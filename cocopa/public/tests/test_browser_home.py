"""A citizen on a 390 px phone: the home in Italian and English, a figure followed to /data/, the
meetings archive filtered by body and year. Axe-core on each page, in both languages.

Italian pages are checked by data, links and structure, not by words (their new strings are
translated after merging); English pages by their words.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="it-IT")
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def _held_assembly_meeting(day: dt.date, place: str) -> None:
    from cocopa.governance.models import AgendaItem, Body, Meeting

    meeting = Meeting.objects.create(
        body=Body.objects.get(key="assemblea"),
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(18))),
        place=place,
        convened_on=day - dt.timedelta(days=20),
        status=Meeting.Status.HELD,
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Bilancio consuntivo")


def test_a_citizen_on_a_phone_reads_the_home_follows_a_figure_and_filters_the_meetings(site, phone):
    _held_assembly_meeting(dt.date(2024, 4, 18), "Sala del consiglio, Rivoli")
    _held_assembly_meeting(dt.date(2025, 5, 20), "Sala rossa, Grugliasco")
    page = phone

    # The Italian home: what the network is, its motto in the English original, its figures.
    page.goto(site + "/")
    expect(page.locator("h1")).to_contain_text("Coordinamento Comuni per la Pace")
    expect(page.locator(".motto blockquote")).to_have_attribute("lang", "en")
    expect(page.locator(".motto .motto-language")).to_be_visible()
    expect(page.locator('[data-figure="members"] .figure-value')).to_have_text("35")
    expect(page.locator(".current-initiatives li")).to_have_count(2)
    expect(page.locator("#places-map-wrapper")).to_be_visible()
    assert page.locator("main table").count() == 0
    _fits(page)
    shoot(page, "home-it", widths=(1366, 390))

    # A figure leads to where the sources disagree.
    page.locator('[data-figure="members"] a[href$="/data/#member-counts"]').click()
    assert page.url.endswith("/data/#member-counts")
    expect(page.locator("#member-counts")).to_be_in_viewport()
    expect(page.locator("#member-counts .reported-counts li").first).to_be_visible()
    _fits(page)
    shoot(page, "data-it", widths=(1366, 390))

    # The same in English.
    page.goto(site + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="What the network does")).to_be_visible()
    expect(page.locator(".motto .motto-language")).to_have_count(0)
    page.get_by_role("link", name="What the sources count").click()
    assert page.url.endswith("/en/data/#cooperation")
    expect(page.get_by_role("heading", name="How many initiatives?")).to_be_in_viewport()
    expect(page.locator("#country-SN")).to_contain_text("The source counts 1.")
    _fits(page)
    shoot(page, "data-en", widths=(1366, 390))
    page.goto(site + "/en/")
    shoot(page, "home-en", widths=(1366, 390))

    # How we work, then the meetings archive, filtered by body and year.
    page.goto(site + "/en/governance/")
    expect(page.locator("#body-assemblea")).to_contain_text("Not on record")
    expect(page.locator("main")).not_to_contain_text("software default")
    _fits(page)
    shoot(page, "how-we-work-en", widths=(1366, 390))
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    expect(page.get_by_role("heading", name="Past meetings")).to_be_visible()
    expect(page.locator(".past-meetings .meeting")).to_have_count(2)

    page.get_by_label("Body").select_option("assemblea")
    page.get_by_label("Year").select_option("2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert "body=assemblea" in page.url
    assert "year=2024" in page.url
    expect(page.locator(".past-meetings .meeting")).to_have_count(1)
    expect(page.locator(".past-meetings")).to_contain_text("Sala del consiglio, Rivoli")
    expect(page.locator(".past-meetings")).to_contain_text("18 April 2024")

    page.get_by_label("Year").select_option("2023")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    expect(page.locator(".archive-empty")).to_have_text(
        "No meeting of the body “Assembly” is on record for 2023."
    )
    _fits(page)
    shoot(page, "meetings-en", widths=(1366, 390))

    # The Italian archive answers the same filters.
    page.goto(site + "/governance/meetings/?body=assemblea&year=2025")
    expect(page.locator(".past-meetings .meeting")).to_have_count(1)
    expect(page.locator("#filter-body")).to_have_value("assemblea")
    _fits(page)
    shoot(page, "meetings-it", widths=(1366, 390))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/data/",
        "/en/data/",
        "/governance/",
        "/en/governance/",
        "/governance/meetings/?body=assemblea&year=2024",
        "/en/governance/meetings/",
        "/en/governance/resolutions/?year=2024",
    ],
)
def test_the_new_pages_have_no_serious_accessibility_violations(site, phone, path, assert_accessible):
    phone.goto(site + path)

    assert_accessible(phone)
    phone.set_viewport_size({"width": 1366, "height": 900})
    assert_accessible(phone)
