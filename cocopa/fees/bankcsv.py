"""Reading the bank's CSV export of the account: strict parsing, no ORM, no matching.

Accepted (README.md): a header row naming four columns, in any order and case — date (date,
data, value date, data valuta), amount (amount, importo), payer (payer, ordinante, name, nome),
reference (reference, causale, description, descrizione); separator `,` or `;`; UTF-8 (a BOM is
fine). Dates as 2026-03-15, 15/03/2026 or 15.03.2026. Amounts as 1234.56, 1234,56, 1.234,56 or
1,234.56, optionally with € or EUR; at most two decimals, at most MAX_AMOUNT either way.

Refused with the line and field, before anything is written: a line longer than MAX_LINE
characters, a line ended by a carriage return alone (CR-only files), NUL, control or bidi
characters in any cell, payer or reference longer than MAX_TEXT characters, a file larger than
MAX_FILE_BYTES.

What identifies a bank row (so a re-import adds nothing, and no two different rows are taken as
one): its date, amount, payer and reference exactly as written (only spaces around a cell
removed), and its occurrence among identical rows of the file (the second identical row of a
file is a second payment).
"""

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cocopa.core.errors import InputFileError
from cocopa.fees.models import MAX_AMOUNT, MAX_TEXT

MAX_LINE = 2000  # characters of one line of the file: a bank row is a few hundred at most
MAX_FILE_BYTES = 20 * 1024 * 1024  # a year of a small account is well under 1 MB
# Bidirectional controls (Trojan-source style reordering of what the office reads on screen).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

HEADERS = {
    "date": ("date", "data", "value date", "data valuta"),
    "amount": ("amount", "importo"),
    "payer": ("payer", "ordinante", "name", "nome"),
    "reference": ("reference", "causale", "description", "descrizione"),
}


@dataclass(frozen=True)
class BankRow:
    line: int
    paid_on: dt.date
    amount: Decimal
    payer: str
    reference: str
    key: str  # stable hash of the row (and its repetition in the file), so a re-import adds nothing


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (2026-03-15, 15/03/2026 or 15.03.2026)")


_AMOUNT = re.compile(r"[+-]?\d+(\.\d{1,2})?", re.ASCII)


def parse_amount(text: str) -> Decimal:
    raw = text.strip().replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    if "," in raw and "." in raw:
        # The later separator is the decimal one: 1.234,56 or 1,234.56.
        thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
        raw = raw.replace(thousands, "")
    raw = raw.replace(",", ".")
    if not _AMOUNT.fullmatch(raw):
        raise ValueError(f"{text!r} is not an amount in euros with at most two decimals")
    try:
        amount = Decimal(raw)
    except InvalidOperation as err:  # pragma: no cover - the pattern rules it out
        raise ValueError(f"{text!r} is not an amount") from err
    if abs(amount) > MAX_AMOUNT:
        raise ValueError(f"{text!r} is out of range (at most {MAX_AMOUNT} EUR)")
    return amount


def bad_character(text: str) -> str | None:
    """A description of the first NUL, control or bidi character in the text, or None."""
    for position, char in enumerate(text, start=1):
        if char in _BIDI:
            return f"a bidirectional control character U+{ord(char):04X} at character {position}"
        if unicodedata.category(char) == "Cc":
            what = "a NUL byte" if char == "\0" else f"a control character U+{ord(char):04X}"
            return f"{what} at character {position}"
    return None


def _check_lines(text: str, path: str) -> None:
    """Line length and line endings, before the CSV parser sees the text."""
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.removesuffix("\r")
        if "\r" in body:
            raise InputFileError(
                path,
                number,
                None,
                "a carriage return alone ends a line: save the file with LF or CRLF line ends",
            )
        if len(body) > MAX_LINE:
            raise InputFileError(path, number, None, f"the line is longer than {MAX_LINE} characters")


def _columns(header: list[str], path: str) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found = {}
    for field, aliases in HEADERS.items():
        matches = [i for i, name in enumerate(names) if name in aliases]
        if not matches:
            raise InputFileError(
                path, 1, field, f"no column for {field} (expected one of {', '.join(aliases)})"
            )
        found[field] = matches[0]
    return found


def row_key(paid_on: dt.date, amount: Decimal, payer: str, reference: str, occurrence: int) -> str:
    """The row's identity (module docstring): the cells exactly as written, so two rows that
    differ in any character, spaces within a cell included, are two payments."""
    text = f"{paid_on.isoformat()}|{amount}|{payer}|{reference}|{occurrence}"
    return hashlib.sha256(text.encode()).hexdigest()


def read(content: bytes, path: str) -> list[BankRow]:
    """Every data row, or InputFileError naming the first bad line and field."""
    rows, rejected = read_checked(content, path)
    if rejected:
        raise rejected[0]
    return rows


def read_checked(content: bytes, path: str) -> tuple[list[BankRow], list[InputFileError]]:
    """The good rows and every bad row's located error (line and field), so a preview can list all
    the lines to fix at once. A fault of the whole file (size, encoding, line ends, header) still
    raises InputFileError: there are no rows to speak of then."""
    if len(content) > MAX_FILE_BYTES:
        raise InputFileError(path, None, None, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        raise InputFileError(path, line, None, "the file is not UTF-8 text") from err
    _check_lines(text, path)
    return _rows(text, path)


def _records(reader: Any, path: str) -> Iterator[list[str]]:
    """The parser's records, its errors (a field over its size limit, ...) as located messages."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise InputFileError(path, reader.line_num, None, f"not CSV the importer reads ({err})") from err
        yield values


def _rows(text: str, path: str) -> tuple[list[BankRow], list[InputFileError]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records = _records(reader, path)
    header = next(records, None)
    if header is None:
        raise InputFileError(path, None, None, "the file is empty")
    for name in header:
        if (bad := bad_character(name)) is not None:
            raise InputFileError(path, 1, None, f"the header has {bad}")
    columns = _columns(header, path)
    rows: list[BankRow] = []
    rejected: list[InputFileError] = []
    seen: Counter[tuple[object, ...]] = Counter()
    for values in records:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        try:
            cell, paid_on, amount = _cells(values, columns, len(header), line, path)
        except InputFileError as err:
            rejected.append(err)
            continue
        identity = (paid_on, amount, cell["payer"], cell["reference"])
        seen[identity] += 1
        key = row_key(paid_on, amount, cell["payer"], cell["reference"], seen[identity])
        rows.append(BankRow(line, paid_on, amount, cell["payer"], cell["reference"], key))
    return rows, rejected


def _cells(
    values: list[str], columns: dict[str, int], width: int, line: int, path: str
) -> tuple[dict[str, str], dt.date, Decimal]:
    """One data row's cells, date and amount, or InputFileError naming its line and field."""
    if len(values) <= max(columns.values()):
        raise InputFileError(path, line, None, f"{len(values)} columns, expected {width}")
    cell = {field: values[i].strip() for field, i in columns.items()}
    for field, value in cell.items():
        if (bad := bad_character(value)) is not None:
            raise InputFileError(path, line, field, f"the cell has {bad}")
    for field in ("payer", "reference"):
        if len(cell[field]) > MAX_TEXT:
            raise InputFileError(
                path, line, field, f"{len(cell[field])} characters, at most {MAX_TEXT} are kept"
            )
    try:
        paid_on = parse_date(cell["date"])
    except ValueError as err:
        raise InputFileError(path, line, "date", str(err)) from err
    try:
        amount = parse_amount(cell["amount"])
    except ValueError as err:
        raise InputFileError(path, line, "amount", str(err)) from err
    return cell, paid_on, amount
