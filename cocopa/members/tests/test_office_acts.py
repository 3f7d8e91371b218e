"""The member's acts page records an act through services.record_act."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocopa.core import testing as ct
from cocopa.members.models import AdhesionAct, Membership
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    client.force_login(ct.make_office_user())
    return client


def test_the_acts_page_shows_the_form(office_client):
    town = make_authority("Comune", 10_000, joined=dt.date(2000, 1, 1))

    response = office_client.get(reverse("members_office:member-acts", args=[town.pk]))

    assert response.status_code == 200
    assert 'id="record-act-form"' in response.content.decode()


def test_an_adhesion_with_its_document_starts_a_membership_period(office_client, settings):
    town = make_authority("Comune", 10_000, joined=dt.date(2000, 1, 1))
    Membership.objects.filter(authority=town).delete()

    response = office_client.post(
        reverse("members_office:record-act", args=[town.pk]),
        {
            "kind": "adhesion",
            "body": "Consiglio comunale",
            "number": "12",
            "adopted_on": "2024-03-01",
            "document": SimpleUploadedFile("delibera.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    act = AdhesionAct.objects.get()
    assert act.document.name.endswith(".pdf")
    assert act.membership.start_on == dt.date(2024, 3, 1)


def test_a_withdrawal_with_no_period_in_force_is_refused_with_a_message(office_client):
    town = make_authority("Comune", 10_000, joined=dt.date(2000, 1, 1))
    Membership.objects.filter(authority=town).delete()

    response = office_client.post(
        reverse("members_office:record-act", args=[town.pk]),
        {"kind": "withdrawal", "adopted_on": "2024-03-01", "effective_on": "2024-12-31"},
    )

    assert response.status_code == 409
    assert 'data-error-code="no_period_in_force"' in response.content.decode()
    assert not AdhesionAct.objects.exists()


def test_someone_outside_the_office_cannot_record_an_act(client):
    town = make_authority("Comune", 10_000, joined=dt.date(2000, 1, 1))
    client.force_login(ct.make_user())

    response = client.post(
        reverse("members_office:record-act", args=[town.pk]), {"kind": "adhesion", "adopted_on": "2024-03-01"}
    )

    assert response.status_code == 403
    assert not AdhesionAct.objects.exists()
