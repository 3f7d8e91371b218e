"""In Chromium: the administrative clerk, whose accounting reads the API with a token, finds from
"My member" when each of her tokens expires and when it was last used — on a desktop and on a
390 px phone, in Italian and in English."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Browser, expect

from cocopa.apitokens import services
from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP
from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


@pytest.mark.parametrize(("prefix", "expired"), [("", "scaduto"), ("/en", "expired")])
def test_the_clerk_finds_her_tokens_expiry_and_last_use_from_my_member(
    browser: Browser, site: str, assert_accessible, prefix: str, expired: str
):
    clerk = User.objects.create_user("ragioniera", password=PASSWORD)
    clerk.groups.add(Group.objects.get_or_create(name=ADMINISTRATIVE_OFFICE_GROUP)[0])
    _used, secret = services.create_token(clerk, "contabilità", actor=None)
    services.user_for_secret(secret)  # the accounting program has called the API once
    old, _ = services.create_token(
        clerk, "vecchio export", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )
    old.expires_at = timezone.now() - dt.timedelta(days=1)  # expired yesterday
    old.save(update_fields=["expires_at"])

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}{prefix}/accounts/login/?next={prefix}/me/")
    page.locator("#id_username").fill("ragioniera")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.locator("#api-tokens-link a").click()

    expect(page.locator('[data-status="active"]')).to_have_count(1)
    expect(page.locator('[data-status="expired"]')).to_contain_text(expired)
    expect(page.locator("#token-lifetime")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator('[data-status="expired"]')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, f"tokens-mine-{prefix.strip('/') or 'it'}")
    context.close()
