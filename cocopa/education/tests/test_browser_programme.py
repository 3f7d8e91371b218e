"""In Chromium: the peace-office clerk (not a superuser) records a new school programme and one
activity of it through the office's forms, as the issue's done-when asks ("the office records …
a school programme in its browser"); a citizen on a 390 px phone finds the programme and its
figures, in Italian and English. Every page passes axe-core; screenshots go to $COCOPA_SHOTS."""

import pytest
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.education.models import Activity, Programme

pytestmark = pytest.mark.browser


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_clerk_records_a_programme_and_an_activity_and_a_citizen_reads_them(
    site, page, browser, peace_office_user, assert_accessible
):
    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-education").click()
    with page.expect_navigation():
        page.locator("#programme-new").click()
    assert_accessible(page)

    # A mistake first: the years the wrong way round are refused beside the form, nothing written.
    page.fill("#id_title_it", "Costruire la pace a scuola")
    page.fill("#id_title_en", "Building peace at school")
    page.fill("#id_from_year", "2026")
    page.fill("#id_to_year", "2024")
    with page.expect_navigation():
        page.locator("#programme-save").click()
    expect(page.locator("[data-field-error='to_year']")).to_be_visible()
    assert not Programme.objects.filter(title_it="Costruire la pace a scuola").exists()
    shoot(page, "education-programme-1-error-it")

    page.fill("#id_from_year", "2024")
    page.fill("#id_to_year", "2026")
    page.fill("#id_partners", "Ufficio scolastico")
    # Bootstrap Italia draws the box on the label; the input itself is hidden.
    page.locator("label[for='id_topics_0']").click()
    page.locator("label[for='id_topics_4']").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#programme-save").click()
    programme = Programme.objects.get(title_it="Costruire la pace a scuola")
    assert (programme.from_year, programme.to_year) == (2024, 2026)
    assert programme.topics.count() == 2
    expect(page.locator("#education-programmes")).to_contain_text("Costruire la pace a scuola")
    shoot(page, "education-programme-2-saved-it")

    # One class of one school, entered by hand.
    with page.expect_navigation():
        page.locator("#activity-new").click()
    page.select_option("#id_programme", str(programme.pk))
    page.select_option("#id_member", index=1)
    page.fill("#id_school_name", "Scuola primaria Collodi")
    page.fill("#id_school_year", "2025/26")
    page.select_option("#id_level", index=1)
    page.fill("#id_classes", "1")
    page.fill("#id_pupils", "22")
    page.fill("#id_teachers", "2")
    page.fill("#id_hours", "6")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#activity-save").click()
    activity = Activity.objects.get(programme=programme)
    assert activity.pupils == 22
    expect(page.locator("#education-activities tbody tr[data-activity]")).to_have_count(1)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    citizen = phone.new_page()
    try:
        citizen.goto(f"{site}/education/")
        expect(citizen.locator("[data-total='pupils']")).to_have_text("22")
        with citizen.expect_navigation():
            citizen.get_by_role("link", name="Costruire la pace a scuola").first.click()
        expect(citizen.locator("h1")).to_have_text("Costruire la pace a scuola")
        expect(citizen.locator("#education-by-year tbody tr")).to_have_count(1)
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "education-programme-3-public-it")
        citizen.goto(f"{site}/en/education/programmes/{programme.slug}/")
        expect(citizen.locator("h1")).to_have_text("Building peace at school")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "education-programme-4-public-en")
    finally:
        phone.close()
