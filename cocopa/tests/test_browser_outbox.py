"""In Chromium: the peace-office clerk opens /office/outbox/, sees a message the mail server
refused, with its error, and sends it again; the worker then delivers it. Screenshots (1280 px
and 390 px, Italian and English) go to $COCOPA_SHOTS when set."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.test import override_settings
from playwright.sync_api import expect
from post_office.models import STATUS, Email

from cocopa.core import outbox
from cocopa.core.testing import make_office_user, shoot
from cocopa.core.tests.test_outbox import FAILING, LOCMEM

pytestmark = pytest.mark.browser


def test_the_clerk_sends_a_refused_message_again(live_server, transactional_db, page, settings, tmp_path):
    lock = str(tmp_path / "outbox")
    base = str(live_server.url)
    clerk = make_office_user("impiegata-pace")
    with override_settings(
        POST_OFFICE={
            **settings.POST_OFFICE,
            "DEFAULT_PRIORITY": "medium",
            "MAX_RETRIES": 0,
            "BACKENDS": {"default": FAILING},
        }
    ):
        send_mail("Convocazione dell'Assemblea", "Testo", "cocopa@localhost", ["sindaco@comune.example"])
        outbox.send_queued(lock)
    assert Email.objects.get().status == STATUS.failed

    page.goto(f"{base}/accounts/login/?next=/office/outbox/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url("**/office/outbox/")
    row = page.locator("#outbox tr[data-state='failed']")
    expect(row).to_contain_text("sindaco@comune.example")
    expect(row).to_contain_text("Connection refused")
    expect(page.locator("#failed-count")).to_be_visible()
    shoot(page, "outbox-1-failed-it")
    page.goto(f"{base}/en/office/outbox/")
    shoot(page, "outbox-1-failed-en")

    page.goto(f"{base}/office/outbox/?state=failed")
    row.locator("button[name=send-again]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#outbox tr[data-state='queued']")).to_contain_text("sindaco@comune.example")
    shoot(page, "outbox-2-queued-again-it")

    with override_settings(
        POST_OFFICE={**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium", "BACKENDS": {"default": LOCMEM}}
    ):
        outbox.send_queued(lock)
    assert [m.to for m in mail.outbox] == [["sindaco@comune.example"]]
    page.goto(f"{base}/en/office/outbox/?state=sent")
    expect(page.locator("#outbox tr[data-state='sent']")).to_contain_text("sindaco@comune.example")
    shoot(page, "outbox-3-sent-en")
