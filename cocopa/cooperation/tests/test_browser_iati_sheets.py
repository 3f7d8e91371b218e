"""The peace-office clerk enters activities from the spreadsheet template: from the IATI checks
page, downloads the template, fills it, uploads it, reads a located problem, fixes it, previews
and confirms; the activity is then in the registry."""

import pytest
from django.contrib.auth.models import Group, User
from openpyxl import load_workbook
from playwright.sync_api import expect

from cocopa.cooperation.models import Initiative
from cocopa.cooperation.tests.test_iati_sheets import filled
from cocopa.core.roles import PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def test_the_clerk_enters_activities_from_the_template(site, page, settings, tmp_path, assert_accessible):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    settings.IATI_SCHEMA_DIR = ""
    user = User.objects.create_user("ufficio-pace", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])
    page.goto(site + "/accounts/login/?next=/en/office/iati/")
    page.locator("#id_username").fill("ufficio-pace")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#sheet-import-link").click()
    assert page.url.endswith("/office/iati/import/")
    with page.expect_download() as download:
        page.locator("#template-xlsx").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert load_workbook(template).sheetnames[0] == "README"

    bad = tmp_path / "attivita.xlsx"
    bad.write_bytes(filled(second_budget_start="2026-02-30"))
    page.locator("#id_file").set_input_files(str(bad))
    with page.expect_navigation():
        page.locator("#preview-button").click()
    problem = page.locator("#problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td")).to_have_text(
        [
            "Budgets",
            "3",
            "D (Inizio periodo / Period start)",
            "'2026-02-30' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY",
        ]
    )
    expect(page.locator("#confirm-button")).to_have_count(0)
    assert_accessible(page)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, "iati-sheets-problem-en", widths=(1366, 390))

    # Fixed in the spreadsheet, uploaded again, on the Italian page this time.
    book = load_workbook(bad)
    book["Budgets"]["D3"] = "2026-01-01"
    book.save(bad)
    page.goto(site + "/office/iati/import/")
    page.locator("#id_file").set_input_files(str(bad))
    with page.expect_navigation():
        page.locator("#preview-button").click()
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#sheet-activities li")).to_have_count(2)
    assert Initiative.objects.filter(identifier="pozzi-kenya").count() == 0
    assert_accessible(page)
    shoot(page, "iati-sheets-preview-it", widths=(1366, 390))
    with page.expect_navigation():
        page.locator("#confirm-button").click()
    expect(page.locator('[data-error-code="iati_sheet_imported"]')).to_have_count(1)
    assert Initiative.objects.get(identifier="pozzi-kenya").title_it == "Pozzi in Kenya"
    shoot(page, "iati-sheets-done-it", widths=(1366, 390))
    page.goto(site + "/en/office/iati/import/")
    shoot(page, "iati-sheets-empty-en", widths=(1366, 390))
