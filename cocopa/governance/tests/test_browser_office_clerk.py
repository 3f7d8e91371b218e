"""A peace-office clerk, not a superuser, in Debian's chromium on the demo network: the back office
shows them exactly the apps their role has rights on; a mandate is read-only there and its button
leads to the office page, where the clerk ends it through the service.

Screenshots of each step (1366 px and 390 px) go to $COCOPA_SHOTS when it is set."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocopa.core.models import AuditEvent
from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP, PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot
from cocopa.governance.models import Mandate

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def clerk(username: str, group: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/accounts/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url("**/admin/")


def admin_apps(page: Page) -> set[str]:
    hrefs = page.locator("#content-main .app-list caption a, #content-main caption a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}


def test_a_peace_office_clerk_finds_a_mandate_in_the_admin_and_ends_it_on_the_office_page(site, page):
    clerk("impiegata", PEACE_OFFICE_GROUP)
    mandate = Mandate.objects.filter(end_on__isnull=True, person__isnull=False).order_by("pk").first()
    assert mandate is not None, "the demo network has a sitting mandate"

    log_in(page, site, "impiegata")
    apps = admin_apps(page)
    shoot(page, "clerk-admin-index", widths=(1366, 390))
    assert {"governance", "members"} <= apps
    assert "fees" not in apps

    page.goto(f"{site}/admin/governance/mandate/{mandate.pk}/change/")
    expect(page.locator("input[name=_save]")).to_have_count(0)
    shoot(page, "clerk-admin-mandate", widths=(1366, 390))
    page.locator("a.office-link").click()

    page.wait_for_url(f"**/office/bodies/{mandate.body.key}/")
    row = page.locator(f"[data-mandate='{mandate.pk}']")
    expect(row).to_be_visible()
    shoot(page, "clerk-office-body", widths=(1366, 390))
    row.locator("select").select_option(index=1)
    row.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    mandate.refresh_from_db()
    assert mandate.end_on == timezone.localdate()
    assert AuditEvent.objects.filter(actor__username="impiegata").exists()


def test_an_administrative_clerk_sees_only_the_fees_in_the_admin_and_cannot_add_a_payment(site, page):
    clerk("ragioniere", ADMINISTRATIVE_OFFICE_GROUP)

    log_in(page, site, "ragioniere")
    assert admin_apps(page) == {"fees"}
    page.goto(site + "/admin/fees/payment/")
    expect(page.locator(".object-tools a.addlink")).to_have_count(0)  # the sidebar may offer schedules
    expect(page.locator("a.office-link")).to_be_visible()
    shoot(page, "admin-clerk-payments", widths=(1366, 390))
    assert page.goto(site + "/admin/governance/mandate/").status == 403
