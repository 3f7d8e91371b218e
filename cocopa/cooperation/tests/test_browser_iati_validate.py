"""A peace-office clerk, not a superuser, in Debian's chromium: after a file was imported with
--allow-warnings, the back office lists the initiatives it marked and shows each one's findings.

Screenshots (1366 px and 390 px) go to $COCOPA_SHOTS when it is set."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from cocopa.cooperation.iati_import import import_file
from cocopa.core.roles import PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def test_the_peace_office_finds_the_initiatives_an_import_marked(site, page: Page, shared_data, tmp_path):
    text = (shared_data / "iati" / "examples" / "acfspain-ml.xml").read_text(encoding="utf-8")
    broken = tmp_path / "mali.xml"
    broken.write_text(text.replace('<activity-status code="2"/>', "", 1), encoding="utf-8")
    report = import_file(broken, allow_warnings=True)
    assert report.marked == 1
    user = User.objects.create_user("impiegata", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])

    page.goto(site + "/accounts/login/?next=/admin/cooperation/initiative/")
    page.locator("#id_username").fill("impiegata")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-submit").click()
    page.goto(site + "/admin/cooperation/initiative/?import_findings=yes")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)  # of the demo's initiatives and Mali, only Mali is marked
    shoot(page, "iati-validator-admin-list", widths=(1366, 390))
    with page.expect_navigation():
        rows.first.locator("th a").click()

    findings = page.locator(".field-import_findings .readonly")
    expect(findings).to_contain_text("[status_missing]")
    expect(findings).to_contain_text("line ")
    shoot(page, "iati-validator-admin-initiative", widths=(1366, 390))
