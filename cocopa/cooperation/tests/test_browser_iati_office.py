"""A peace-office clerk (not a superuser) on the demo network, in Debian's chromium: from the office
home to the IATI checks, filters the errors, follows a finding's link to the back-office field,
sets the missing status and sees the initiative come back into the activity file.

Screenshots (1366 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from cocopa.cooperation.models import Initiative
from cocopa.core.roles import PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def count(page: Page, id_: str) -> int:
    return int(page.locator(f"#{id_}").inner_text())


def test_a_clerk_finds_why_an_initiative_is_left_out_and_fixes_it(site, page, assert_accessible):
    clerk = User.objects.create_user("impiegata", password=PASSWORD, is_staff=True)
    clerk.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])

    page.goto(site + "/accounts/login/?next=/office/")
    page.locator("#id_username").fill("impiegata")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-iati").click()
    assert page.url.endswith("/office/iati/")

    left_out = count(page, "count-left-out")
    assert left_out == 5  # the demo: missing status or start date
    assert count(page, "count-exported") + left_out == count(page, "count-checked") == 22
    assert page.locator("[data-left-out]").count() == left_out
    assert_accessible(page)
    shoot(page, "iati-office-it", widths=(1366, 390))

    page.locator("#id_severity").select_option("error")
    with page.expect_navigation():
        page.locator("#filter-submit").click()
    assert page.locator("[data-severity=warning]").count() == 0
    assert page.locator("[data-severity=error]").count() == count(page, "count-errors")

    # An initiative left out only for its status: its link leads to the status field.
    only_status = [
        a
        for a in page.locator("[data-left-out-activity]").evaluate_all(
            "els => els.map(e => [e.dataset.activity, "
            "[...e.querySelectorAll('[data-severity=error]')].map(f => f.dataset.finding)])"
        )
        if a[1] == ["status_missing"]
    ]
    assert only_status, "the demo has an initiative left out only for its status"
    identifier = only_status[0][0]
    link = page.locator(f"[data-activity='{identifier}'] [data-finding=status_missing] a.fix-link")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("#id_status")
    status = page.locator("#id_status")
    expect(status).to_be_visible()
    shoot(page, "iati-office-fix-status", widths=(1366,))
    status.fill("2")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert Initiative.objects.get(identifier=identifier).status == "2"

    page.goto(site + "/en/office/iati/")
    assert count(page, "count-left-out") == left_out - 1
    assert page.locator(f"[data-left-out='{identifier}']").count() == 0
    expect(page.locator("h1")).to_have_text("IATI checks")
    assert_accessible(page)
    shoot(page, "iati-office-en", widths=(1366, 390))

    # Every kind of link the page gives lands on an element of its form.
    targets = sorted(
        set(page.locator("a.fix-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")),
        key=lambda href: href.split("#")[-1],
    )
    seen: set[str] = set()
    for href in targets:
        anchor = href.split("#")[-1]
        if anchor in seen:
            continue
        seen.add(anchor)
        page.goto(site + href)
        assert page.locator(f"[id='{anchor}']").count() == 1, href
