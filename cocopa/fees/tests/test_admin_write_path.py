"""The admin cannot write fees around the services (docs/decisions/0007-one-write-path.md): a
waiver beyond the balance, a payment for another member's assessment, a changed assessment."""

import pytest
from django.urls import reverse

from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment, FeeBase, Payment, Receipt, UnmatchedBankRow, Waiver
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(gt.make_user(superuser=True))
    return client


@pytest.fixture
def assessment():
    ft.make_schedule(2025)
    return ft.make_assessment(gt.make_member(), 2025, "100.00")


def test_a_waiver_beyond_what_is_due_cannot_be_added(admin_client, assessment):
    response = admin_client.post(
        reverse("admin:fees_waiver_add"),
        {"assessment": assessment.pk, "amount": "500.00", "reason": "x", "on": "2025-05-01"},
    )

    assert response.status_code == 403
    assert not Waiver.objects.exists()


def test_a_payment_for_another_members_assessment_cannot_be_added(admin_client, assessment):
    other = gt.make_member()

    response = admin_client.post(
        reverse("admin:fees_payment_add"),
        {
            "authority": other.pk,
            "paid_on": "2025-05-01",
            "amount": "100.00",
            "method": "transfer",
            "assessment": assessment.pk,
        },
    )

    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_an_assessment_cannot_be_changed_and_links_to_the_fees_page(admin_client, assessment):
    url = reverse("admin:fees_assessment_change", args=[assessment.pk])

    posted = admin_client.post(url, {"amount": "1.00"})

    assert posted.status_code == 403
    assert Assessment.objects.get().amount == assessment.amount
    assert reverse("fees:overview") in admin_client.get(url).content.decode()


def test_fee_bases_and_receipts_cannot_be_written_in_the_admin(admin_client):
    member = gt.make_member()
    added = admin_client.post(
        reverse("admin:fees_feebase_add"),
        {"authority": member.pk, "valid_from": 2026, "kind": "amount", "amount": "1.00", "reason": "x"},
    )
    receipt = admin_client.post(reverse("admin:fees_receipt_add"), {"year": 2026, "number": 7})

    assert (added.status_code, receipt.status_code) == (403, 403)
    assert not FeeBase.objects.exists()
    assert not Receipt.objects.exists()
    assert reverse("fees:bases") in admin_client.get(reverse("admin:fees_feebase_changelist")).text


def test_unmatched_bank_rows_are_only_shown_in_the_admin(admin_client):
    row = UnmatchedBankRow.objects.create(
        paid_on="2026-04-02", amount="99.00", payer="Mario Rossi", why="no_match", line=4, import_key="k" * 64
    )
    url = reverse("admin:fees_unmatchedbankrow_change", args=[row.pk])

    posted = admin_client.post(url, {"status": "dismissed", "dismiss_reason": "x"})

    assert posted.status_code == 403
    row.refresh_from_db()
    assert row.status == "open"
    assert reverse("fees:match-bank-row", args=[row.pk]) in admin_client.get(url).text
