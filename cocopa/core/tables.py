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
- **Formula injection** (OWASP, "CSV Injection"): a text that a spreadsheet could take for a
  formula is neutralised. A text is formula-like when it starts with a tab, a carriage return or a
  NUL, or when its first visible character is `=`, `+`, `-` or `@` (also their full-width forms,
  `＝`, and the minus sign `−`), whatever spaces, quotes or invisible format characters come
  before it: spreadsheets trim spaces and quotes, some fold full-width characters, and DDE
  payloads (`=cmd|' /C calc'!A0`, `@SUM(1)*cmd|…`) start the same way. In CSV such a text gets a
  leading `'`; so does every part of a text after a `,`, `;`, tab or line end that would be
  formula-like on its own, because a spreadsheet that splits the file at another separator than
  ours (English Excel splits at `,`) would make that part a cell of its own (`x,=HYPERLINK(…)`).
  In XLSX a text is always a string cell, never a formula, and a formula-like one is marked
  quote-prefixed so that editing it in Excel keeps it text. Numbers are never touched: -12.50
  is a number, in XLSX a typed one. Space, the one separator not covered, is offered by
  LibreOffice's import dialog but never chosen for it.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
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
# What makes a cell a formula when it comes first, once spaces, quotes and format characters
# are skipped (after NFKC, so "＝" is "="); U+2212 MINUS SIGN is not folded by NFKC but some
# spreadsheets read it as a minus.
FORMULA_SIGNS = frozenset("=+-@\u2212")
# OWASP's and ASVS's leading characters that are formula-like on their own.
FORMULA_LEADS = ("\t", "\r", "\0")
# Where a spreadsheet importing with another separator than ours would start a new cell.
_SEPARATORS = re.compile(r"([,;\t\r\n])")
# Excel refuses a workbook with a longer text in a cell.
XLSX_MAX_TEXT = 32_767

# Built-in formats 14 and 22 are shown in the reader's own short date (and time) format: 01/03/2026
# in Italy, 3/1/2026 in the US; a written-out pattern would impose one.
_DATE_FORMAT = BUILTIN_FORMATS[14]
_DATETIME_FORMAT = BUILTIN_FORMATS[22]
_AMOUNT_FORMAT = "#,##0.00"
# XML 1.0 cannot carry these control characters: openpyxl refuses them, so they are dropped.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take the text, as a cell of its own, for a formula."""
    if text.startswith(FORMULA_LEADS):
        return True
    for char in text:
        if char.isspace() or char == '"' or unicodedata.category(char) in ("Cc", "Cf"):
            continue  # trimmed or invisible: what follows decides
        return unicodedata.normalize("NFKC", char)[:1] in FORMULA_SIGNS
    return False


def neutralise(text: str) -> str:
    """The text for a CSV cell: `'` before it, and after each separator inside it, wherever what
    follows is formula-like (see the module's docstring). Anything else is left as written."""
    parts = _SEPARATORS.split(text)  # text, separator, text, separator, …
    for i in range(2, len(parts), 2):
        if is_formula_like(parts[i]):
            parts[i] = "'" + parts[i]
    kept = "".join(parts)
    return "'" + kept if is_formula_like(text) else kept


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
    return neutralise(value)


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
        text = _NOT_IN_XML.sub("", value)[:XLSX_MAX_TEXT]
        cell = WriteOnlyCell(sheet, text or None)  # an empty text is an empty cell
        cell.data_type = "s"  # openpyxl would make "=…" a formula: a string, always
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
    return xlsx_workbook_bytes([(sheet, header, rows)])


def xlsx_workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Row]]]) -> bytes:
    """Several tables as the sheets of one XLSX workbook (title, header, rows), each written as
    xlsx_bytes writes its one: typed, neutralised cells and a bold, frozen header."""
    book = Workbook(write_only=True)
    for title, header, table in sheets:
        rows = list(table)  # widths are known only after every row, and must be set before the first
        ws = book.create_sheet(_sheet_title(title))
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


class UnreadableWorkbook(ValueError):
    """Not an XLSX workbook that can be read (damaged, or another kind of zip file)."""


def read_workbook(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of an uploaded XLSX workbook as rows of stored values (a formula's last
    computed value, never the formula), by sheet name, in the workbook's order."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign zip
        raise UnreadableWorkbook(str(err)) from err
    try:
        return {name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    except Exception as err:  # a sheet that cannot be read
        raise UnreadableWorkbook(str(err)) from err
    finally:
        book.close()


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column, from 1: 1 → A, 27 → AA."""
    return str(get_column_letter(index))


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
