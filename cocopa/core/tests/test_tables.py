import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import Http404
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from cocopa.core import tables

HEADER: list[str] = ["id", "member", "amount", "paid on", "recorded at", "waived", "note"]
ROW: list[tables.Cell] = [
    7,
    "Città di Torino",
    Decimal("-1234.5"),
    dt.date(2026, 3, 1),
    dt.datetime(2026, 3, 1, 13, 30, tzinfo=dt.UTC),
    False,
    None,
]
DANGEROUS = ["=1+1", "+39 011", "-x", "@SUM(A1)", "\tTAB", "\r=1"]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_csv_starts_with_a_bom_and_separates_with_semicolons():
    data = tables.csv_bytes(HEADER, [ROW])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").splitlines()[0] == "\ufeffid;member;amount;paid on;recorded at;waived;note"


def test_csv_writes_numbers_and_dates_the_same_in_every_language():
    [_header, row] = read_csv(tables.csv_bytes(HEADER, [ROW]))

    # Europe/Rome in March is UTC+1: the time is the local wall time.
    assert row == ["7", "Città di Torino", "-1234.5", "2026-03-01", "2026-03-01 14:30:00", "false", ""]


def test_csv_never_writes_a_decimal_with_an_exponent():
    [_header, row] = read_csv(tables.csv_bytes(["x"], [[Decimal("1E+2")]]))

    assert row == ["100"]


def test_xlsx_cells_read_back_as_numbers_and_dates():
    sheet = read_xlsx(tables.xlsx_bytes(HEADER, [ROW], sheet="payments"))
    cells = list(sheet.iter_rows(min_row=2))[0]

    assert [c.value for c in cells[:2]] == [7, "Città di Torino"]
    assert cells[2].value == pytest.approx(-1234.5)
    assert cells[2].number_format == "#,##0.00"
    assert cells[3].value.isoformat() == "2026-03-01T00:00:00"  # openpyxl reads dates back as datetimes
    assert cells[3].is_date
    assert cells[4].value.isoformat() == "2026-03-01T14:30:00"  # Rome's wall time: Excel has no zones
    assert cells[5].value is False
    assert cells[6].value is None


def test_xlsx_has_a_bold_frozen_header_and_columns_as_wide_as_their_text():
    sheet = read_xlsx(tables.xlsx_bytes(HEADER, [ROW], sheet="payments"))

    assert sheet.title == "payments"
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    assert not sheet["B2"].font.bold
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_a_sheet_name_excel_would_refuse_is_made_acceptable():
    sheet = read_xlsx(tables.xlsx_bytes(["x"], [], sheet="fees 2026/2027: [all] of them, every member"))

    assert sheet.title == "fees 2026-2027- -all- of them, "  # 31 characters


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_csv_cell_that_could_run_as_a_formula_gets_a_quote(text):
    [_header, row] = read_csv(tables.csv_bytes(["x", "n"], [[text, -5]]))

    # "\r=1": the part after the line end gets one too (cocopa/tests/test_exports.py says why).
    assert row == ["'" + text.replace("\r=", "\r'="), "-5"]  # a negative number is a number


@pytest.mark.parametrize("text", DANGEROUS)
def test_an_xlsx_cell_that_could_run_as_a_formula_stays_text(text):
    sheet = read_xlsx(tables.xlsx_bytes(["x", "n"], [[text, -5]], sheet="s"))
    cell, number = sheet["A2"], sheet["B2"]

    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix  # so editing it in Excel keeps it text
    assert (number.data_type, number.value) == ("n", -5)


@given(st.lists(st.text(), min_size=1, max_size=8))
@example(["'"])  # starts with a quote but is no formula: left as written
@example(["0\n="])  # no formula as a whole, but a spreadsheet splitting at the newline sees "="
def test_no_csv_cell_starts_a_formula_and_the_text_is_otherwise_kept(texts):
    [_header, row] = read_csv(tables.csv_bytes(["x"] * len(texts), [texts]))

    for written, read in zip(texts, row, strict=True):
        assert read == tables.neutralise(written)
        # A quote is put in front exactly when the whole text is formula-like; inner parts may
        # get their own (neutralise's docstring), never the front of a harmless text.
        formula = tables.is_formula_like(written)
        body = read[1:] if formula else read
        assert read.startswith("'") or not formula
        assert body.startswith("'") == written.startswith("'")
        assert read.replace("'", "") == written.replace("'", "")


@given(st.lists(st.text(), min_size=1, max_size=8))
def test_no_xlsx_cell_is_a_formula_and_the_visible_text_is_kept(texts):
    sheet = read_xlsx(tables.xlsx_bytes(["x"] * len(texts), [texts], sheet="s"))
    [cells] = sheet.iter_rows(min_row=2, max_row=2, max_col=len(texts))

    for written, cell in zip(texts, cells, strict=True):
        visible = tables._NOT_IN_XML.sub("", written)  # control characters XML cannot carry
        if not visible:
            assert cell.value is None
            continue
        assert cell.data_type == "s"
        assert cell.value == visible
        assert cell.quotePrefix == tables.is_formula_like(visible)


def test_a_download_names_its_file_and_type():
    csv_file = tables.download("csv", "payments", HEADER, [ROW])
    xlsx_file = tables.download("xlsx", "payments", HEADER, [ROW])

    assert csv_file["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_file["Content-Disposition"] == 'attachment; filename="payments.csv"'
    assert xlsx_file["Content-Type"] == tables.XLSX_TYPE
    assert xlsx_file["Content-Disposition"] == 'attachment; filename="payments.xlsx"'
    assert read_xlsx(xlsx_file.content).title == "payments"


def test_a_download_in_another_format_is_not_found():
    with pytest.raises(Http404):
        tables.download("pdf", "payments", HEADER, [ROW])


def test_a_naive_datetime_is_written_as_it_is():
    naive = dt.datetime(2026, 3, 1, 9, 0)  # noqa: DTZ001 - a wall time, as a command may give
    [_header, row] = read_csv(tables.csv_bytes(["at"], [[naive]]))

    assert row == ["2026-03-01 09:00:00"]
