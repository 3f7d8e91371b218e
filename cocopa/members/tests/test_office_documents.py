"""An act's file: uploaded with the act form (validated, audited) and read back by the offices
through /documents/acts/<pk>/, linked from the member's acts page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocopa.core import testing as ct
from cocopa.core.models import AuditEvent
from cocopa.members.models import AdhesionAct, Membership
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def town():
    town = make_authority("Comune", 10_000, joined=dt.date(2000, 1, 1))
    Membership.objects.filter(authority=town).delete()
    return town


def act_form(**changes):
    data = {
        "kind": "adhesion",
        "body": "Consiglio comunale",
        "number": "12",
        "adopted_on": "2024-03-01",
        "document": SimpleUploadedFile("delibera 12.pdf", PDF),
    }
    data.update(changes)
    return data


def test_the_act_file_is_audited_linked_and_served_to_the_office(client, town):
    office = ct.make_office_user()
    client.force_login(office)

    response = client.post(reverse("members_office:record-act", args=[town.pk]), act_form())

    assert response.status_code == 302
    act = AdhesionAct.objects.get()
    entry = AuditEvent.objects.get(verb="members.act_recorded")
    assert entry.data["document"] == act.document.name
    page = client.get(response["Location"]).content.decode()
    href = reverse("members_documents:act", args=[act.pk])
    assert f'href="{href}"' in page
    download = client.get(href)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline; filename=")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("delibera.txt", b"testo"), "non è un file PDF, ODT, DOCX, PNG o JPEG"),
        (SimpleUploadedFile("delibera.pdf", b"MZ\x90\x00"), "non corrisponde alla sua estensione"),
    ],
)
def test_a_refused_file_is_named_beside_the_document_field_and_no_act_is_recorded(
    client, town, upload, words
):
    client.force_login(ct.make_office_user())

    response = client.post(reverse("members_office:record-act", args=[town.pk]), act_form(document=upload))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="document"' in page
    assert words in page
    assert not AdhesionAct.objects.exists()


def test_a_representative_cannot_read_an_act_file(client, town, representative_user):
    office = ct.make_office_user()
    client.force_login(office)
    client.post(reverse("members_office:record-act", args=[town.pk]), act_form())
    client.force_login(representative_user)

    response = client.get(reverse("members_documents:act", args=[AdhesionAct.objects.get().pk]))

    assert response.status_code == 403
