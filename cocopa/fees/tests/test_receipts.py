"""Numbered receipts (issue 12, point 4): a gapless number per year (2026/0001), issued by the
office through a service, the issuer's details from the settings, labels that read cleanly.

Before: receipts were numbered by the payment's database id, printed
"AccertamentoCOCOPA-2026-001265" and named no issuer.
"""

import datetime as dt
import io
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.fees import receipts, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Receipt, ReceiptCounter
from cocopa.governance import testing as gt

D = Decimal


def _payment(amount="1086.24"):
    member = gt.make_member("Beinasco", 18_000)
    fee = ft.make_assessment(member, 2026, amount)
    return ft.make_payment(member, amount, assessment=fee, reference=fee.code)


def _pdf_text(receipt: Receipt) -> str:
    return PdfReader(io.BytesIO(receipts.receipt_pdf(receipt))).pages[0].extract_text()


@pytest.mark.django_db
def test_receipts_are_numbered_in_sequence_within_the_year(administrative_office_user):
    member = gt.make_member()
    payments = [ft.make_payment(member, "10") for _ in range(3)]

    issued = [services.issue_receipt(p, actor=administrative_office_user) for p in payments]

    year = issued[0].year
    assert [r.label for r in issued] == [f"{year}/0001", f"{year}/0002", f"{year}/0003"]
    assert ReceiptCounter.objects.get(year=year).last == 3
    event = AuditEvent.objects.filter(verb="fees.receipt_issued").latest("seq")
    assert (event.actor, event.data["number"]) == (administrative_office_user, f"{year}/0003")


@pytest.mark.django_db
def test_a_new_year_starts_again_from_one(administrative_office_user):
    member = gt.make_member()
    first, second = ft.make_payment(member, "10"), ft.make_payment(member, "20")
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 12, 31)):
        december = services.issue_receipt(first, actor=administrative_office_user)
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2027, 1, 1)):
        january = services.issue_receipt(second, actor=administrative_office_user)
    assert (december.label, january.label) == ("2026/0001", "2027/0001")


