"""The one CSV and XLSX writer: every table the site lets people download goes through here, and
this is the only module that imports openpyxl or writes CSV.

Both formats carry the same header and rows of typed values (`Cell`). The choices, recorded in
docs/decisions/0010-one-table-writer-pagination-sources.md:

- **CSV for Italian Excel**: UTF-8 with a byte-order mark (without it Excel reads the bytes as
  Windows-1252 and mangles accents) and `;` between fields (Italian Excel's list separator, so a
  double-click opens the columns split). Numbers and dates stay unambiguous, the same in every
  language and readable by programs: `1234.50` (a decimal point, no grouping), `2026-03-01`,
  `2026-03-01 14:30:00` (local time), `true`/`false`, and nothing for None. Who wants to add up
  amounts in Excel takes the XLSX file, where they are numbers.
- **XLSX typed**: numbers are numbers, dates are dates in the reader's short date format, amounts
  (Decimal) have two decimals, the header row is bold and frozen, columns are as wide as their
  content (within limits).
- **Formula injection** (OWASP, "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`, a
  tab or a carriage return could run as a formula when the file is opened. In CSV such a cell is
  prefixed with `'`; in XLSX it is written as a string, never a formula, and marked quote-prefixed
  so that editing it in Excel keeps it text. Numbers are never touched: -12.50 is a number.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = str | int | Decimal | dt.date | dt.datetime | bool | None
Row = Sequence[Cell]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Built-in formats 14 and 22 are shown in the reader's own short date (and time) format: 01/03/2026
# in Italy, 3/1/2026 in the US; a written-out pattern would impose one.
_DATE_FORMAT = BUILTIN_FORMATS[14]
_DATETIME_FORMAT = BUILTIN_FORMATS[22]
_AMOUNT_FORMAT = "#,##0.00"
# XML 1.0 cannot carry these control characters: openpyxl refuses them, so they are dropped.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


# --- CSV ------------------------------------------------------------------------------------------


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # never 1E+2
    if isinstance(value, dt.datetime):
        return _local(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return "'" + value if is_formula_like(value) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    """The table as CSV for Italian Excel: UTF-8 with a BOM, `;`-separated, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_csv_cell(h) for h in header])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------------


def _local(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: an aware datetime is written as the site's local wall time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> SheetCell:
    if isinstance(value, str):
        text = _NOT_IN_XML.sub("", value)
        cell = WriteOnlyCell(sheet, text or None)  # an empty text is an empty cell
        cell.data_type = "s"  # openpyxl would make "=…" a formula
        cell.quotePrefix = is_formula_like(text)
        return cell
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, _local(value))
        cell.number_format = _DATETIME_FORMAT
    else:
        number: Any = value  # openpyxl's stubs leave out the int and Decimal it writes
        cell = WriteOnlyCell(sheet, number)
        if isinstance(value, dt.date):
            cell.number_format = _DATE_FORMAT
        elif isinstance(value, Decimal):
            cell.number_format = _AMOUNT_FORMAT
    return cell


def _shown_length(value: Cell) -> int:
    if isinstance(value, dt.date | Decimal):
        return 12
    return max((len(line) for line in str(value if value is not None else "").splitlines()), default=0)


def _widths(header: Sequence[str], rows: Sequence[Row]) -> list[int]:
    widths = [len(h) + 2 for h in header]  # +2: room for the filter arrow of a header cell
    for row in rows:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], _shown_length(value))
    return [min(max(w + 1, _MIN_WIDTH), _MAX_WIDTH) for w in widths]


def xlsx_bytes(header: Sequence[str], rows: Iterable[Row], *, sheet: str) -> bytes:
    """The table as an XLSX workbook of one sheet with typed cells and a bold, frozen header."""
    rows = list(rows)  # widths are known only after every row, and must be set before the first
    book = Workbook(write_only=True)
    ws = book.create_sheet(_sheet_title(sheet))
    for i, width in enumerate(_widths(header, rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = [_xlsx_cell(ws, h) for h in header]
    for cell in header_cells:
        cell.font = bold
    ws.append(header_cells)
    for row in rows:
        ws.append([_xlsx_cell(ws, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    # Excel's rules for a sheet name: at most 31 characters, none of \ / ? * [ ] :
    return re.sub(r"[\\/?*\[\]:]", "-", name)[:31] or "Sheet"


# --- HTTP -----------------------------------------------------------------------------------------


def download(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Row], *, sheet: str = ""
) -> HttpResponse:
    """The table as a file to save: `fmt` is "csv" or "xlsx" (anything else is a 404), `filename`
    has no extension, `sheet` names the XLSX sheet (the file name when left out)."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows, sheet=sheet or filename), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'  # names made in code
    return response
