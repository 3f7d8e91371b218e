"""The administrative clerk, not a superuser, in Debian's chromium on the demo network: sets the
Città metropolitana's fee base, issues the year's fees (the year page warns that the figures are
the 2011 census), records a payment and issues its numbered receipt.

Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, Page, expect

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP
from cocopa.core.testing import shoot
from cocopa.fees import receipts
from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment, FeeBase, Receipt
from cocopa.governance import testing as gt
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"
CITY = "Città metropolitana di Torino"


def log_in(
    browser: Browser, site: str, language: str, username: str = "contabile", start: str = "/fees/bases/"
) -> Page:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="it-IT" if language == "it" else "en-GB"
    )
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site}/accounts/login/?next={start}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url(f"**{start}")
    return page


def test_the_clerk_sets_a_fee_base_assesses_the_year_and_issues_a_receipt(site, browser):
    clerk = User.objects.create_user("contabile", password=PASSWORD)
    clerk.groups.add(Group.objects.get_or_create(name=ADMINISTRATIVE_OFFICE_GROUP)[0])
    assert not clerk.is_superuser
    city = LocalAuthority.objects.get(name=CITY)
    ft.make_schedule(2026)  # as the office would add it in the back office (no source gives 2026's)

    page = log_in(browser, site, "it")
    shoot(page, "bases-empty-it")
    page.locator("#id_authority").select_option(label=CITY)
    page.locator("#id_valid_from").fill("2026")
    page.locator("input[name=kind][value=amount]").check()
    page.locator("#id_amount").fill("3000.00")
    page.locator("#id_reason").fill("Valore di prova (test)")
    page.locator("#fee-base-form button[type=submit]").click()
    expect(page.locator("[data-error-code=fee_base_set]")).to_be_visible()
    assert FeeBase.objects.get().authority == city
    shoot(page, "bases-set-it")

    page.goto(site + "/fees/?year=2026")
    expect(page.locator("#population-warning")).to_be_visible()  # the 2011 census, asked for 2025
    shoot(page, "year-before-it")
    page.locator("#assess-button").click()
    expect(page.locator("[data-error-code=assessed]")).to_be_visible()
    fee = Assessment.objects.get(authority=city, year=2026)
    assert fee.amount == Decimal("3000.00")
    expect(page.locator(f"[data-assessment='{fee.code}'] [data-fee-base=amount]")).to_be_visible()
    shoot(page, "year-assessed-it")

    other = Assessment.objects.filter(year=2026, population__isnull=False).order_by("authority__name").first()
    assert other is not None
    page.goto(f"{site}/fees/payments/new/?assessment={other.pk}")
    page.locator("#id_amount").fill(str(other.amount))
    # The date input comes up empty in Italian (value rendered as 06/12/2026, which a type=date
    # input does not take): typed here, reported to the lead as a separate defect.
    page.locator("#id_paid_on").fill("2026-03-01")
    page.locator("form[method=post]:has(#id_amount) button[type=submit]").click()
    expect(page.locator("[data-error-code=payment_recorded]")).to_be_visible()
    page.locator("[data-issue-receipt]").first.click()
    expect(page.locator("[data-error-code=receipt_issued]")).to_be_visible()
    receipt = Receipt.objects.get()
    expect(page.locator(f"[data-receipt='{receipt.label}']")).to_be_visible()
    shoot(page, "payments-receipt-it")
    _receipt_image(receipt)

    english = log_in(browser, site, "en")
    for name, path in (
        ("bases-set", "/fees/bases/"),
        ("year-assessed", "/fees/?year=2026"),
        ("payments-receipt", "/fees/payments/"),
    ):
        english.goto(site + "/en" + path)
        shoot(english, f"{name}-en")

    # The paying member's representative reads the figure, its warning and the receipt's number.
    rep = gt.make_representative(other.authority).user
    rep.username = "rappresentante"
    rep.set_password(PASSWORD)
    rep.save()
    for language in ("it", "en"):
        mine = log_in(browser, site, language, "rappresentante", "/fees/mine/")
        if language == "en":
            mine.goto(site + "/en/fees/mine/")
        expect(mine.locator(f"[data-receipt='{receipt.label}']")).to_be_visible()
        expect(
            mine.locator(f"[data-assessment='{other.code}'] [data-warning=population-outdated]")
        ).to_be_visible()
        shoot(mine, f"mine-{language}")
        mine.context.close()
    # Closed contexts drop their kept-alive connections, so no server thread outlives the test.
    page.context.close()
    english.context.close()


def _receipt_image(receipt: Receipt) -> None:
    """The receipt's first page as a PNG beside the screenshots (pdftoppm, when installed)."""
    folder = os.environ.get("COCOPA_SHOTS")
    if not folder:
        return
    pdf = Path(folder) / "receipt.pdf"
    pdf.write_bytes(receipts.receipt_pdf(receipt))
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["/usr/bin/pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(Path(folder) / "receipt")],
        check=False,
    )
