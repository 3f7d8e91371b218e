"""In Chromium: the peace-office clerk (not a superuser) records a mission with a participant and
a cost item; it shows on its public page, on the map of relationships abroad and on the country's
timeline. A citizen on a 390 px phone sees the map. Every page passes axe-core; screenshots go to
$COCOPA_SHOTS when set."""

import pytest
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.diplomacy.models import Mission
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= 390")


def test_the_clerk_records_a_mission_and_a_citizen_finds_it_on_the_map(
    site, page, browser, peace_office_user, assert_accessible
):
    nichelino = LocalAuthority.objects.get(istat_code="001164")
    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-diplomacy").click()
    with page.expect_navigation():
        page.locator("#mission-new").click()
    assert_accessible(page)

    # A date the register cannot read is refused beside the field, and nothing is saved.
    page.select_option("#id_direction", "outgoing")
    page.fill("#id_title_it", "Missione a Ouagadougou")
    page.fill("#id_started_on", "marzo 2019")
    with page.expect_navigation():
        page.locator("#mission-save").click()
    expect(page.locator("#form-errors")).to_contain_text("AAAA-MM-GG")  # the office works in Italian
    expect(page.locator("[data-field-error='started_on']")).to_be_visible()
    assert not Mission.objects.filter(title_it="Missione a Ouagadougou").exists()
    assert_accessible(page)

    page.fill("#id_started_on", "2019-03")
    page.fill("#id_title_en", "Mission to Ouagadougou")
    page.fill("#id_place", "Ouagadougou")
    page.select_option("#id_country", "BF")
    page.fill("#id_latitude", "12.36566")
    page.fill("#id_longitude", "-1.53388")
    page.select_option("#id_members", [str(nichelino.pk)])
    page.fill("#id_participants-0-office_it", "Sindaco di Nichelino")
    page.fill("#id_participants-0-office_en", "Mayor of Nichelino")
    page.fill("#id_participants-0-name", "Nome Sindaco")
    page.locator("label[for='id_participants-0-public_office']").click()
    page.fill("#id_costs-0-item", "Voli")
    page.fill("#id_costs-0-amount", "850")
    page.fill("#id_costs-0-payer", "Comune di Nichelino")
    shoot(page, "diplomacy-1-office-form-it")
    with page.expect_navigation():
        page.locator("#mission-save").click()
    mission = Mission.objects.get(title_it="Missione a Ouagadougou")
    assert mission.started_on_precision == "month"
    assert [c.payer for c in mission.costs.all()] == ["Comune di Nichelino"]
    expect(page.locator("#mission-public-link")).to_be_visible()

    with page.expect_navigation():
        page.locator("#mission-public-link").click()
    expect(page.locator("h1")).to_have_text("Missione a Ouagadougou")
    expect(page.locator("#participants")).to_contain_text("Nome Sindaco, Sindaco di Nichelino")
    expect(page.locator("#costs")).to_contain_text("Comune di Nichelino")
    assert_accessible(page)
    shoot(page, "diplomacy-2-mission-it")

    page.goto(f"{site}/en/cooperation/countries/BF/")
    expect(page.locator(f"#mission-{mission.pk}")).to_contain_text("Mission to Ouagadougou")
    expect(page.locator(f"#mission-{mission.pk} .timeline-period")).to_have_text("March 2019")
    assert_accessible(page)
    shoot(page, "diplomacy-3-country-en")

    # A citizen on a phone: the map draws the new mission among the partner towns and places, and
    # a line from Nichelino to Ouahigouya once Nichelino has coordinates (none is sourced in the demo).
    nichelino.latitude, nichelino.longitude = 45.0, 7.65
    nichelino.save()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    phone.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    citizen = phone.new_page()
    try:
        citizen.goto(f"{site}/diplomacy/")
        expect(citizen.locator("#diplomacy-map")).to_have_attribute("data-features", "6")
        expect(citizen.locator("#diplomacy-map path.leaflet-interactive")).to_have_count(1)
        expect(citizen.locator(".leaflet-marker-icon[title^='Ouagadougou']")).to_have_count(1)
        citizen.locator(".leaflet-marker-icon[title^='Ouagadougou']").click()
        expect(citizen.locator(".leaflet-popup-content a")).to_have_text("Missione a Ouagadougou")
        citizen.wait_for_timeout(500)  # Leaflet fades the popup in: axe reads the colours once it is shown
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "diplomacy-4-map-it")
        citizen.goto(f"{site}/en/diplomacy/")
        expect(citizen.locator("h1")).to_have_text("City diplomacy")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "diplomacy-4-map-en")
    finally:
        phone.close()
