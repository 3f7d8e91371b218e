"""In Chromium: the peace-office clerk (not a superuser) adds a PDF document and then a new version
from the office pages; a citizen on a 390 px phone filters the library, opens a document and
downloads it; a restricted document of the Assembly is not listed for the citizen but is for a
member's representative. Axe-clean; screenshots to $COCOPA_SHOTS when set."""

import pytest
from playwright.sync_api import expect

from cocopa.core.testing import make_office_user, shoot
from cocopa.governance import testing as gt
from cocopa.library import services
from cocopa.library.models import Document

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n% relazione annuale\n%%EOF\n"


def log_in(page, site: str, username: str, next_url: str) -> None:
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()


def test_the_clerk_adds_a_pdf_document_and_a_new_version(site, page, assert_accessible, tmp_path):
    clerk = make_office_user("impiegata-biblioteca")
    first = tmp_path / "relazione-2025.pdf"
    first.write_bytes(PDF)
    second = tmp_path / "relazione-2025-corretta.pdf"
    second.write_bytes(PDF + b"% v2\n")

    log_in(page, site, clerk.username, "/office/")
    with page.expect_navigation():
        page.locator("#area-library").click()
    expect(page.locator("#documents tbody tr[data-document]")).to_have_count(Document.objects.count())
    with page.expect_navigation():
        page.locator("#add-document-link").click()

    # Without a file nor an address the form says so beside the file field.
    page.fill("#id_title_it", "Relazione annuale 2025")
    page.select_option("#id_kind", "report")
    with page.expect_navigation():
        page.locator("#add-document-form button[type=submit]").click()
    expect(page.locator("[data-field-error='file']")).to_be_visible()
    assert_accessible(page)
    shoot(page, "library-office-add-refused")

    page.fill("#id_title_en", "Annual report 2025")
    page.fill("#id_date", "2025-12-15")
    page.select_option("#id_language", "it")
    page.set_input_files("#id_file", str(first))
    with page.expect_navigation():
        page.locator("#add-document-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Relazione annuale 2025")
    expect(page.locator("#versions li")).to_have_count(1)

    page.set_input_files("#add-version-form #id_file", str(second))
    page.fill("#add-version-form #id_note", "Cifre corrette")
    with page.expect_navigation():
        page.locator("#add-version-form button[type=submit]").click()
    expect(page.locator("#versions li")).to_have_count(2)
    expect(page.locator("#versions li").first).to_contain_text("Cifre corrette")
    assert_accessible(page)
    shoot(page, "library-office-document")

    document = Document.objects.get(title_it="Relazione annuale 2025")
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    assert document.versions.get(number=2).file.name.endswith(".pdf")

    # Restricted: the office still lists it, the public list no longer does.
    page.select_option("#visibility-form #id_visibility", "restricted")
    with page.expect_navigation():
        page.locator("#visibility-form button[type=submit]").click()
    expect(page.locator("#documents-facts, #document-facts")).to_be_visible()
    document.refresh_from_db()
    assert document.visibility == "restricted"
    anonymous = page.context.browser.new_context()
    public = anonymous.new_page()
    public.goto(f"{site}/documents/?q=relazione+annuale")
    expect(public.locator("#library-empty")).to_be_visible()
    anonymous.close()


def test_a_citizen_on_a_phone_filters_opens_and_downloads(site, page, assert_accessible):
    services.add_document(
        actor=None,
        title_it="Opuscolo della rete",
        title_en="The network's brochure",
        kind="brochure",
        language="it",
        file=_upload("opuscolo.pdf"),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/documents/")
    assert_accessible(page)
    shoot(page, "library-index-it", widths=(1366, 390))
    page.goto(f"{site}/en/documents/")
    shoot(page, "library-index-en", widths=(1366, 390))

    page.select_option("#id_kind", "brochure")
    page.fill("#id_q", "rete")  # the Italian title, found from the English page
    with page.expect_navigation():
        page.locator("#library-filters button[type=submit]").click()
    expect(page.locator("#documents li[data-document]")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_navigation():
        page.locator("#documents li[data-document] a").first.click()
    expect(page.locator("h1")).to_have_text("The network's brochure")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "library-document-en", widths=(1366, 390))

    href = page.locator("#download-current").get_attribute("href")
    response = page.request.get(f"{site}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == PDF


def test_a_restricted_assembly_document_is_for_representatives_not_for_citizens(site, page, browser):
    assembly = gt.make_assembly()
    services.add_document(
        actor=None,
        title_it="Bozza riservata",
        kind="minutes",
        visibility="restricted",
        body=assembly,
        url="https://example.org/bozza.pdf",
    )
    representative = gt.make_representative(gt.make_member("Comune rappresentato"), name="Rappresentante")

    page.goto(f"{site}/documents/?q=bozza")
    expect(page.locator("#library-empty")).to_be_visible()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    other = context.new_page()
    log_in(other, site, representative.user.username, "/documents/?q=bozza")
    expect(other.locator("#documents li[data-visibility='restricted']")).to_have_count(1)
    context.close()


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
