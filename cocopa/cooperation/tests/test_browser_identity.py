"""The peace office chooses to show a partner's IATI activities; a citizen sees them apart, marked
with who published them, and the network's own figures do not move."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from cocopa.cooperation.iati_import import import_file
from cocopa.cooperation.models import Initiative, Publisher
from cocopa.cooperation.tests.test_iati_identity import THEIRS, other_publishers_file
from cocopa.core.roles import PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def test_the_peace_office_shows_a_partners_activities_apart_from_the_networks(
    site, page, settings, tmp_path, assert_accessible
):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    import_file(other_publishers_file(tmp_path))
    held = Initiative.objects.get(publisher__ref=THEIRS)
    user = User.objects.create_user("ufficio-pace", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])
    page.goto(site + "/en/cooperation/")
    total = page.locator("p.lead").inner_text()
    assert page.goto(f"{site}/en/cooperation/initiatives/{held.identifier}/").status == 404

    page.goto(site + "/accounts/login/?next=/admin/cooperation/publisher/")
    page.locator("#id_username").fill("ufficio-pace")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-submit").click()
    page.goto(f"{site}/admin/cooperation/initiative/{held.pk}/change/")
    expect(page.locator("input[name=_save]")).to_have_count(0)  # theirs: read-only
    expect(page.locator(".messagelist")).to_contain_text(f"{THEIRS}-lampedusa")
    shoot(page, "iati-identity-admin-held", widths=(1366, 390))
    page.goto(f"{site}/admin/cooperation/publisher/{Publisher.objects.get().pk}/change/")
    shoot(page, "iati-identity-admin-publisher", widths=(1366, 390))
    page.locator("#id_shown_publicly").check()
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert Publisher.objects.get().shown_publicly

    page.goto(site + "/en/cooperation/")
    assert page.locator("p.lead").inner_text() == total  # the network's count does not move
    link = page.locator(f"ul.held-activities a[href$='/initiatives/{held.identifier}/']")
    expect(link).to_have_text("Sahel water")
    with page.expect_navigation():
        link.click()
    expect(page.locator(".published-by")).to_contain_text("Published by Test Partner NGO")
    expect(page.locator(".iati-identifier")).to_have_text(f"{THEIRS}-lampedusa")
    assert_accessible(page)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, "iati-identity-held-en", widths=(1366, 390))
    page.goto(f"{site}/cooperation/initiatives/{held.identifier}/")
    expect(page.locator(".published-by")).to_have_count(1)
    assert_accessible(page)
    shoot(page, "iati-identity-held-it", widths=(1366, 390))
    page.goto(site + "/en/cooperation/")
    shoot(page, "iati-identity-overview-en", widths=(1366, 390))
