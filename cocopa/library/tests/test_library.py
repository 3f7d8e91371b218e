"""The documents library: its services (write path, audit, refusals), the rule on restricted
documents and its queryset form, the public list's filters and search, the download view, and the
list's number of queries at two sizes."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocopa.core.errors import Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import testing as gt
from cocopa.library import queries, services
from cocopa.library.models import Document
from cocopa.library.services import FieldRefusal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% statuto\n%%EOF\n"


def pdf(name: str = "statuto.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def add(**fields) -> Document:
    fields.setdefault("title_it", "Relazione annuale")
    fields.setdefault("kind", Document.Kind.REPORT)
    fields.setdefault("language", "it")
    if "file" not in fields:
        fields.setdefault("url", "https://example.org/relazione.pdf")
    return services.add_document(actor=None, **fields)


def test_a_document_is_added_with_its_first_version_and_an_audit_entry(peace_office_user):
    document = services.add_document(
        actor=peace_office_user,
        title_it="Statuto",
        title_en="Statutes",
        kind=Document.Kind.STATUTES,
        language="it",
        date=dt.date(2011, 9, 12),
        file=pdf(),
    )

    version = document.versions.get()
    assert version.number == 1
    assert version.date == dt.date(2011, 9, 12)
    assert version.file.name.startswith("library/")
    assert version.file.url == reverse("library:version-file", args=[version.pk])
    assert AuditEvent.objects.filter(verb="library.document_added", target_id=str(document.pk)).exists()
    assert AuditEvent.objects.filter(verb="library.version_added", target_id=str(version.pk)).exists()
    assert document.history.count() == 1


def test_a_new_version_is_numbered_after_the_latest_and_becomes_current(peace_office_user):
    document = add()
    services.add_version(document, actor=peace_office_user, file=pdf("v2.pdf"), note="corretta")

    numbers = list(document.versions.values_list("number", flat=True))
    assert numbers == [2, 1]
    assert queries.document_with_versions(document.pk).versions.all()[0].note == "corretta"


@pytest.mark.parametrize(
    ("file", "url", "code"),
    [
        (None, "", "no_file_nor_address"),
        ("pdf", "https://example.org/x.pdf", "file_and_address"),
        ("fake", "", "document_refused"),
    ],
)
def test_a_version_needs_a_file_or_an_address_and_a_true_file(peace_office_user, file, url, code):
    upload = {"pdf": pdf(), "fake": SimpleUploadedFile("x.pdf", b"not a pdf")}.get(file or "")
    with pytest.raises(FieldRefusal) as refusal:
        services.add_document(
            actor=peace_office_user, title_it="X", kind="report", language="it", file=upload, url=url
        )

    assert refusal.value.code == code
    assert refusal.value.field == "file"
    assert not Document.objects.exists()


def test_only_the_peace_office_writes(representative_user, administrative_office_user):
    for user in (representative_user, administrative_office_user):
        with pytest.raises(Forbidden):
            services.add_document(actor=user, title_it="X", kind="report", url="https://example.org/")
    document = add()
    with pytest.raises(Forbidden):
        services.set_visibility(document, "restricted", actor=representative_user)


def test_the_body_comes_from_the_meeting_and_must_agree_with_it():
    board, _ = gt.make_board()
    meeting = gt.make_meeting(board, dt.date(2026, 3, 1))

    assert add(meeting=meeting).body == board
    with pytest.raises(FieldRefusal) as refusal:
        add(meeting=meeting, body=gt.make_assembly())
    assert refusal.value.field == "body"


def test_visibility_changes_through_the_service(peace_office_user):
    document = add()
    services.set_visibility(document, Document.Visibility.RESTRICTED, actor=peace_office_user)

    document.refresh_from_db()
    assert document.visibility == "restricted"
    assert AuditEvent.objects.filter(verb="library.visibility_changed", target_id=str(document.pk)).exists()


# --- who sees what -------------------------------------------------------------------------------


def make_shelf() -> dict[str, Document]:
    """One document of each visibility; the board's is the board a persona may sit in."""
    from cocopa.governance.models import Body

    board = Body.objects.filter(kind=Body.Kind.BOARD).first() or gt.make_board()[0]
    assembly = gt.make_assembly()
    return {
        "public": add(title_it="Pubblico"),
        "restricted": add(title_it="Riservato", visibility="restricted"),
        "board": add(title_it="Della giunta", visibility="restricted", body=board),
        "assembly": add(title_it="Dell'assemblea", visibility="restricted", body=assembly),
    }


