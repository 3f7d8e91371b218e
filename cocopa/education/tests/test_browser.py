"""In Chromium: the peace-office clerk (not a superuser) uploads a spreadsheet of school
activities, sees the preview, confirms, and the public page's totals change; a citizen on a
390 px phone reads the page in Italian and English. Every page passes axe-core; screenshots go
to $COCOPA_SHOTS when set."""

import pytest
from playwright.sync_api import expect

from cocopa.core import tables
from cocopa.core.testing import shoot
from cocopa.education import sheets
from cocopa.education.models import Activity

pytestmark = pytest.mark.browser

ROWS = [
    [
        "crescere-in-pace",
        "2024/25",
        "001219",
        "IC Rivoli III",
        "TOIC81500X",
        "primaria",
        2,
        41,
        3,
        8,
        "justice",
        "",
    ],
    [
        "crescere-in-pace",
        "2024/25",
        "001219",
        "IC Rivoli I",
        "",
        "secondaria di I grado",
        1,
        24,
        2,
        6,
        "",
        "",
    ],
    ["crescere-in-pace", "2025/26", "001024", "IC Beinasco", "", "infanzia", 1, 18, 2, 4, "environment", ""],
]


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _file(rows) -> dict[str, object]:
    content = tables.xlsx_workbook_bytes([(sheets.SHEET, sheets.HEADERS, rows)])
    return {"name": "attivita-2024.xlsx", "mimeType": tables.XLSX_TYPE, "buffer": content}


def test_the_clerk_enters_school_activities_from_a_spreadsheet_and_a_citizen_reads_the_totals(
    site, page, browser, peace_office_user, assert_accessible
):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    citizen = phone.new_page()
    # Before: the demo records no school activity, and the page says so instead of showing zeros.
    citizen.goto(f"{site}/education/")
    expect(citizen.locator("#education-no-figures")).to_be_visible()
    expect(citizen.locator("#education-totals")).to_have_count(0)
    _no_horizontal_scroll(citizen)
    assert_accessible(citizen)
    shoot(citizen, "education-1-empty-it")

    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-education").click()
    with page.expect_navigation():
        page.locator("#activity-import").click()
    assert_accessible(page)

    # A file with a mistake: located by sheet, row and column, nothing written.
    bad = [list(r) for r in ROWS]
    bad[1][1] = "2024/26"
    page.set_input_files("#id_file", files=[_file(bad)])
    with page.expect_navigation():
        page.locator("#import-upload").click()
    expect(page.locator("#import-problems tr[data-row='3'][data-column='school_year']")).to_contain_text(
        "B (anno_scolastico)"
    )
    expect(page.locator("#import-confirm")).to_have_count(0)
    assert not Activity.objects.exists()
    assert_accessible(page)
    shoot(page, "education-2-import-errors-it")

    # The corrected file: previewed, then confirmed.
    page.set_input_files("#id_file", files=[_file(ROWS)])
    with page.expect_navigation():
        page.locator("#import-upload").click()
    expect(page.locator("#import-rows tbody tr")).to_have_count(3)
    assert not Activity.objects.exists()
    assert_accessible(page)
    shoot(page, "education-3-import-preview-it")
    with page.expect_navigation():
        page.locator("#import-confirm").click()
    expect(page.locator("#education-activities tbody tr[data-activity]")).to_have_count(3)
    assert Activity.objects.count() == 3
    assert_accessible(page)
    shoot(page, "education-4-office-list-it")

    # After: the citizen's page shows the totals, the chart and the tables.
    try:
        citizen.goto(f"{site}/education/")
        expect(citizen.locator("#education-no-figures")).to_have_count(0)
        expect(citizen.locator("[data-total='pupils']")).to_have_text("83")
        expect(citizen.locator("#education-by-year tbody tr")).to_have_count(2)
        expect(citizen.locator("#education-by-member tbody tr")).to_have_count(2)
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "education-5-figures-it")
        citizen.goto(f"{site}/en/education/")
        expect(citizen.locator("h1")).to_have_text("Peace education")
        expect(citizen.locator("[data-total='pupils']")).to_have_text("83")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "education-5-figures-en")
        citizen.goto(f"{site}/en/education/programmes/crescere-in-pace/")
        expect(citizen.locator("#education-by-year tbody tr")).to_have_count(2)
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "education-6-programme-en")
    finally:
        phone.close()
