"""Reading the bank's CSV export of the account: strict parsing, no ORM, no matching.

Accepted (README.md): a header row naming four columns, in any order and case — date (date,
data, value date, data valuta), amount (amount, importo), payer (payer, ordinante, name, nome),
reference (reference, causale, description, descrizione); separator `,` or `;`; UTF-8 (a BOM is
fine). Dates as 2026-03-15, 15/03/2026 or 15.03.2026. Amounts as 1234.56, 1234,56, 1.234,56 or
1,234.56, optionally with € or EUR; at most two decimals.
"""

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cocopa.core.errors import InputFileError

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


_AMOUNT = re.compile(r"[+-]?\d+(\.\d{1,2})?")


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
        return Decimal(raw)
    except InvalidOperation as err:  # pragma: no cover - the pattern rules it out
        raise ValueError(f"{text!r} is not an amount") from err


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
    text = (
        f"{paid_on.isoformat()}|{amount}|{' '.join(payer.split())}|{' '.join(reference.split())}|{occurrence}"
    )
    return hashlib.sha256(text.encode()).hexdigest()


def read(content: bytes, path: str) -> list[BankRow]:
    """Every data row, or InputFileError naming the first bad line and field."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputFileError(path, None, None, "the file is not UTF-8 text") from err
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise InputFileError(path, None, None, "the file is empty")
    columns = _columns(header, path)
    rows: list[BankRow] = []
    seen: Counter[tuple[object, ...]] = Counter()
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) <= max(columns.values()):
            raise InputFileError(path, line, None, f"{len(values)} columns, expected {len(header)}")
        cell = {field: values[i].strip() for field, i in columns.items()}
        try:
            paid_on = parse_date(cell["date"])
        except ValueError as err:
            raise InputFileError(path, line, "date", str(err)) from err
        try:
            amount = parse_amount(cell["amount"])
        except ValueError as err:
            raise InputFileError(path, line, "amount", str(err)) from err
        identity = (paid_on, amount, cell["payer"], cell["reference"])
        seen[identity] += 1
        key = row_key(paid_on, amount, cell["payer"], cell["reference"], seen[identity])
        rows.append(BankRow(line, paid_on, amount, cell["payer"], cell["reference"], key))
    return rows
