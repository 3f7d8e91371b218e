"""/fees/payments/import/ (upload, preview, confirm) and the queue of unmatched bank rows: what
the preview shows is what the confirmation writes, once; a changed file or changed accounts are
refused; a bad file names its lines and fields and writes nothing; only the administrative office."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cocopa.core.errors import Conflict, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.fees import forms, ledger, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Allocation, BankUpload, Payment, UnmatchedBankRow
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client):
    user = ft.make_finance_user()
    client.force_login(user)
    return user


@pytest.fixture
def fees():
    rivoli = gt.make_member("Rivoli")
    bruino = gt.make_member("Bruino")
    return ft.make_assessment(rivoli, 2026, "2827.38"), ft.make_assessment(bruino, 2026, "510")


def bank_file(fees, extra: str = "") -> bytes:
    rivoli, _bruino = fees
    return (
        "Data;Importo;Ordinante;Causale\n"
        f"15/03/2026;2.827,38;Tesoreria;Quota 2026 {rivoli.code.lower()}\n"  # line 2: by code
        "2026-04-01;510,00;COMUNE DI BRUINO;quota associativa\n"  # line 3: by payer
        "2026-04-02;99,00;Mario Rossi;donazione\n"  # line 4: unmatched
        "2026-04-03;-12,50;Banca;commissioni\n"  # line 5: outgoing
        f"{extra}"
    ).encode()


def upload(client, content: bytes, name: str = "estratto.csv"):
    return client.post(reverse("fees:import"), {"file": SimpleUploadedFile(name, content, "text/csv")})


def confirm_fields(html: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" value="([0-9a-f]+)"', html).group(1) for name in ("sha256", "plan")
    }


def rows_of(html: str, table: str) -> list[str]:
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', html, re.S)
    return re.findall(r'<tr data-line="(\d+)"', body.group(0)) if body else []


def test_the_preview_shows_each_kind_of_row_and_writes_nothing(client, finance, fees):
    rivoli, _bruino = fees
    # A row imported earlier (the command): a duplicate in the upload.
    services.import_bank_file(
        b"date,amount,payer,reference\n2026-01-10,5.00,Rivoli,anticipo\n", "old.csv", actor=None
    )
    paid_before = Payment.objects.count()

    response = upload(client, bank_file(fees, "2026-01-10;5,00;Rivoli;anticipo\n"))

    html = response.content.decode()
    assert response.status_code == 200
    assert rows_of(html, "matched") == ["2", "3"]
    assert f'data-assessment="{rivoli.code}"' in html  # the assessment line 2 goes to
    assert 'data-line="3" data-how="payer"' in html
    assert rows_of(html, "unmatched") == ["4"]
    assert 'data-why="no_match"' in html
    assert rows_of(html, "not-incoming") == ["5"]
    assert rows_of(html, "duplicates") == ["6"]
    assert 'id="confirm-form"' in html
    assert Payment.objects.count() == paid_before
    assert not UnmatchedBankRow.objects.exists()


def test_confirming_imports_what_was_previewed_once_and_a_reupload_shows_duplicates(client, finance, fees):
    rivoli, bruino = fees
    html = upload(client, bank_file(fees)).content.decode()

    response = client.post(reverse("fees:confirm-import"), confirm_fields(html))

    assert response.status_code == 302
    assert response["Location"] == reverse("fees:unmatched")
    assert sorted(Payment.objects.values_list("amount", "authority__name", "imported_from")) == [
        (Decimal("510.00"), "Bruino", "estratto.csv"),
        (Decimal("2827.38"), "Rivoli", "estratto.csv"),
    ]
    assert ledger.outstanding(rivoli) == 0
    assert ledger.outstanding(bruino) == 0
    queued = UnmatchedBankRow.objects.get()
    assert (queued.payer, queued.amount, queued.line, queued.status) == (
        "Mario Rossi",
        Decimal("99.00"),
        4,
        "open",
    )
    assert not BankUpload.objects.exists()  # the staged file goes once imported
    entry = AuditEvent.objects.get(verb="fees.payments_imported")
    assert (entry.data["created"], entry.data["queued"]) == (2, 1)

    # The same confirmation again: the staged file is gone, nothing more is written.
    client.post(reverse("fees:confirm-import"), confirm_fields(html))
    again = upload(client, bank_file(fees)).content.decode()

    assert Payment.objects.count() == 2
    assert UnmatchedBankRow.objects.count() == 1
    assert rows_of(again, "duplicates") == ["2", "3", "4"]
    assert rows_of(again, "matched") == []
    assert rows_of(again, "unmatched") == []
    assert 'id="confirm-form"' not in again
    assert 'id="nothing-to-import"' in again


def test_a_file_changed_between_preview_and_confirm_is_refused(client, finance, fees):
    first = upload(client, bank_file(fees)).content.decode()
    # Another file previewed meanwhile (another tab): the first page's confirmation is stale.
    upload(client, bank_file(fees, "2026-05-01;1,00;Ignoto;x\n"), "altro.csv")

    response = client.post(reverse("fees:confirm-import"), confirm_fields(first))

    assert response.status_code == 409
    assert "import_file_changed" in response.content.decode()
    assert not Payment.objects.exists()
    assert not UnmatchedBankRow.objects.exists()


def test_accounts_changed_between_preview_and_confirm_are_refused(client, finance, fees):
    html = upload(client, bank_file(fees)).content.decode()
    # The same rows imported by the command meanwhile: the preview's plan no longer holds.
    services.import_bank_file(bank_file(fees), "cron.csv", actor=None)
    count = Payment.objects.count()

    response = client.post(reverse("fees:confirm-import"), confirm_fields(html))

    assert response.status_code == 409
    assert (
        'data-error-code="import_changed"' in response.content.decode()
        or "import_changed" in response.content.decode()
    )
    assert Payment.objects.count() == count


def test_the_service_refuses_a_plan_other_than_the_previewed_one(fees, finance):
    with pytest.raises(Conflict) as refused:
        services.import_bank_file(bank_file(fees), "f.csv", actor=finance, expected="0" * 64)
    assert refused.value.code == "import_changed"
    assert not Payment.objects.exists()


def test_rows_written_by_a_concurrent_import_are_a_conflict_not_a_server_error(fees, monkeypatch):
    # The other import commits between this one's plan and its writes: the plan still says
    # "new", the unique import key says otherwise.
    plan = services.plan_import(bank_file(fees), "f.csv")
    services.import_bank_file(bank_file(fees), "f.csv", actor=None)
    monkeypatch.setattr(services, "plan_import", lambda content, name: plan)

    with pytest.raises(Conflict) as refused:
        services.import_bank_file(bank_file(fees), "f.csv", actor=None)

    assert refused.value.code == "import_changed"
    assert Payment.objects.count() == 2


def test_a_bad_file_shows_every_bad_line_and_field_and_writes_nothing(client, finance, fees):
    content = bank_file(fees, "31/02/2026;10,00;Rivoli;x\n2026-03-01;dieci;Rivoli;y\n")

    response = upload(client, content)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-line="6" data-field="date"' in html
    assert 'data-line="7" data-field="amount"' in html
    assert 'id="confirm-form"' not in html
    # A confirmation forged anyway writes nothing either.
    staged = BankUpload.objects.get()
    posted = client.post(reverse("fees:confirm-import"), {"sha256": staged.sha256, "plan": "0" * 64})
    assert posted.status_code in (400, 409)
    assert not Payment.objects.exists()
    assert not UnmatchedBankRow.objects.exists()


def test_a_file_that_cannot_be_read_names_its_line(client, finance, fees):
    response = upload(client, b"Data;Importo;Ordinante;Causale\n2026-01-01;1,00;A;\xff\n")

    assert response.status_code == 400
    assert 'id="file-error"' in response.content.decode()
    assert 'data-line="2"' in response.content.decode()
    assert not Payment.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, finance, fees, settings):
    settings.COCOPA_MAX_IMPORT_MB = 0.0001  # about 100 bytes

    response = upload(client, bank_file(fees) * 3)

    assert response.status_code == 400
    assert "COCOPA_MAX_IMPORT_MB" in response.content.decode()
    assert not BankUpload.objects.exists()


def test_the_command_queues_unmatched_rows_through_the_same_service(tmp_path, fees, capsys):
    path = tmp_path / "bank.csv"
    path.write_bytes(bank_file(fees))

    call_command("import_payments", str(path))
    call_command("import_payments", str(path))

    out = capsys.readouterr().out
    assert "2 payments recorded" in out
    assert "3 already imported" in out
    assert UnmatchedBankRow.objects.get().payer == "Mario Rossi"


# --- The queue --------------------------------------------------------------------------------


@pytest.fixture
def queued(fees):
    services.import_bank_file(bank_file(fees), "estratto.csv", actor=None)
    return UnmatchedBankRow.objects.get()


def test_the_office_matches_a_queued_row_to_an_assessment(client, finance, fees, queued):
    _rivoli, bruino = fees
    old = ft.make_assessment(bruino.authority, 2025, "99")
    assert client.get(reverse("fees:unmatched")).content.decode().count(f'data-bank-row="{queued.pk}"') == 1

    response = client.post(reverse("fees:match-bank-row", args=[queued.pk]), {"assessment": old.pk})

    assert response.status_code == 302
    queued.refresh_from_db()
    payment = queued.payment
    assert (queued.status, queued.resolved_by) == ("matched", finance)
    assert (payment.authority, payment.amount, payment.paid_on, payment.payer) == (
        bruino.authority,
        Decimal("99.00"),
        dt.date(2026, 4, 2),
        "Mario Rossi",
    )
    assert payment.import_key == queued.import_key
    assert list(payment.allocations.values_list("assessment", "amount", "how")) == [
        (old.pk, Decimal("99.00"), Allocation.How.CODE)
    ]
    assert ledger.outstanding(old) == 0
    # Matched once: a second match is refused, and a re-import does not queue it again.
    again = client.post(reverse("fees:match-bank-row", args=[queued.pk]), {"authority": bruino.authority.pk})
    assert again.status_code == 409
    result = services.import_bank_file(bank_file(fees), "estratto.csv", actor=None)
    assert (result.created, result.queued, result.duplicates) == (0, 0, 3)


def test_a_row_matched_to_a_member_pays_its_oldest_open_year(client, finance, fees, queued):
    rivoli, _bruino = fees  # 2026 was paid in full by the import (line 2)
    older = ft.make_assessment(rivoli.authority, 2025, "50")

    client.post(reverse("fees:match-bank-row", args=[queued.pk]), {"authority": rivoli.authority.pk})

    payment = Payment.objects.get(bank_row=queued)
    assert list(payment.allocations.values_list("assessment", "amount", "how")) == [
        (older.pk, Decimal("50.00"), Allocation.How.PAYER)
    ]
    assert ledger.unallocated(payment) == Decimal("49.00")  # the member's credit


def test_matching_needs_a_member_or_an_assessment_of_that_member(client, finance, fees, queued):
    rivoli, _bruino = fees
    bruino = ft.make_assessment(_bruino.authority, 2025, "10")  # still owing: a choice
    paid = client.post(reverse("fees:match-bank-row", args=[queued.pk]), {"assessment": _bruino.pk})
    assert paid.status_code == 400  # a fee paid in full is no choice
    empty = client.post(reverse("fees:match-bank-row", args=[queued.pk]), {})
    mismatch = client.post(
        reverse("fees:match-bank-row", args=[queued.pk]),
        {"authority": rivoli.authority.pk, "assessment": bruino.pk},
    )
    assert (empty.status_code, mismatch.status_code) == (400, 400)
    assert "assessment_of_another_member" in mismatch.content.decode()
    assert not Payment.objects.filter(bank_row=queued).exists()


def test_the_office_dismisses_a_queued_row_with_a_reason(client, finance, queued):
    no_reason = client.post(
        reverse("fees:match-bank-row", args=[queued.pk]), {"action": "dismiss", "reason": " "}
    )
    assert no_reason.status_code == 400

    response = client.post(
        reverse("fees:match-bank-row", args=[queued.pk]),
        {"action": "dismiss", "reason": "donazione, non quota"},
    )

    assert response.status_code == 302
    queued.refresh_from_db()
    assert (queued.status, queued.dismiss_reason, queued.payment) == (
        "dismissed",
        "donazione, non quota",
        None,
    )
    assert AuditEvent.objects.filter(verb="fees.bank_row_dismissed").count() == 1
    page = client.get(reverse("fees:unmatched")).content.decode()
    assert 'id="queue-empty"' in page
    assert 'data-status="dismissed"' in page


def test_only_the_administrative_office_uploads_and_works_the_queue(client, fees, queued):
    for user in (gt.make_office_user(), gt.make_representative(fees[0].authority).user):
        client.force_login(user)
        assert client.get(reverse("fees:import")).status_code == 403
        assert upload(client, bank_file(fees)).status_code == 403
        assert client.post(reverse("fees:confirm-import"), {}).status_code == 403
        assert client.get(reverse("fees:unmatched")).status_code == 403
        match = client.post(
            reverse("fees:match-bank-row", args=[queued.pk]), {"authority": fees[0].authority.pk}
        )
        assert match.status_code == 403
        with pytest.raises(Forbidden):
            services.dismiss_bank_row(queued, actor=user, reason="x")
        with pytest.raises(Forbidden):
            services.import_bank_file(bank_file(fees), "f.csv", actor=user)
    client.logout()
    assert "login" in client.get(reverse("fees:unmatched"))["Location"]
    queued.refresh_from_db()
    assert queued.status == "open"
    assert not BankUpload.objects.exists()


def test_the_payments_page_and_the_nav_link_the_import_and_the_queue(client, finance, queued):
    html = client.get(reverse("fees:payments")).content.decode()
    assert reverse("fees:import") in html
    assert reverse("fees:unmatched") in html
    assert 'data-unmatched="1"' in html


# --- Amounts with the Italian decimal comma --------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2812,38", "2812.38"),
        ("2.812,38", "2812.38"),
        ("2812.38", "2812.38"),
        ("2,812.38", "2812.38"),
        ("€ 50", "50"),
    ],
)
def test_amounts_accept_the_decimal_comma_in_either_language(language, typed, amount):
    with translation.override(language):
        form = forms.RefundForm({"amount": typed, "reason": "x"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(amount)


@pytest.mark.parametrize("typed", ["2,812", "1.234", "12,345", "dieci"])
def test_an_amount_that_could_be_read_two_ways_is_refused_not_guessed(typed):
    form = forms.WaiverForm({"amount": typed, "reason": "x"})
    assert not form.is_valid()
    assert "amount" in form.errors


def test_the_record_payment_page_takes_a_comma_amount(client, finance, fees):
    rivoli, _bruino = fees
    response = client.post(
        reverse("fees:record-payment"),
        {
            "authority": rivoli.authority.pk,
            "paid_on": "2026-03-01",
            "amount": "2.812,38",
            "method": "transfer",
        },
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("2812.38")


def test_amount_inputs_are_text_inputs_showing_the_languages_decimal_mark():
    with translation.override("it"):
        html = str(forms.RefundForm(initial={"amount": Decimal("2812.38")})["amount"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'value="2812,38"' in html
