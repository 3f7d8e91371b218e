"""In Chromium: the peace-office clerk (not a superuser) adds a local authority abroad — a
latitude off the globe refused beside its field —, then records an agreement with it from its
page, the authority already chosen. The list answers a search by country on a 390 px phone
without scrolling sideways. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from cocopa.diplomacy.models import Agreement, AgreementKind, ForeignAuthority

pytestmark = pytest.mark.browser


def test_the_clerk_adds_a_partner_town_and_records_an_agreement_with_it(
    site, page, browser, peace_office_user, assert_accessible
):
    page.goto(f"{site}/accounts/login/?next=/office/diplomacy/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#authorities-link").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#authority-new").click()

    page.fill("#id_name", "Kayes")
    page.select_option("#id_country", "ML")
    page.fill("#id_latitude", "144,4469")
    page.fill("#id_longitude", "-11,4443")
    with page.expect_navigation():
        page.locator("#authority-save").click()
    expect(page.locator("[data-field-error='latitude']")).to_be_visible()
    assert not ForeignAuthority.objects.filter(name="Kayes").exists()
    assert_accessible(page)

    page.fill("#id_latitude", "14,4469")
    with page.expect_navigation():
        page.locator("#authority-save").click()
    kayes = ForeignAuthority.objects.get(name="Kayes", country="ML")
    assert kayes.located
    expect(page.locator("h1")).to_have_text("Kayes")
    assert_accessible(page)

    with page.expect_navigation():
        page.locator("#authority-record-agreement").click()
    expect(page.locator(f"#id_foreign_authorities option[value='{kayes.pk}']")).to_have_attribute(
        "selected", ""
    )
    page.select_option("#id_kind", str(AgreementKind.objects.first().pk))
    page.fill("#id_title_it", "Patto di amicizia con Kayes")
    page.fill("#id_signed_on", "2024")
    with page.expect_navigation():
        page.locator("#agreement-save").click()
    pact = Agreement.objects.get(title_it="Patto di amicizia con Kayes")
    assert list(pact.foreign_authorities.all()) == [kayes]

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT")
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(f"{site}/office/diplomacy/authorities/?q=mali")
    expect(small.locator("#office-authorities tbody tr")).to_have_count(1)
    expect(small.locator("#office-authorities")).to_contain_text("Kayes")
    assert small.evaluate("document.documentElement.scrollWidth <= 390")
    assert_accessible(small)
    small.goto(f"{site}/office/diplomacy/authorities/{kayes.pk}/delete/")
    expect(small.locator("#delete-refused")).to_be_visible()
    phone.close()
