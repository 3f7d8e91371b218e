import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cocopa.core.errors import InputFileError
from cocopa.fees import services
from cocopa.fees import testing as ft
from cocopa.fees.models import Payment, UnmatchedBankRow
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return ft.make_finance_user()


@pytest.fixture
def fees():
    rivoli = gt.make_member("Rivoli")
    bruino = gt.make_member("Bruino")
    return ft.make_assessment(rivoli, 2026, "2827.38"), ft.make_assessment(bruino, 2026, "510")


def write(tmp_path, text, name="bank.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def good_file(tmp_path, fees):
    rivoli, _bruino = fees
    return write(
        tmp_path,
        "Data;Importo;Ordinante;Causale\n"
        f"15/03/2026;2.827,38;Tesoreria;Quota 2026 {rivoli.code.lower()}\n"
        "2026-04-01;510,00;COMUNE DI BRUINO;quota associativa\n"
        "2026-04-02;99,00;Mario Rossi;donazione\n",
    )


def test_rows_are_matched_by_code_then_by_payer_and_the_rest_listed(tmp_path, finance, fees):
    rivoli, bruino = fees

    result = services.import_payments(good_file(tmp_path, fees), actor=finance)

    assert (result.by_reference, result.by_name, result.duplicates) == (1, 1, 0)
    assert [(u.line, u.why, u.row.payer) for u in result.unmatched] == [(4, "no_match", "Mario Rossi")]
    by_code = Payment.objects.get(assessment=rivoli)
    assert (by_code.amount, by_code.paid_on, by_code.imported_from) == (
        Decimal("2827.38"),
        dt.date(2026, 3, 15),
        "bank.csv",
    )
    by_name = Payment.objects.get(authority=bruino.authority)
    assert by_name.assessment is None


def test_reimporting_the_same_file_adds_nothing(tmp_path, finance, fees):
    path = good_file(tmp_path, fees)
    services.import_payments(path, actor=finance)

    again = services.import_payments(path, actor=finance)

    # Two payments and the unmatched row, queued the first time, are all known now.
    assert (again.created, again.duplicates, again.queued) == (0, 3, 0)
    assert Payment.objects.count() == 2
    assert UnmatchedBankRow.objects.count() == 1


@pytest.mark.parametrize(
    ("bad_row", "field"),
    [("31/02/2026;10,00;Rivoli;x", "date"), ("2026-03-01;dieci;Rivoli;x", "amount")],
)
def test_a_file_with_one_bad_row_is_rejected_with_line_and_field_and_nothing_written(
    tmp_path, finance, fees, bad_row, field
):
    rivoli, _bruino = fees
    path = write(
        tmp_path,
        f"date;amount;payer;reference\n2026-03-01;100;Rivoli;{rivoli.code}\n{bad_row}\n",
    )

    with pytest.raises(InputFileError) as err:
        services.import_payments(path, actor=finance)

    assert (err.value.code, err.value.line, err.value.field) == ("invalid_file", 3, field)
    assert not Payment.objects.exists()


def test_the_command_lists_unmatched_rows_and_fails_on_a_bad_file(tmp_path, fees, capsys):
    call_command("import_payments", str(good_file(tmp_path, fees)))
    out = capsys.readouterr().out
    assert "unmatched\tline 4\tno_match" in out
    assert "2 payments recorded" in out

    with pytest.raises(CommandError, match="line 2"):
        call_command(
            "import_payments", str(write(tmp_path, "date,amount,payer,reference\nx,1,a,b\n", "bad.csv"))
        )


def test_the_assess_command_is_idempotent_and_fails_without_a_schedule(capsys):
    gt.make_member(population=10_000)
    with pytest.raises(CommandError, match="no_fee_schedule"):
        call_command("assess_fees", "2026")
    ft.make_schedule(2026)
    call_command("assess_fees", "2026")
    call_command("assess_fees", "2026")
    out = capsys.readouterr().out
    assert "1 assessments created" in out
    assert "nothing to do" in out
