"""In Chromium: a citizen on a 390 px phone works out her town's fee on "How to join", typing its name
without the accent, then reads the accessibility statement from the footer; axe-core on every new
public page in both languages. Screenshots (1366 and 390 px) go to $COCOPA_SHOTS when set."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.fees.testing import make_schedule
from cocopa.members import services as member_services

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def _no_horizontal_scroll(page) -> None:
    widths = page.locator("html").evaluate_all("els => els.map(e => [e.scrollWidth, e.clientWidth])")
    scroll, client = widths[0]
    assert scroll <= client, f"the page scrolls sideways: {scroll} > {client}"


def test_a_citizen_on_a_phone_works_out_her_towns_fee_and_reads_the_accessibility_statement(
    site, browser, assert_accessible
):
    member_services.import_istat_list(actor=None)  # as `cocopa load_demo` does
    make_schedule(timezone.localdate().year, rate=Decimal("0.06"))
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{site}/join/")
        expect(page.locator("h1")).to_be_visible()

        # A wrong name first: the message sits beside the field.
        page.fill("#municipality-input", "Zzyzx")
        with page.expect_navigation():
            page.locator("#fee-submit").click()
        expect(page.locator("[data-field-error='municipality']")).to_contain_text("Zzyzx")
        expect(page.locator("#municipality-input")).to_have_attribute("aria-invalid", "true")

        # Agliè, typed without its accent.
        page.fill("#municipality-input", "aglie")
        with page.expect_navigation():
            page.locator("#fee-submit").click()
        result = page.locator("#fee-result")
        expect(result).to_be_visible()
        expect(result.locator("h3")).to_contain_text("Agliè")
        expect(result.locator("[data-fact='population']")).to_have_attribute("data-value", "2644")
        expect(result.locator("[data-fact='size-class']")).to_have_attribute("data-value", "small")
        expect(result.locator("[data-fact='fee']")).to_have_attribute("data-value", "158.64")
        expect(result.locator(".fee-value")).to_have_text("€\u00a0158,64")
        _no_horizontal_scroll(page)
        assert_accessible(page)
        shoot(page, "join-fee-it", WIDTHS)

        # Several municipalities share a name: she chooses among them.
        page.fill("#municipality-input", "samone")
        with page.expect_navigation():
            page.locator("#fee-submit").click()
        expect(page.locator("#fee-choices li")).to_have_count(2)
        with page.expect_navigation():
            page.locator("[data-choose='001235']").click()
        expect(page.locator("#fee-result")).to_have_attribute("data-code", "001235")

        # The accessibility statement, from the footer.
        with page.expect_navigation():
            page.locator("#footer-site-links a[href='/accessibility/']").click()
        expect(page.locator("#agid-form-link")).to_have_attribute("href", "https://form.agid.gov.it/")
        expect(page.locator("#self-check")).to_be_visible()
        _no_horizontal_scroll(page)
        assert_accessible(page)
        shoot(page, "accessibility-it", WIDTHS)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/join/?municipality=cirie",
        "/join/?municipality=",
        "/accessibility/",
        "/privacy/",
        "/legal/",
        "/open-data/",
    ],
)
def test_the_new_pages_have_no_serious_accessibility_violations(site, page, path, lang, assert_accessible):
    page.goto(site + ("/en" if lang == "en" else "") + path)

    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    name = path.strip("/").split("/")[0].split("?")[0] or "home"
    suffix = "-result" if "cirie" in path else ("-error" if "municipality=" in path else "")
    shoot(page, f"{name}{suffix}-{lang}", WIDTHS)
