"""The peace-office clerk (the peace_office_user persona, not a superuser) enters activities from
the spreadsheet template: from the IATI checks page, downloads the template, fills it — with a
location and a result, its indicator and a period —, uploads it, reads a located problem, fixes
it, previews and confirms; the activity, its place and its result are then in the registry."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cocopa.cooperation.models import Indicator, Initiative, Place, Result
from cocopa.cooperation.tests.test_iati_sheets import filled
from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser


def _with_place_and_result(path) -> None:
    book = load_workbook(path)
    book["Locations"].append(
        ["pozzi-kenya", "KE-1", "Kisumu", "-0,0917", "34,768", 1, 2, "", "", "G1", 1, "200067", ""]
    )
    book["Results"].append(["pozzi-kenya", "R1", "1", "Accesso all'acqua", "Access to water", "", ""])
    book["Indicators"].append(
        ["pozzi-kenya", "R1", "I1", "1", "1", "Pozzi funzionanti", "Working wells", 2024, None, 0]
    )
    book["Indicator periods"].append(["pozzi-kenya", "I1", "2025-01-01", "2025-12-31", 3, "2,5"])
    book.save(path)


def test_the_clerk_enters_activities_from_the_template(
    site, page, settings, tmp_path, assert_accessible, peace_office_user
):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    settings.IATI_SCHEMA_DIR = ""
    assert not peace_office_user.is_superuser
    page.goto(site + "/accounts/login/?next=/en/office/iati/")
    page.locator("#id_username").fill(peace_office_user.username)
    page.locator("#id_password").fill("pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#sheet-import-link").click()
    assert page.url.endswith("/office/iati/import/")
    with page.expect_download() as download:
        page.locator("#template-xlsx").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    sheets = load_workbook(template).sheetnames
    assert sheets[0] == "README"
    assert {"Locations", "Results", "Indicators", "Indicator periods"} <= set(sheets)

    bad = tmp_path / "attivita.xlsx"
    bad.write_bytes(filled(second_budget_start="2026-02-30"))
    _with_place_and_result(bad)
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
    expect(page.locator('[data-sheet-rows="Locations"]')).to_have_text("1")
    expect(page.locator('[data-sheet-rows="Indicator periods"]')).to_have_text("1")
    assert Initiative.objects.filter(identifier="pozzi-kenya").count() == 0
    assert_accessible(page)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, "iati-sheets-preview-it", widths=(1366, 390))

    # The same preview in English (the upload again, on the English page).
    page.goto(site + "/en/office/iati/import/")
    page.locator("#id_file").set_input_files(str(bad))
    with page.expect_navigation():
        page.locator("#preview-button").click()
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#preview-heading")).to_contain_text("Preview of attivita.xlsx")
    assert_accessible(page)
    shoot(page, "iati-sheets-preview-en", widths=(1366, 390))
    with page.expect_navigation():
        page.locator("#confirm-button").click()
    expect(page.locator('[data-error-code="iati_sheet_imported"]')).to_have_count(1)
    wells = Initiative.objects.get(identifier="pozzi-kenya")
    assert wells.title_it == "Pozzi in Kenya"
    place = Place.objects.get(initiative=wells)
    assert (place.name, str(place.latitude), str(place.longitude)) == ("Kisumu", "-0.091700", "34.768000")
    assert Result.objects.get(initiative=wells).title_en == "Access to water"
    assert Indicator.objects.get(result__initiative=wells).periods.get().actual == 2.5
    shoot(page, "iati-sheets-done-en", widths=(1366, 390))
    page.goto(site + "/office/iati/import/")
    shoot(page, "iati-sheets-empty-it", widths=(1366, 390))
