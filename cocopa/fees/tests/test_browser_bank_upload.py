"""In Debian's chromium: the administrative clerk (not a superuser) uploads the bank's CSV with
one row no code or name identifies, reads the preview, confirms, and gives that row to its member
by hand from the queue; the payments page then shows both payments.

Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, FilePayload, Page, expect

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP
from cocopa.core.testing import shoot
from cocopa.fees import ledger
from cocopa.fees import testing as ft
from cocopa.fees.models import Payment, UnmatchedBankRow
from cocopa.governance import testing as gt

pytestmark = pytest.mark.browser
PASSWORD = "una-password-lunga"


def logged_in(browser: Browser, site: str, prefix: str, locale: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/?next={prefix}/fees/payments/")
    page.locator("#id_username").fill("ragioniera")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def members(transactional_db):
    clerk = User.objects.create_user("ragioniera", password=PASSWORD)
    clerk.groups.add(Group.objects.get_or_create(name=ADMINISTRATIVE_OFFICE_GROUP)[0])
    rivoli, beinasco = gt.make_member("Rivoli"), gt.make_member("Beinasco")
    return ft.make_assessment(rivoli, 2026, "2827.38"), ft.make_assessment(beinasco, 2026, "1086.24")


@pytest.mark.parametrize("locale", ["it-IT", "en-US"])
def test_the_clerk_uploads_the_bank_file_confirms_and_matches_the_odd_row(
    browser, live_server, members, locale, assert_accessible
):
    rivoli, beinasco = members
    site, lang = live_server.url, locale[:2]
    prefix = "" if lang == "it" else "/en"
    content = (
        "Data;Importo;Ordinante;Causale\n"
        f"15/03/2026;2.827,38;Tesoreria comunale;Quota 2026 {rivoli.code}\n"
        "02/04/2026;1.086,24;Tesoreria Unione dei Comuni;quota associativa\n"
    ).encode()
    page = logged_in(browser, site, prefix, locale)

    page.locator("#unmatched-link").wait_for()
    page.locator(f"a[href='{prefix}/fees/payments/import/']").first.click()
    shoot(page, f"bank-{lang}-1-upload")
    # First a file with two bad lines: both are named, with their field, and there is no confirm.
    bad = content + b"31/02/2026;10,00;Rivoli;x\n2026-05-01;dieci;Rivoli;y\n"
    broken: FilePayload = {"name": "estratto-errato.csv", "mimeType": "text/csv", "buffer": bad}
    page.locator("#id_file").set_input_files(files=[broken])
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#rejected tr[data-line='4'][data-field='date']")).to_be_visible()
    expect(page.locator("#rejected tr[data-line='5'][data-field='amount']")).to_be_visible()
    expect(page.locator("#confirm-form")).to_have_count(0)
    shoot(page, f"bank-{lang}-1b-rejected")
    upload: FilePayload = {"name": "estratto-conto.csv", "mimeType": "text/csv", "buffer": content}
    page.locator("#id_file").set_input_files(files=[upload])
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#matched tr[data-line='2']")).to_contain_text(rivoli.code)
    expect(page.locator("#unmatched tr[data-line='3']")).to_contain_text("Tesoreria Unione dei Comuni")
    assert_accessible(page)
    shoot(page, f"bank-{lang}-2-preview")

    page.locator("#confirm-form button[type=submit]").click()
    expect(page.locator("[data-error-code='payments_imported']")).to_be_visible()
    row = UnmatchedBankRow.objects.get()
    assert Payment.objects.get().authority == rivoli.authority
    shoot(page, f"bank-{lang}-3-queue")

    page.locator(f"tr[data-bank-row='{row.pk}'] a").click()
    page.locator("#match-form select[name=assessment]").select_option(str(beinasco.pk))
    assert_accessible(page)
    shoot(page, f"bank-{lang}-4-match")
    page.locator("#match-form button[type=submit]").click()
    page.wait_for_load_state()

    matched = Payment.objects.get(bank_row=row)
    expect(page.locator(f"#payment-{matched.pk}")).to_contain_text("Beinasco")
    assert ledger.outstanding(beinasco) == Decimal(0)
    shoot(page, f"bank-{lang}-5-payments")
    page.goto(f"{site}{prefix}/fees/payments/unmatched/")
    expect(page.locator("#queue-empty")).to_be_visible()
    expect(page.locator(f"#resolved tr[data-bank-row='{row.pk}']")).to_contain_text("Beinasco")
    shoot(page, f"bank-{lang}-6-queue-after")
    page.context.close()
