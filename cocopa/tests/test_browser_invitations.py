"""In Chromium, with the second factor on as in production: a peace-office clerk (not a superuser)
invites an administrative-office colleague from /office/people/; the colleague opens the link from
the e-mail, chooses a password and lands on the set-up of the authenticator app. The link, used,
then says so. Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when set."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from playwright.sync_api import expect

from cocopa.core.models import AuditEvent
from cocopa.core.roles import is_administrative_office, is_peace_office
from cocopa.core.testing import make_office_user, shoot
from cocopa.governance.models import Invitation
from cocopa.tests.test_otp import current_code

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga-2026"


def invitation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@override_settings(COCOPA_REQUIRE_STAFF_OTP=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_clerk_invites_a_colleague_who_sets_a_password_and_lands_on_enrolment(
    live_server, transactional_db, browser, page
):
    base = str(live_server.url)
    clerk = make_office_user("impiegata-pace")
    device = TOTPDevice.objects.create(user=clerk, name="telefono", confirmed=True)

    # The clerk logs in with password and code, and opens the people page.
    page.goto(f"{base}/accounts/login/?next=/office/people/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url("**/accounts/2fa/verify/**")
    page.fill("input[name=token]", current_code(device))
    page.click("#otp-submit")
    page.wait_for_url("**/office/people/")
    expect(page.locator("#no-pending")).to_be_visible()
    shoot(page, "invitations-1-people-it")

    # The invitation, in Italian.
    page.fill("#id_email", "collega@example.org")
    page.fill("#id_name", "Anna Collega")
    page.select_option("#id_role", "administrative_office")
    page.click("#invite-submit")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#pending-invitations [data-email='collega@example.org']")).to_be_visible()
    shoot(page, "invitations-2-sent-it")
    assert [m.to for m in mail.outbox] == [["collega@example.org"]]
    path = invitation_path(mail.outbox[-1])
    page.goto(f"{base}/en/office/people/")
    shoot(page, "invitations-2-sent-en")

    # The colleague, in another browser, opens the link from the e-mail.
    colleague = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT").new_page()
    colleague.goto(base + path)
    expect(colleague.locator("#invitation-role")).to_contain_text("Anna Collega")
    shoot(colleague, "invitations-3-link-it")
    colleague.goto(base + "/en" + path)
    shoot(colleague, "invitations-3-link-en")
    colleague.fill("#id_password1", PASSWORD)
    colleague.fill("#id_password2", PASSWORD)
    colleague.click("#invitation-submit")

    # She lands on the set-up of the authenticator app, with a new key.
    colleague.wait_for_url("**/accounts/2fa/setup/**")
    expect(colleague.locator("#otp-qr svg")).to_be_visible()
    shoot(colleague, "invitations-4-enrol-en")
    user = User.objects.get(username="collega@example.org")
    assert is_administrative_office(user)
    assert not is_peace_office(user)
    assert user.is_staff
    assert not user.is_superuser
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1
    assert Invitation.objects.get().user == user
    assert AuditEvent.objects.filter(verb="governance.invitation_sent", actor=clerk).exists()

    # The link a second time: used, said plainly.
    colleague.context.clear_cookies()
    colleague.goto(base + path)
    expect(colleague.locator("#invitation-refused")).to_have_attribute("data-code", "invitation_used")
    shoot(colleague, "invitations-5-used-it")
    colleague.goto(base + "/en" + path)
    shoot(colleague, "invitations-5-used-en")

    # The clerk's list is empty again.
    page.goto(f"{base}/office/people/")
    expect(page.locator("#no-pending")).to_be_visible()
    colleague.context.close()
