"""In Debian's chromium: the administrative clerk (not a superuser) moves a payment to another
year by hand, and the year overview and the arrears then show the same figures; the mayor of the
member reads the same on /fees/mine/.

Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, Page, expect

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP
from cocopa.core.testing import shoot
from cocopa.fees import testing as ft
from cocopa.governance import testing as gt

pytestmark = pytest.mark.browser
PASSWORD = "una-password-lunga"


def logged_in(browser: Browser, site: str, username: str, locale: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(site + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def beinasco(transactional_db):
    member = gt.make_member("Beinasco")
    mayor = gt.make_mayor(member).user
    mayor.username = "sindaco"
    mayor.set_password(PASSWORD)
    mayor.save()
    clerk = User.objects.create_user("ragioniera", password=PASSWORD)
    clerk.groups.add(Group.objects.get_or_create(name=ADMINISTRATIVE_OFFICE_GROUP)[0])
    old = ft.make_assessment(member, 2025, "1086.24")
    new = ft.make_assessment(member, 2026, "1086.24")
    payment = ft.make_payment(member, "500.00", reference="quota associativa")  # by payer: to 2025
    return member, old, new, payment


@pytest.mark.parametrize("locale", ["it-IT", "en-US"])
def test_the_clerk_allocates_by_hand_and_overview_arrears_and_mine_agree(
    browser, live_server, beinasco, locale
):
    member, old, new, payment = beinasco
    site, lang = live_server.url, locale[:2]
    page = logged_in(browser, site, "ragioniera", locale)

    page.goto(f"{site}/fees/payments/")
    shoot(page, f"{lang}-1-payments")
    page.locator(f"#payment-{payment.pk} a[href$='/allocate/']").click()
    expect(page.locator(f"[data-assessment='{old.code}']")).to_be_visible()
    shoot(page, f"{lang}-2-allocate-before")
    page.locator(f"[data-assessment='{old.code}'] button[type=submit]").click()  # release
    page.locator("#allocate-form select[name=assessment]").select_option(str(new.pk))
    page.locator("#allocate-form input[name=amount]").fill("500.00")
    page.locator("#allocate-form button[type=submit]").click()
    expect(page.locator(f"#allocations [data-assessment='{new.code}']")).to_be_visible()
    shoot(page, f"{lang}-3-allocate-after")

    page.goto(f"{site}/fees/?year=2026")
    assert page.locator(f"tr[data-assessment='{new.code}']").get_attribute("data-balance") == "586.24"
    shoot(page, f"{lang}-4-overview-2026")
    page.goto(f"{site}/fees/arrears/")
    row = page.locator(f"#arrears tr[data-member='{member.pk}']")
    assert Decimal(row.get_attribute("data-due") or "") == Decimal("1086.24") + Decimal("586.24")
    expect(row).to_contain_text("2025")
    shoot(page, f"{lang}-5-arrears")
    page.context.close()

    mayor = logged_in(browser, site, "sindaco", locale)
    mayor.goto(f"{site}/fees/mine/")
    assert mayor.locator("strong[data-balance]").get_attribute("data-balance") == "1672.48"
    expect(mayor.locator(f"tr[data-assessment='{new.code}']")).to_contain_text(
        "586,24"  # the site formats numbers the Italian way in both languages
    )
    shoot(mayor, f"{lang}-6-mayor-mine")
    mayor.context.close()