@pytest.mark.django_db
def test_a_failed_issue_takes_no_number(administrative_office_user):
    member = gt.make_member()
    first, second = ft.make_payment(member, "10"), ft.make_payment(member, "20")
    with (
        mock.patch("cocopa.fees.receipts.audit.record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.issue_receipt(first, actor=administrative_office_user)

    receipt = services.issue_receipt(second, actor=administrative_office_user)

    assert receipt.number == 1
    assert Receipt.objects.count() == 1


@pytest.mark.django_db
def test_a_payment_gets_one_receipt_and_an_archived_one_none(administrative_office_user):
    payment = _payment()
    services.issue_receipt(payment, actor=administrative_office_user)
    with pytest.raises(Conflict) as again:
        services.issue_receipt(payment, actor=administrative_office_user)
    archived = ft.make_payment(payment.authority, "5")
    services.archive_payment(archived, actor=administrative_office_user, reason="bounced")
    with pytest.raises(DomainError) as gone:
        services.issue_receipt(archived, actor=administrative_office_user)

    assert (again.value.code, gone.value.code) == ("receipt_already_issued", "payment_archived")
    assert Receipt.objects.count() == 1
    assert ReceiptCounter.objects.get().last == 1


@pytest.mark.django_db
def test_only_the_administrative_office_issues_receipts(peace_office_user, representative_user):
    payment = _payment()
    for user in (peace_office_user, representative_user):
        with pytest.raises(Forbidden):
            services.issue_receipt(payment, actor=user)
    assert not Receipt.objects.exists()


@pytest.mark.django_db
def test_the_receipt_names_the_configured_issuer_and_keeps_it(settings, administrative_office_user):
    settings.RECEIPT_ISSUER_NAME = "Comune di Esempio"
    settings.RECEIPT_ISSUER_ADDRESS = "Piazza Test 1, 10100 Torino"
    settings.RECEIPT_ISSUER_TAX_CODE = "00000000000"
    receipt = services.issue_receipt(_payment(), actor=administrative_office_user)
    settings.RECEIPT_ISSUER_NAME = "Someone else"

    text = _pdf_text(receipt)

    assert "Comune di Esempio" in text
    assert "Piazza Test 1, 10100 Torino" in text
    assert "00000000000" in text
    assert "Someone else" not in text
    assert "RECEIPT_ISSUER_NAME" not in text


@pytest.mark.django_db
def test_without_an_issuer_the_receipt_says_it_is_not_configured(settings, administrative_office_user):
    settings.RECEIPT_ISSUER_NAME = ""
    receipt = services.issue_receipt(_payment(), actor=administrative_office_user)
    html = receipts.receipt_html(receipt)
    assert "data-issuer-not-configured" in html
    assert "RECEIPT_ISSUER_NAME" in _pdf_text(receipt)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [("en", "Assessment"), ("it", None)])
def test_the_printed_labels_are_separated_from_their_values(administrative_office_user, language, label):
    receipt = services.issue_receipt(_payment(), actor=administrative_office_user)
    code = receipt.payment.assessment.code
    with translation.override(language):
        label = label or translation.gettext("Assessment")
        text = _pdf_text(receipt)

    assert f"{label}: {code}" in text
    assert f"{label}{code}" not in text
    assert receipt.label in text  # the receipt's number, not the payment's database id


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_clerk_issues_a_receipt_from_the_payments_page(client, administrative_office_user):
    payment = _payment()
    client.force_login(administrative_office_user)
    assert client.get(reverse("fees:receipt", args=[payment.pk])).status_code == 404  # not issued yet
    page = client.get(reverse("fees:payments")).text
    assert f'data-issue-receipt="{payment.pk}"' in page

    response = client.post(reverse("fees:issue-receipt", args=[payment.pk]), follow=True)

    receipt = Receipt.objects.get()
    assert 'data-error-code="receipt_issued"' in response.text
    assert f'data-receipt="{receipt.label}"' in response.text
    pdf = client.get(reverse("fees:receipt", args=[payment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="receipt-{receipt.year}-0001.pdf"' in pdf["Content-Disposition"]


@pytest.mark.django_db
def test_the_payments_page_says_when_no_issuer_is_configured(client, settings, administrative_office_user):
    client.force_login(administrative_office_user)
    settings.RECEIPT_ISSUER_NAME = ""
    assert 'id="issuer-not-configured"' in client.get(reverse("fees:payments")).text
    settings.RECEIPT_ISSUER_NAME = "Comune di Esempio"
    assert 'id="issuer-not-configured"' not in client.get(reverse("fees:payments")).text


@pytest.mark.django_db
def test_outside_the_office_nobody_issues_a_receipt_from_the_page(client, peace_office_user):
    payment = _payment()
    client.force_login(peace_office_user)
    assert client.post(reverse("fees:issue-receipt", args=[payment.pk])).status_code == 403
    assert not Receipt.objects.exists()


@pytest.mark.django_db
def test_a_representative_sees_the_issued_receipt_by_its_number(client, administrative_office_user):
    payment = _payment()
    rep = gt.make_representative(payment.authority).user
    client.force_login(rep)
    assert "data-receipt=" not in client.get(reverse("fees:mine")).text
    receipt = services.issue_receipt(payment, actor=administrative_office_user)

    assert f'data-receipt="{receipt.label}"' in client.get(reverse("fees:mine")).text
    assert client.get(reverse("fees:receipt", args=[payment.pk])).status_code == 200


# --- Concurrency (PostgreSQL) --------------------------------------------------------------------

ATTEMPTS = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_receipts_issued_at_once_take_every_number_once():
    office = ft.make_finance_user()
    member = gt.make_member()
    payments = [ft.make_payment(member, "10") for _ in range(ATTEMPTS)]
    twice = payments[0]
    barrier = threading.Barrier(ATTEMPTS + 1)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(payment) -> None:
        try:
            barrier.wait(timeout=30)
            result = services.issue_receipt(payment, actor=office).label
        except Conflict as err:
            result = err.code
        except Exception as err:  # a crash must fail the test, not vanish in a thread
            result = f"{type(err).__name__}: {err}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(p,)) for p in [*payments, twice]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    year = Receipt.objects.values_list("year", flat=True).distinct().get()  # one year: one sequence
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == list(range(1, ATTEMPTS + 1))  # none skipped, none twice
    assert sorted(outcomes) == sorted([f"{year}/{n:04d}" for n in numbers] + ["receipt_already_issued"])
    assert ReceiptCounter.objects.get(year=year).last == ATTEMPTS


@pytest.mark.django_db
def test_the_api_gives_the_receipt_number(client, administrative_office_user):
    payment = _payment()
    receipt = services.issue_receipt(payment, actor=administrative_office_user)
    client.force_login(administrative_office_user)

    rows = client.get("/api/v1/fees/payments").json()["items"]

    assert [r["receipt"] for r in rows if r["id"] == payment.pk] == [receipt.label]
