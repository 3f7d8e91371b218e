"""In Chromium, with the second factor on as in production: a peace-office clerk (not a superuser)
invites an administrative-office colleague from /office/people/; the colleague opens the link from
the e-mail, chooses a password and lands on the set-up of the authenticator app. The link, used,
then says so. Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when set."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from playwright.sync_api import expect

from cocopa.core.models import AuditEvent
from cocopa.core.roles import is_administrative_office, is_peace_office
from cocopa.core.testing import make_office_user, shoot
from cocopa.governance import testing as gt
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


def test_after_a_change_of_mayor_the_clerk_invites_the_new_mayor_who_lands_on_my_member(
    live_server, transactional_db, browser, page
):
    base = str(live_server.url)
    clerk = make_office_user("impiegato-pace")
    member = gt.make_member("Comune di Prova")
    gt.make_mayor(member)
    new_mayor = gt.make_person("Nuova Sindaca")
    new_mayor.email = "sindaca@example.org"
    new_mayor.save()

    page.goto(f"{base}/accounts/login/?next=/office/members/{member.slug}/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url(f"**/office/members/{member.slug}/")

    # The preview of the change offers the invitation; the change is applied first.
    page.select_option("#id_mayor-person", str(new_mayor.pk))
    page.fill("#id_mayor-start_on", timezone.localdate().isoformat())
    page.click("button[value=mayor-preview]")
    expect(page.locator("#invite-new-mayor")).to_be_visible()
    shoot(page, "invitations-6-mayor-preview-it")
    page.click("#mayor-apply")
    expect(page.locator(".alert-success")).to_be_visible()
    invite = page.locator(f".invite-representative[data-person='{new_mayor.pk}'] a")
    expect(invite).to_be_visible()
    shoot(page, "invitations-7-member-it")
    invite.click()

    # The form comes filled in: representative of the member, as mayor, the person's address.
    page.wait_for_url("**/office/people/?*")
    expect(page.locator("#id_email")).to_have_value("sindaca@example.org")
    expect(page.locator("#id_role")).to_have_value("representative")
    expect(page.locator("#id_authority")).to_have_value(str(member.pk))
    shoot(page, "invitations-8-prefilled-it")
    page.click("#invite-submit")
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{base}/en/office/people/")
    shoot(page, "invitations-8-sent-en")

    mayor_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT").new_page()
    mayor_page.goto(base + invitation_path(mail.outbox[-1]))
    expect(mayor_page.locator("#invitation-role")).to_contain_text("Comune di Prova")
    mayor_page.fill("#id_password1", PASSWORD)
    mayor_page.fill("#id_password2", PASSWORD)
    mayor_page.click("#invitation-submit")
    mayor_page.wait_for_url("**/me/")
    expect(mayor_page.locator(f"#represented [data-member='{member.pk}']")).to_be_visible()
    expect(mayor_page.locator("#fees-mine-link a")).to_have_attribute("href", "/fees/mine/")
    shoot(mayor_page, "invitations-9-me-it")
    mayor_page.goto(base + "/en/me/")
    shoot(mayor_page, "invitations-9-me-en")
    new_mayor.refresh_from_db()
    assert new_mayor.user is not None
    assert not new_mayor.user.is_staff
    mayor_page.context.close()
