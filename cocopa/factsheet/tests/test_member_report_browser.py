"""A member's yearly report in Debian's chromium, on the demo network.

Rivoli's representative (a login designated to the Assembly, not staff, not a superuser) opens
their own area, follows the link to Rivoli's report, picks the year, sees the fee the office
recorded and downloads the PDF in Italian and in English; a citizen on a 390 px phone opens the
public report and sees no fee. axe-core finds no serious violation in either language.

Screenshots (1280 px and 390 px) go to $COCOPA_SHOTS when it is set."""

import datetime as dt
import io

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from cocopa.core.testing import shoot
from cocopa.fees import testing as ft
from cocopa.governance import testing as gt
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser

YEAR = 2025


@pytest.fixture
def rivoli(site) -> LocalAuthority:
    """Rivoli on the demo network, with a fee for YEAR as the administrative office records one
    (the demo holds none: no source gives a payment) and a representative who has a login."""
    member = LocalAuthority.objects.get(istat_code="001219")
    fee = ft.make_assessment(member, YEAR, "3000.00")
    ft.make_payment(member, "3000.00", assessment=fee, paid_on=dt.date(YEAR, 6, 12))
    person = gt.make_person("Rappresentante di Rivoli", login="rappresentante-rivoli")
    gt.make_designation(member, person, dt.date(2024, 1, 1))
    assert person.user is not None
    assert not person.user.is_staff
    assert not person.user.is_superuser
    return member


def log_in(browser: Browser, site: str, username: str, *, locale: str = "it-IT") -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site}/accounts/login/?next=/me/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw")
    page.locator("#login-submit").click()
    page.wait_for_url("**/me/")
    return page


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_the_representative_opens_the_report_sees_the_fee_and_downloads_the_pdf(site, browser, rivoli):
    page = log_in(browser, site, "rappresentante-rivoli")
    page.locator(f"#report-{rivoli.slug}").click()
    page.wait_for_url(f"**/members/{rivoli.slug}/report/")
    expect(page.locator(".member-report")).to_have_attribute("data-year", str(YEAR))  # the last complete year

    page.locator("#mr-year").select_option(str(YEAR))
    page.locator(".mr-year-form button[type=submit]").click()
    page.wait_for_url(f"**/members/{rivoli.slug}/report/?year={YEAR}")
    fee = page.locator("[data-section=fee]")
    expect(fee).to_have_attribute("data-fee-shown", "true")
    expect(fee.locator("[data-figure=assessed]")).to_have_attribute("data-value", "3000.00")
    expect(fee.locator("[data-figure=paid]")).to_have_attribute("data-value", "3000.00")
    expect(page.locator("[data-section=missions] li")).to_have_count(1)  # the demo's Senegal mission
    shoot(page, "report-representative-it")

    for prefix in ("", "/en"):
        href = page.locator("[data-download=pdf]").get_attribute("href")
        assert href == f"{prefix}/members/{rivoli.slug}/report.pdf?year={YEAR}"
        response = page.request.get(site + href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        text = pdf_text(response.body())
        assert "Rivoli" in text
        assert str(YEAR) in text
        assert ("3.000,00" if not prefix else "3,000.00") in text
        if not prefix:
            page.goto(f"{site}/en/members/{rivoli.slug}/report/?year={YEAR}")
            expect(page.locator("h1")).to_contain_text(f"Rivoli in {YEAR}")
            shoot(page, "report-representative-en")
    page.context.close()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_citizen_on_a_phone_reads_the_public_report_without_the_fee(
    site, browser, rivoli, lang, assert_accessible
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="it-IT" if lang == "it" else "en-GB"
    )
    page = context.new_page()
    prefix = "/en" if lang == "en" else ""
    page.goto(f"{site}{prefix}/members/{rivoli.slug}/")
    page.locator("#member-report a").click()
    page.wait_for_url(f"**{prefix}/members/{rivoli.slug}/report/")
    expect(page.locator("[data-section=fee]")).to_have_attribute("data-fee-shown", "false")
    expect(page.locator("[data-figure=assessed]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    shoot(page, f"report-public-{lang}", widths=(390,))
    context.close()