#            public restricted board assembly
EXPECTED = {
    "anonymous": {"public"},
    "plain_user": {"public"},
    "representative_user": {"public", "assembly"},
    "board_member_user": {"public", "board"},
    "peace_office_user": {"public", "restricted", "board", "assembly"},
    "administrative_office_user": {"public", "restricted", "board", "assembly"},
    "superuser_user": {"public", "restricted", "board", "assembly"},
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_the_rule_and_the_list_agree_for_each_persona(request, persona):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    shelf = make_shelf()

    by_rule = {name for name, doc in shelf.items() if user.has_perm("library.view_document", doc)}
    listed = {name for name, doc in shelf.items() if doc in queries.visible_documents(user)}

    assert by_rule == EXPECTED[persona]
    assert listed == EXPECTED[persona]


def test_restricted_documents_answer_as_the_existing_document_views(client, plain_user):
    shelf = make_shelf()
    document = shelf["restricted"]
    version = document.versions.get()
    for url in (reverse("library:document", args=[document.pk]), version.href):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    client.force_login(plain_user)
    assert client.get(reverse("library:document", args=[document.pk])).status_code == 403
    assert client.get(version.href).status_code == 403
    assert b"Riservato" not in client.get(reverse("library:index")).content


def test_a_file_is_served_through_the_storage_and_an_address_is_a_redirect(client):
    stored = services.add_document(actor=None, title_it="Opuscolo", kind="brochure", file=pdf("opuscolo.pdf"))
    linked = add()

    response = client.get(stored.versions.get().href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    response = client.get(linked.versions.get().href)
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/relazione.pdf"


# --- the public list -----------------------------------------------------------------------------


def test_filters_and_the_search_ignoring_accents(client):
    assembly = gt.make_assembly()
    add(title_it="Verbale dell'assemblea", kind="minutes", body=assembly, date=dt.date(2020, 5, 4))
    add(title_it="Relazione sull'attività", kind="report", date=dt.date(2021, 1, 1), language="en")
    add(title_it="Opuscolo", title_en="Brochure", kind="brochure", description_it="Città della pace")

    def titles(**params) -> list[str]:
        response = client.get(reverse("library:index"), params)
        assert response.status_code == 200
        return sorted(d.title_it for d in response.context["page"].object_list)

    assert titles(kind="minutes") == ["Verbale dell'assemblea"]
    assert titles(body=assembly.key) == ["Verbale dell'assemblea"]
    assert titles(year="2021") == ["Relazione sull'attività"]
    assert titles(language="en") == ["Relazione sull'attività"]
    assert titles(q="ATTIVITA") == ["Relazione sull'attività"]
    assert titles(q="citta") == ["Opuscolo"]
    assert titles(q="brochure") == ["Opuscolo"]
    assert len(titles()) == 3


def test_a_filter_value_that_is_not_offered_is_named_beside_its_field(client):
    add()

    response = client.get(reverse("library:index"), {"year": "duemila", "kind": "report"})

    assert response.status_code == 400
    assert b'data-field-error="year"' in response.content
    assert len(response.context["page"].object_list) == 1  # the type filter still applies
    assert b"Traceback" not in response.content


def test_search_for_the_site_wide_search(plain_user):
    add(title_it="Carta della pace", language="en")
    add(title_it="Carta riservata", visibility="restricted")
    add(title_it="Carta in italiano")

    found = list(queries.search("carta", user=plain_user, language="en"))

    assert [d.title_it for d in found] == ["Carta della pace", "Carta in italiano"]
    assert not queries.search("  ", user=plain_user, language="it").exists()


def _queries_of_the_list(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("library:index")).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_3_and_for_15_documents(client):
    board, _ = gt.make_board()
    for i in range(3):
        add(title_it=f"Doc {i}", body=board, date=dt.date(2020 + i, 1, 1))
    small = _queries_of_the_list(client)
    for i in range(12):
        add(title_it=f"Altro {i}", body=board, date=dt.date(2010 + i, 1, 1))

    assert _queries_of_the_list(client) == small


def test_the_office_pages_are_the_peace_offices(client, administrative_office_user, peace_office_user):
    client.force_login(administrative_office_user)
    assert client.get(reverse("library_office:documents")).status_code == 403
    client.force_login(peace_office_user)
    assert client.get(reverse("library_office:documents")).status_code == 200
    assert b"area-library" in client.get(reverse("office:home")).content


def test_the_office_form_names_the_field_at_fault(client, peace_office_user):
    client.force_login(peace_office_user)

    response = client.post(
        reverse("library_office:add-document"),
        {"title_it": "Senza file", "kind": "report", "date_precision": "day", "visibility": "public"},
    )

    assert response.status_code == 400
    assert b'data-field-error="file"' in response.content
    assert not Document.objects.exists()
