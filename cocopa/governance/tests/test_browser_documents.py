"""The peace-office clerk convenes the Assembly with a PDF on the convene form, in Debian's
chromium; a representative of a member convened logs in, finds the document on /me/ and opens
it through /documents/agenda/<pk>/ (the type and disposition a browser needs to show it).

Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cocopa.core.testing import shoot
from cocopa.governance.models import AgendaDocument, Body, Meeting
from cocopa.governance.tests.test_office_views import make_office_user, make_representative, members_today

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page: Page, site: str, username: str, next_path: str) -> None:
    page.goto(f"{site}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url(f"**{next_path}")


def fill_convene_form(page: Page, starts_at: str) -> Locator:
    form = page.locator("#convene-form")
    form.locator("#id_body").select_option(value=str(Body.objects.get(key="assemblea").pk))
    form.locator("#id_starts_at").fill(starts_at)
    form.locator("#id_place").fill("Sala consiliare, Rivoli")
    form.locator("#id_agenda").fill("Bilancio preventivo | Relazione del tesoriere\nVarie ed eventuali")
    return form


def test_the_clerk_convenes_with_a_pdf_and_a_representative_opens_it_from_me(site, page, browser):
    office = make_office_user("impiegata")
    office.set_password(PASSWORD)
    office.save()
    member = members_today()[2]
    make_representative(office, member, username="sindaca", password=PASSWORD)
    Body.objects.filter(key="assemblea").update(notice_days=0)
    starts = timezone.localtime() + dt.timedelta(days=12)

    log_in(page, site, "impiegata", "/en/office/meetings/new/")
    fill_convene_form(page, starts.strftime("%Y-%m-%dT18:00"))
    page.locator("#id_document").set_input_files(
        {"name": "relazione.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}
    )
    page.locator("#convene-form button[type=submit]").click()
    expect(page.locator("[data-field-error=document]")).to_contain_text("relazione.exe")
    shoot(page, "convene-refused-upload-en")
    assert not Meeting.objects.exists()

    page.goto(f"{site}/office/meetings/new/")
    form = fill_convene_form(page, starts.strftime("%Y-%m-%dT18:00"))
    form.locator("#id_document").set_input_files(
        {"name": "Relazione del tesoriere.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator("#id_document_title").fill("Relazione del tesoriere")
    shoot(page, "convene-with-document-it")
    form.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    meeting = Meeting.objects.get()
    document = AgendaDocument.objects.get(item__meeting=meeting)
    assert document.item.number == 1
    link = page.locator(f"a[href='/documents/agenda/{document.pk}/']")
    expect(link).to_have_text("Relazione del tesoriere")
    shoot(page, "meeting-with-document-it")
    page.goto(f"{site}/en/office/meetings/{meeting.pk}/")
    shoot(page, "meeting-with-document-en")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    rep = context.new_page()
    log_in(rep, site, "sindaca", "/me/")
    link = rep.locator(f"a[href='/documents/agenda/{document.pk}/']")
    expect(link).to_have_text("Relazione del tesoriere")
    shoot(rep, "me-with-document-it")
    rep.goto(f"{site}/en/me/")
    expect(rep.locator(f"a[href='/en/documents/agenda/{document.pk}/']")).to_be_visible()
    shoot(rep, "me-with-document-en")

    response = rep.request.get(f"{site}/documents/agenda/{document.pk}/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline; filename=")
    assert response.body() == PDF
    context.close()

    visitor = browser.new_context().new_page()
    visitor.goto(f"{site}/documents/agenda/{document.pk}/")
    assert "/accounts/login/" in visitor.url
    visitor.context.close()
