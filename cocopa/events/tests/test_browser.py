"""In Chromium: the peace-office clerk (not a superuser) records an event from the office's home;
it appears on the public calendar and on the page of the member that organises it; a citizen on a
390 px phone opens it, in Italian and English, with its place on the map. Every page passes
axe-core; screenshots go to $COCOPA_SHOTS when set."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.events.models import Event
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _markers_drawn(page, count: int) -> None:
    expect(page.locator("#places-map .leaflet-marker-icon")).to_have_count(count)
    markers = page.locator("#places-map img.leaflet-marker-icon")
    for _ in range(100):
        if markers.evaluate_all("imgs => imgs.every(img => img.complete && img.naturalWidth > 0)"):
            return
        page.wait_for_timeout(100)
    pytest.fail("a map marker is a broken image")


def test_the_clerk_records_an_event_and_a_citizen_opens_it_on_a_phone(
    site, page, browser, peace_office_user, assert_accessible
):
    rivoli = LocalAuthority.objects.get(istat_code="001219")
    day = timezone.localdate() + dt.timedelta(days=7)
    demo_events = Event.objects.count()
    assert demo_events

    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-events").click()
    expect(page.locator("#events-table tr[data-event]")).to_have_count(demo_events)
    with page.expect_navigation():
        page.locator("#events-new").click()
    assert_accessible(page)

    # A date written the Italian way is refused beside its field.
    page.fill("#id_title_it", "Convegno sulla pace a Rivoli")
    page.select_option("#id_kind", label="Convegno")
    page.fill("#id_start", day.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.locator("#event-save").click()
    expect(page.locator("[data-field-error='start']")).to_be_visible()
    assert Event.objects.count() == demo_events
    assert_accessible(page)
    shoot(page, "events-office-error-it")

    page.fill("#id_title_en", "Peace conference in Rivoli")
    page.fill("#id_description_it", "Un pomeriggio di interventi sulla diplomazia delle città.")
    page.fill("#id_start", day.isoformat())
    page.fill("#id_start_time", "17:30")
    page.fill("#id_end_time", "19:00")
    page.fill("#id_address", "Castello di Rivoli, piazza Mafalda di Savoia")
    page.select_option("#id_place_authority", str(rivoli.pk))
    page.fill("#id_latitude", "45.071")
    page.fill("#id_longitude", "7.515")
    organisers = page.locator("details", has=page.locator("#id_organisers"))
    organisers.locator("summary").click()
    box = page.locator(f"#id_organisers input[value='{rivoli.pk}']")
    page.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()
    with page.expect_navigation():
        page.locator("#event-save").click()
    event = Event.objects.get(title_it="Convegno sulla pace a Rivoli")
    assert list(event.organisers.all()) == [rivoli]
    assert timezone.localtime(event.starts_at).time() == dt.time(17, 30)
    expect(page.locator("#event-state")).to_have_attribute("data-public", "true")
    assert_accessible(page)
    shoot(page, "events-office-saved-it")

    # On the public calendar: the upcoming list and the month's grid.
    page.goto(f"{site}/events/")
    expect(page.locator(f"#events-upcoming [data-event='{event.pk}']")).to_be_visible()
    page.goto(f"{site}/events/calendar/{day.year}/{day.month}/")
    expect(page.locator(f"td[data-day='{day.isoformat()}'] [data-event='{event.pk}']")).to_contain_text(
        "17:30"
    )
    assert_accessible(page)

    # A citizen on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    phone.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    citizen = phone.new_page()
    try:
        citizen.goto(f"{site}{rivoli.get_absolute_url()}")
        expect(citizen.locator(f"#events-related-upcoming [data-event='{event.pk}']")).to_be_visible()
        _no_horizontal_scroll(citizen)
        with citizen.expect_navigation():
            citizen.locator(f"#events-related-upcoming [data-event='{event.pk}'] a").click()
        expect(citizen.locator("h1")).to_have_text("Convegno sulla pace a Rivoli")
        expect(citizen.locator("#event-when")).to_contain_text("17:30–19:00")
        expect(citizen.locator(f"#event-organisers [data-member='{rivoli.slug}']")).to_be_visible()
        _markers_drawn(citizen, 1)
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "events-detail-it")
        # The popup is checked after axe: it fades in, and axe would measure it half transparent.
        citizen.locator("#places-map .leaflet-marker-icon").first.dispatch_event("click")
        expect(citizen.locator(".leaflet-popup-content a")).to_have_text("Convegno sulla pace a Rivoli")

        citizen.goto(f"{site}/en/events/{event.pk}/")
        expect(citizen.locator("h1")).to_have_text("Peace conference in Rivoli")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)

        citizen.goto(f"{site}/events/calendar/{day.year}/{day.month}/")
        expect(citizen.locator(f".month-list [data-event='{event.pk}']")).to_be_visible()
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        citizen.goto(f"{site}/en/events/past/")
        expect(citizen.locator("#events-past .event-item").first).to_be_visible()
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
    finally:
        phone.close()
