"""In Chromium: the peace-office clerk (not a superuser) adds a member in one form. From the office
home she searches ISTAT's list, by name and by code, chooses Sestriere, records its adhesion act
with the council's PDF, and lands on the new member's acts with its membership period. A date
after today is refused beside the field. Screenshots (1280 px and 390 px, Italian and English) go
to $COCOPA_SHOTS when set."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocopa.core.models import AuditEvent
from cocopa.core.testing import make_office_user, shoot
from cocopa.members import services
from cocopa.members.models import AdhesionAct, LocalAuthority, Membership

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n% delibera di adesione\n"


def test_the_clerk_adds_a_municipality_with_its_adhesion_act(site, page, assert_accessible):
    services.import_istat_list(actor=None)  # as `cocopa load_demo` does; the test demo goes without
    clerk = make_office_user("impiegata-pace")
    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url("**/office/")
    page.locator("#area-add-member").click()
    page.wait_for_url("**/office/members/new/")

    # By name, without regard to case; a member already in the network is marked, not offered.
    page.fill("#id_q", "torino")
    page.locator("#search-button").click()
    expect(page.locator("#results tr[data-code='001272']")).to_have_attribute("data-member", "yes")
    expect(page.locator("[data-choose='001272']")).to_have_count(0)
    # By ISTAT code.
    page.fill("#id_q", "001263")
    page.locator("#search-button").click()
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results tr[data-code='001263']")).to_contain_text("Sestriere")
    assert_accessible(page)
    shoot(page, "add-member-1-search-it")
    page.goto(f"{site}/en/office/members/new/?q=sestri")
    shoot(page, "add-member-1-search-en")
    page.goto(f"{site}/office/members/new/?q=sestri")

    page.locator("[data-choose='001263']").click()
    expect(page.locator("[data-fact='province']")).to_contain_text("Torino")
    expect(page.locator("[data-fact='population']")).to_have_attribute("data-value", "838")

    # A date after today is refused beside the field, and nothing is written.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.fill("#id_body", "Consiglio comunale")
    page.fill("#id_number", "23")
    page.fill("#id_adopted_on", tomorrow.isoformat())
    page.locator("#add-member-submit").click()
    expect(page.locator("[data-field-error='adopted_on']")).to_have_attribute(
        "data-error-code", "act_date_in_future"
    )
    assert not AdhesionAct.objects.filter(authority__istat_code="001263").exists()
    assert_accessible(page)
    shoot(page, "add-member-2-refused-it")

    page.fill("#id_adopted_on", "2025-11-20")
    page.set_input_files(
        "#id_document", files=[{"name": "delibera-23.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    shoot(page, "add-member-3-form-it")
    page.goto(f"{site}/en/office/members/new/?code=001263")
    shoot(page, "add-member-3-form-en")
    page.go_back()
    page.fill("#id_body", "Consiglio comunale")
    page.fill("#id_number", "23")
    page.fill("#id_adopted_on", "2025-11-20")
    page.set_input_files(
        "#id_document", files=[{"name": "delibera-23.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("#add-member-submit").click()

    sestriere = LocalAuthority.objects.get(istat_code="001263")
    page.wait_for_url(f"**/office/conventions/members/{sestriere.pk}/acts/")
    expect(page.locator("[data-message-level='success']")).to_contain_text("Sestriere")
    expect(page.locator("#acts tr[data-kind='adhesion']")).to_contain_text("23")
    expect(page.locator("#periods li")).to_have_count(1)
    shoot(page, "add-member-4-added-it")
    page.goto(f"{site}/en/office/conventions/members/{sestriere.pk}/acts/")
    shoot(page, "add-member-4-added-en")

    period = Membership.objects.get(authority=sestriere)
    assert (period.start_on, period.end_on) == (dt.date(2025, 11, 20), None)
    act = AdhesionAct.objects.get(authority=sestriere)
    assert act.document.name.endswith(".pdf")
    assert act.membership == period
    assert AuditEvent.objects.filter(verb="members.member_added", actor=clerk).count() == 1

    # The document opens for the office.
    response = page.request.get(f"{site}/documents/acts/{act.pk}/")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
