import datetime as dt
from decimal import Decimal

import pytest

from cocopa.core.errors import InputFileError
from cocopa.fees import bankcsv


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12,5", "12.5"),
        ("€ 300", "300"),
    ],
)
def test_amounts_in_either_convention(text, value):
    assert bankcsv.parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["12.345", "abc", "1,2,3", ""])
def test_amounts_that_are_not_euros_to_the_cent_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011
        bankcsv.parse_amount(text)


@pytest.mark.parametrize("text", ["2026-03-15", "15/03/2026", "15.03.2026"])
def test_dates_in_the_three_formats(text):
    assert bankcsv.parse_date(text) == dt.date(2026, 3, 15)


def test_semicolon_files_with_italian_headers():
    rows = bankcsv.read(b"Data;Importo;Ordinante;Causale\n15/03/2026;1.234,56;Comune di Rivoli;quota\n", "f")
    assert [(r.line, r.paid_on, r.amount, r.payer) for r in rows] == [
        (2, dt.date(2026, 3, 15), Decimal("1234.56"), "Comune di Rivoli")
    ]


def test_a_missing_column_names_the_field():
    with pytest.raises(InputFileError) as err:
        bankcsv.read(b"date,amount,payer\n2026-01-01,1,x\n", "f.csv")
    assert (err.value.line, err.value.field) == (1, "reference")


def test_two_identical_rows_are_two_payments_with_different_keys():
    rows = bankcsv.read(b"date,amount,payer,reference\n2026-01-01,1,x,y\n2026-01-01,1,x,y\n", "f")
    assert rows[0].key != rows[1].key
