"""In Chromium: a new peace-office clerk enrols the second factor through an invitation link."""

import os
from pathlib import Path

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.core import enrolment
from cocopa.core.testing import make_office_user
from cocopa.tests.test_otp import current_code

pytestmark = pytest.mark.browser
# Screenshots for review go here when COCOPA_SHOTS is set (the tests pass without it).
SHOTS = os.environ.get("COCOPA_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("lang", "width"), [("it", 1280), ("en", 1280), ("it", 390), ("en", 390)])
@override_settings(COCOPA_REQUIRE_STAFF_OTP=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_new_clerk_enrols_by_invitation(live_server, transactional_db, page, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    prefix = "/en" if lang == "en" else ""
    tag = f"{lang}-{width}"
    clerk = make_office_user(f"clerk-{tag}")
    base = str(live_server.url)

    # With the password only: no key is shown, the page asks for an enrolment link.
    page.goto(f"{base}{prefix}/accounts/login/?next={prefix}/office/")
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", "pw")
    page.locator("form [type=submit]").last.click()
    page.wait_for_selector("#otp-enrol-needed")
    assert page.locator("#otp-qr").count() == 0
    shot(page, f"1-enrol-needed-{tag}")

    # The invitation link: the set-up page with the QR code and the key.
    invitation = enrolment.invite_to_enrol(clerk, actor=None)
    page.goto(base + prefix + invitation.path)
    page.wait_for_selector("#otp-qr svg")
    shot(page, f"2-setup-{tag}")
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    page.fill("input[name=token]", current_code(device))
    page.click("#otp-submit")
    page.wait_for_load_state("networkidle")
    assert TOTPDevice.objects.get(user=clerk).confirmed
    shot(page, f"3-after-{tag}")

    # The same link again: used.
    page.goto(base + prefix + invitation.path)
    page.wait_for_selector("#otp-enrol-refused")
    shot(page, f"4-link-used-{tag}")
