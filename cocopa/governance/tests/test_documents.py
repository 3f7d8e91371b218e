"""Agenda documents: uploaded with the convocation (services.convene through the convene form),
read by those convened from /me/ and by the offices, through /documents/agenda/<pk>/ only."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from cocopa.core import testing as ct
from cocopa.core.errors import DomainError
from cocopa.core.models import AuditEvent
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.forms import ConveneForm
from cocopa.governance.models import AgendaDocument, Meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def assembly():
    body = gt.make_assembly(notice_days=0)
    (a, rep_a), (b, rep_b) = gt.make_members_with_representatives(2)
    return {"body": body, "a": a, "rep_a": rep_a.user, "b": b, "rep_b": rep_b.user}


def convene_form(body, **changes):
    starts = timezone.localtime() + dt.timedelta(days=10)
    data = {
        "body": body.pk,
        "starts_at": starts.strftime("%Y-%m-%dT18:00"),
        "place": "Sala consiliare",
        "online_url": "",
        "convened_on": timezone.localdate().isoformat(),
        "agenda": "Bilancio | Relazione del tesoriere\nVarie ed eventuali",
        "document": SimpleUploadedFile("Relazione del tesoriere.pdf", PDF, content_type="application/pdf"),
        "document_title": "Relazione del tesoriere",
        "document_item": "1",
    }
    data.update(changes)
    return data


def test_the_convene_form_attaches_the_document_to_its_item_with_an_audit_entry(client, assembly):
    office = ct.make_office_user()
    client.force_login(office)

    response = client.post(reverse("office:convene"), convene_form(assembly["body"]))

    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    assert (document.item.number, document.title) == (1, "Relazione del tesoriere")
    assert document.file.read() == PDF
    entry = AuditEvent.objects.get(verb="governance.document_attached")
    assert entry.actor == office
    assert entry.data["file"] == document.file.name
    assert entry.data["item"] == 1
    page = client.get(response["Location"]).content.decode()
    assert f'href="/documents/agenda/{document.pk}/"' in page


def test_a_representative_convened_opens_the_document_from_me(client, assembly):
    services.convene(
        assembly["body"],
        timezone.now() + dt.timedelta(days=10),
        actor=ct.make_office_user(),
        convened_on=timezone.localdate(),
        place="Sala consiliare",
        items=[("Bilancio", "")],
        documents=[(1, "Relazione", ContentFile(PDF, name="relazione.pdf"))],
    )
    document = AgendaDocument.objects.get()
    client.force_login(assembly["rep_a"])

    home = client.get(reverse("self_service:home")).content.decode()
    href = reverse("governance_documents:agenda", args=[document.pk])
    assert f'href="{href}"' in home
    assert "/media/" not in home

    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The stored name: relazione.pdf, or relazione_<random>.pdf when the storage already held one.
    stored = document.file.name.rsplit("/", 1)[-1]
    assert stored.startswith("relazione")
    assert stored.endswith(".pdf")
    assert response["Content-Disposition"] == f'inline; filename="{stored}"'


def test_a_representative_of_a_member_not_convened_gets_403(client, assembly):
    meeting = gt.make_meeting(assembly["body"], timezone.localdate() + dt.timedelta(days=5), register=False)
    meeting.attendances.create(authority=assembly["a"])
    document = AgendaDocument(item=meeting.items.get(), title="Relazione")
    document.file.save("relazione.pdf", ContentFile(PDF))
    client.force_login(assembly["rep_b"])

    assert client.get(document.href).status_code == 403


def test_a_document_whose_file_is_gone_is_404_and_a_link_only_document_keeps_its_address(client, assembly):
    meeting = gt.make_meeting(assembly["body"], timezone.localdate() + dt.timedelta(days=5))
    item = meeting.items.get()
    gone = AgendaDocument.objects.create(item=item, title="Perso", file="governance/2026/perso.pdf")
    linked = AgendaDocument.objects.create(item=item, title="Sito", url="https://example.org/odg.pdf")
    client.force_login(assembly["rep_a"])

    assert client.get(gone.href).status_code == 404
    assert linked.href == "https://example.org/odg.pdf"
    assert client.get(reverse("governance_documents:agenda", args=[linked.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"document": SimpleUploadedFile("odg.exe", b"MZ\x90")}, "document", "non è un file PDF"),
        (
            {"document": SimpleUploadedFile("odg.pdf", b"<html>")},
            "document",
            "non corrisponde alla sua estensione",
        ),
        ({"document_item": "3"}, "document_item", "il punto 3 non esiste"),
    ],
)
def test_a_refused_upload_is_named_beside_its_field_and_nothing_is_written(
    client, assembly, changes, field, words
):
    client.force_login(ct.make_office_user())

    response = client.post(reverse("office:convene"), convene_form(assembly["body"], **changes))

    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-field-error="{field}"' in page
    assert words in page
    assert not Meeting.objects.exists()
    assert not AgendaDocument.objects.exists()


def test_a_file_over_the_limit_is_refused_with_the_limit(client, assembly, settings):
    settings.COCOPA_MAX_UPLOAD_MB = 0.001
    client.force_login(ct.make_office_user())
    big = SimpleUploadedFile("grande.pdf", PDF + b"0" * 4000)

    response = client.post(reverse("office:convene"), convene_form(assembly["body"], document=big))

    assert response.status_code == 400
    assert "al massimo 0.001 MB" in response.content.decode()


def test_the_service_refuses_a_document_for_an_item_that_does_not_exist(assembly):
    with pytest.raises(DomainError) as err:
        services.convene(
            assembly["body"],
            timezone.now() + dt.timedelta(days=10),
            actor=ct.make_office_user(),
            convened_on=timezone.localdate(),
            place="Sala",
            items=[("Bilancio", "")],
            documents=[(2, "Relazione", ContentFile(PDF, name="r.pdf"))],
        )
    assert err.value.code == "document_item_unknown"
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "path", ["/documents/agenda/../../settings.py", "/documents/agenda/%2e%2e%2fsecret/"]
)
def test_a_path_in_the_address_reaches_no_file(client, assembly, path):
    client.force_login(ct.make_office_user())

    assert client.get(path).status_code == 404


def test_the_help_text_follows_the_setting_and_the_language_of_the_request(settings):
    settings.COCOPA_MAX_UPLOAD_MB = 5
    with translation.override("en"):
        assert str(ConveneForm().fields["document"].help_text) == "PDF, ODT, DOCX, PNG or JPEG, at most 5 MB."
