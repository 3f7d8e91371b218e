"""In Chromium: the peace-office clerk (not a superuser) opens registration on an upcoming event
with one place, from the office's pages; a citizen on a 390 px phone registers from the event's
page and gets the place, a second one is put on the waiting list; the clerk sees them both and marks
the first as present. Every page passes axe-core; screenshots go to $COCOPA_SHOTS when set."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.events.models import Event, Registration

pytestmark = pytest.mark.browser


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _register(citizen, name: str, email: str) -> None:
    citizen.fill("#id_name", name)
    citizen.fill("#id_email", email)
    citizen.locator("label[for='id_consent']").click()
    with citizen.expect_navigation():
        citizen.locator("#registration-submit").click()


def test_a_citizen_registers_on_a_phone_and_the_clerk_marks_attendance(
    site, page, browser, peace_office_user, assert_accessible
):
    assert not peace_office_user.is_superuser
    day = timezone.localdate() + dt.timedelta(days=14)
    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-events").click()
    with page.expect_navigation():
        page.locator("#events-new").click()
    page.fill("#id_title_it", "Laboratorio sulla nonviolenza")
    page.fill("#id_title_en", "Workshop on nonviolence")
    page.select_option("#id_kind", label="Seminario")
    page.fill("#id_start", day.isoformat())
    page.fill("#id_start_time", "17:00")
    page.fill("#id_address", "Biblioteca civica")
    page.locator("label[for='id_registration_open']").click()
    page.fill("#id_capacity", "1")
    page.fill("#id_registration_note_it", "Portate un quaderno.")
    with page.expect_navigation():
        page.locator("#event-save").click()
    event = Event.objects.get(title_it="Laboratorio sulla nonviolenza")
    assert (event.registration_open, event.capacity) == (True, 1)
    assert_accessible(page)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    phone.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    citizen = phone.new_page()
    try:
        citizen.goto(f"{site}/events/")
        with citizen.expect_navigation():
            citizen.locator(f"#events-upcoming [data-event='{event.pk}'] a").click()
        expect(citizen.locator("#registration-places")).to_have_attribute("data-places-left", "1")
        expect(citizen.locator("#registration-note")).to_have_text("Portate un quaderno.")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "events-registration-form-it")
        # Without consent: refused beside the checkbox, nothing kept.
        citizen.fill("#id_name", "Giulia Neri")
        citizen.fill("#id_email", "giulia@example.org")
        with citizen.expect_navigation():
            citizen.locator("#registration-submit").click()
        expect(citizen.locator("[data-field-error='consent']")).to_be_visible()
        assert not Registration.objects.exists()
        _register(citizen, "Giulia Neri", "giulia@example.org")
        expect(citizen.locator("[data-message-level='success']")).to_be_visible()
        expect(citizen.locator("#registration-places")).to_have_attribute("data-places-left", "0")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "events-registration-done-it")
        citizen.goto(f"{site}/en/events/{event.pk}/")
        _register(citizen, "Marco Blu", "marco@example.org")
        expect(citizen.locator("[data-message-level='info']")).to_be_visible()
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "events-registration-waiting-en")
    finally:
        phone.close()
    giulia = Registration.objects.get(email="giulia@example.org")
    marco = Registration.objects.get(email="marco@example.org")
    assert (giulia.status, marco.status, marco.language) == ("confirmed", "waiting", "en")

    # The clerk, from the event's office page.
    page.goto(f"{site}/office/events/{event.pk}/")
    with page.expect_navigation():
        page.locator("#event-registrations").click()
    expect(page.locator(f"tr[data-registration='{giulia.pk}']")).to_contain_text("Giulia Neri")
    expect(page.locator(f"tr[data-registration='{marco.pk}']")).to_have_attribute("data-status", "waiting")
    expect(page.locator("[data-count='confirmed'] strong")).to_have_text("1")
    assert_accessible(page)
    page.locator(f"label[for='present-{giulia.pk}']").click()
    with page.expect_navigation():
        page.locator("#attendance-save").click()
    expect(page.locator(f"#present-{giulia.pk}")).to_be_checked()
    giulia.refresh_from_db()
    assert giulia.attended is True
    assert_accessible(page)
    shoot(page, "events-registration-office-it")
