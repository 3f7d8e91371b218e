"""Bulk entry as publishers do it: a spreadsheet template (XLSX, or a CSV of its Activities sheet)
that the peace office downloads, fills and uploads (/office/iati/import/).

The workbook is not a second way into the registry. It is turned into an IATI 2.03 activity
file, in memory, reported by the network's own reporting organisation, and that file goes
through the XML import (iati_import.import_file): the same validator, the same identity rules
(an activity is the network's own: it never touches another publisher's), the same plan-then-
write transaction. So what a sheet can say is exactly what an activity file can say, and what
the import skips or refuses it skips or refuses here too.

Two kinds of problems, each located by sheet, row and column:
- what cannot be written as XML at all (a date that is not a date, an amount that is not a
  number, a missing identifier, a budget for an activity the sheet does not have) is found while
  reading the cells;
- everything else (unknown codes, percentages, the Standard Ruleset) is the validator's: each of
  its findings has a line of the generated file, and the line is mapped back to the cell the
  element came from (the file is pretty-printed, one element a line).

The preview runs the import inside a transaction that is rolled back: the counts (created,
updated, unchanged) are the import's own, and nothing is written until the office confirms the
same upload (its SHA-256).
"""

import csv
import datetime as dt
import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from cocopa.cooperation import iati, iati_import
from cocopa.core import tables
from cocopa.core.errors import DomainError
from cocopa.core.roles import Actor

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLSX_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    it: str
    kind: str = "text"  # text, date, decimal
    required: bool = False
    codelist: str = ""  # the IATI codelist of a code column, named in the README sheet
    default: str = ""

    @property
    def header(self) -> str:
        return f"{self.it} / {self.en}"


@dataclass(frozen=True)
class Sheet:
    name: str  # the worksheet's title, as problems name it
    it: str
    en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def letter(self, key: str) -> str:
        return tables.column_letter([c.key for c in self.columns].index(key) + 1)


ACTIVITY = Column("activity", "Activity identifier", "Identificativo attività", required=True)
ACTIVITIES = Sheet(
    "Activities",
    "Una riga per attività (iniziativa).",
    "One row per activity (initiative).",
    (
        Column("identifier", "Activity identifier", "Identificativo attività", required=True),
        Column("title_it", "Title (Italian)", "Titolo (italiano)"),
        Column("title_en", "Title (English)", "Titolo (inglese)"),
        Column("description_it", "Description (Italian)", "Descrizione (italiano)"),
        Column("description_en", "Description (English)", "Descrizione (inglese)"),
        Column("status", "Status code", "Codice stato", required=True, codelist="ActivityStatus"),
        Column("start_planned", "Planned start", "Inizio previsto", kind="date"),
        Column("start_actual", "Actual start", "Inizio effettivo", kind="date"),
        Column("end_planned", "Planned end", "Fine prevista", kind="date"),
        Column("end_actual", "Actual end", "Fine effettiva", kind="date"),
        Column("country", "Recipient country code", "Codice paese beneficiario", codelist="Country"),
        Column("country_percentage", "Country percentage", "Percentuale paese", kind="decimal"),
        Column(
            "sector_vocabulary",
            "Sector vocabulary",
            "Vocabolario settore",
            codelist="SectorVocabulary",
            default="1",
        ),
        Column("sector", "Sector code", "Codice settore", codelist="Sector"),
        Column("sector_percentage", "Sector percentage", "Percentuale settore", kind="decimal"),
    ),
)
BUDGETS = Sheet(
    "Budgets",
    "Un budget per riga, per periodo (al massimo un anno).",
    "One budget per row, per period (a year at most).",
    (
        ACTIVITY,
        Column("type", "Budget type", "Tipo di budget", codelist="BudgetType", default="1"),
        Column("status", "Budget status", "Stato del budget", codelist="BudgetStatus", default="1"),
        Column("period_start", "Period start", "Inizio periodo", kind="date", required=True),
        Column("period_end", "Period end", "Fine periodo", kind="date", required=True),
        Column("value", "Amount", "Importo", kind="decimal", required=True),
        Column("currency", "Currency", "Valuta", codelist="Currency", default="EUR"),
        Column("value_date", "Value date", "Data del cambio", kind="date"),
    ),
)
TRANSACTIONS = Sheet(
    "Transactions",
    "Un movimento per riga.",
    "One transaction per row.",
    (
        ACTIVITY,
        Column("type", "Transaction type", "Tipo di movimento", codelist="TransactionType", required=True),
        Column("date", "Date", "Data", kind="date", required=True),
        Column("value", "Amount", "Importo", kind="decimal", required=True),
        Column("currency", "Currency", "Valuta", codelist="Currency", default="EUR"),
        Column("value_date", "Value date", "Data del cambio", kind="date"),
        Column("description", "Description", "Descrizione"),
        Column("provider_ref", "Provider identifier", "Identificativo erogante"),
        Column("provider_name", "Provider name", "Nome erogante"),
        Column("receiver_ref", "Receiver identifier", "Identificativo ricevente"),
        Column("receiver_name", "Receiver name", "Nome ricevente"),
    ),
)
PARTICIPANTS = Sheet(
    "Participating orgs",
    "Un'organizzazione partecipante per riga.",
    "One participating organisation per row.",
    (
        ACTIVITY,
        Column("role", "Role code", "Codice ruolo", codelist="OrganisationRole", required=True),
        Column(
            "type", "Organisation type code", "Codice tipo di organizzazione", codelist="OrganisationType"
        ),
        Column("ref", "Organisation identifier", "Identificativo organizzazione"),
        Column("name", "Name", "Nome", required=True),
    ),
)
SHEETS = (ACTIVITIES, BUDGETS, TRANSACTIONS, PARTICIPANTS)


# ------------------------------------------------------------------ the template


def template_xlsx() -> bytes:
    """The empty workbook: a README sheet, then one sheet per element group, headers in both languages."""
    lines = [
        ("Co.Co.Pa. – modello IATI / IATI template", ""),
        (
            "Compilate un foglio per gruppo di elementi, una riga per elemento, dalla riga 2. "
            "L'identificativo lega budget, movimenti e organizzazioni alla loro attività.",
            "Fill one sheet per element group, one row per element, from row 2. The activity "
            "identifier links budgets, transactions and organisations to their activity.",
        ),
        (
            "Identificativo: la parte dopo il prefisso della rete (es. lampedusa) o l'identificativo IATI completo.",
            "Identifier: the part after the network's prefix (e.g. lampedusa) or the full IATI identifier.",
        ),
        (
            "Date: AAAA-MM-GG o GG/MM/AAAA. Importi: numeri, virgola o punto decimale.",
            "Dates: YYYY-MM-DD or DD/MM/YYYY. Amounts: numbers, decimal comma or point.",
        ),
        (
            "I codici sono quelli delle liste IATI 2.03 (iatistandard.org/en/iati-standard/203/codelists/).",
            "Codes are those of the IATI 2.03 codelists (iatistandard.org/en/iati-standard/203/codelists/).",
        ),
        (
            "Un'attività già presente viene aggiornata: il foglio la descrive tutta (budget, movimenti e organizzazioni inclusi).",
            "An activity already held is updated: the sheet describes all of it (budgets, transactions and organisations included).",
        ),
        ("", ""),
        (
            "Foglio e colonna / Sheet and column",
            "Obbligatoria, lista IATI, predefinito / Required, IATI codelist, default",
        ),
    ]
    for sheet in SHEETS:
        lines.append((f"{sheet.name}: {sheet.it}", sheet.en))
        for col in sheet.columns:
            notes = []
            if col.required:
                notes.append("obbligatoria / required")
            if col.codelist:
                notes.append(col.codelist)
            if col.kind == "date":
                notes.append("data / date")
            if col.kind == "decimal":
                notes.append("numero / number")
            if col.default:
                notes.append(f"predefinito / default {col.default}")
            lines.append((f"  {sheet.letter(col.key)}: {col.header}", ", ".join(notes)))
    title, *explained = lines
    return tables.xlsx_workbook_bytes(
        [
            ("README", title, explained),
            *((sheet.name, [c.header for c in sheet.columns], ()) for sheet in SHEETS),
        ]
    )


def template_csv() -> bytes:
    """The Activities sheet alone, as CSV (UTF-8 with BOM, so that spreadsheets open it as such)."""
    return tables.csv_bytes([c.header for c in ACTIVITIES.columns], [])


# ------------------------------------------------------------------ reading the upload


@dataclass(frozen=True)
class Where:
    sheet: str
    row: int
    column: str = ""  # the column's key, "" for the whole row

    def column_label(self) -> str:
        """The column alone, as the problems table shows it: its letter and its header."""
        sheet = _sheet(self.sheet)
        if not self.column or sheet is None:
            return ""
        return f"{sheet.letter(self.column)} ({sheet.column(self.column).header})"

    def label(self) -> str:
        sheet = _sheet(self.sheet)
        if not self.column or sheet is None:
            return _("sheet %(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        return _("sheet %(sheet)s, row %(row)s, column %(letter)s (%(header)s)") % {
            "sheet": self.sheet,
            "row": self.row,
            "letter": sheet.letter(self.column),
            "header": sheet.column(self.column).header,
        }


@dataclass(frozen=True)
class SheetProblem:
    where: Where | None  # None: the file as a whole
    message: str
    rule: str = ""  # the validator's rule, when the problem is its
    severity: str = "error"

    def __str__(self) -> str:
        place = self.where.label() if self.where else _("the file")
        return f"{place}: {self.message}"


@dataclass
class Row:
    where: Where
    values: dict[str, Any]


@dataclass
class Preview:
    """What an upload would do: its problems, or the import's own counts (nothing written)."""

    name: str
    sha256: str
    problems: list[SheetProblem] = field(default_factory=list)
    activities: list[tuple[str, str]] = field(default_factory=list)  # iati-identifier, title
    rows: dict[str, int] = field(default_factory=dict)  # rows read, per sheet
    report: iati_import.ImportReport | None = None
    marked: bool = False  # only warnings that keep activities out of the export: import marked

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.report) if self.report is not None else ""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems) and self.report is not None


class SheetRejected(DomainError):
    """The upload has problems: nothing was written; each problem names its sheet, row and column."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        first = "; ".join(str(p) for p in problems[:3])
        super().__init__("iati_sheet_rejected", first)
        self.problems = problems


def fingerprint(report: iati_import.ImportReport) -> str:
    """What an import did or would do, as a hash: the confirmation must do what the preview showed."""
    counts = (report.created, report.updated, report.unchanged, report.marked, sorted(report.held.items()))
    return hashlib.sha256(repr(counts).encode()).hexdigest()


class PlanChanged(DomainError):
    """The registry changed between the preview and the confirmation: nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "iati_sheet_plan_changed",
            _("The registry changed since the preview: nothing was written; check the new preview."),
        )


def _sheet(name: str) -> Sheet | None:
    return next((s for s in SHEETS if s.name == name), None)


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def _header_ok(sheet: Sheet, cells: list[Any]) -> list[SheetProblem]:
    problems = []
    for i, col in enumerate(sheet.columns):
        got = _norm(cells[i] if i < len(cells) else "")
        if got not in {_norm(col.header), _norm(col.en), _norm(col.it)}:
            problems.append(
                SheetProblem(
                    Where(sheet.name, 1, col.key),
                    _("the header should be %(header)s; use the template's columns, in its order")
                    % {"header": col.header},
                )
            )
    return problems


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number: 11110, not 11110.0
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _cell_text(value).replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:  # the last separator is the decimal one: 1.234,56 or 1,234.56
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _read_rows(
    sheet: Sheet, cells: Iterable[tuple[int, list[Any]]], problems: list[SheetProblem]
) -> list[Row]:
    rows = []
    for number, values in cells:
        if all(_cell_text(v) == "" for v in values):
            continue  # an empty row, or one the office cleared
        row = Row(Where(sheet.name, number), {})
        for i, col in enumerate(sheet.columns):
            raw = values[i] if i < len(values) else None
            where = Where(sheet.name, number, col.key)
            if _cell_text(raw) == "":
                if col.required:
                    problems.append(SheetProblem(where, _("this column is required")))
                row.values[col.key] = col.default or None
                continue
            if col.kind == "date":
                day = _date(raw)
                if day is None:
                    problems.append(
                        SheetProblem(
                            where,
                            _("%(value)r is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
                            % {"value": _cell_text(raw)},
                        )
                    )
                row.values[col.key] = day
            elif col.kind == "decimal":
                amount = _decimal(raw)
                if amount is None:
                    problems.append(
                        SheetProblem(where, _("%(value)r is not a number") % {"value": _cell_text(raw)})
                    )
                row.values[col.key] = amount
            else:
                row.values[col.key] = _cell_text(raw)
        rows.append(row)
    return rows


def read_upload(content: bytes, problems: list[SheetProblem]) -> dict[str, list[Row]]:
    """The rows of each sheet of an XLSX workbook, or of a CSV file (the Activities sheet)."""
    found: dict[str, list[Row]] = {s.name: [] for s in SHEETS}
    if content.startswith(XLSX_MAGIC):
        try:
            book = tables.read_workbook(content)
        except tables.UnreadableWorkbook:
            problems.append(SheetProblem(None, _("the file is not an XLSX workbook that can be read")))
            return found
        if ACTIVITIES.name not in book:
            problems.append(
                SheetProblem(
                    None, _("the workbook has no sheet named %(sheet)s") % {"sheet": ACTIVITIES.name}
                )
            )
            return found
        for sheet in SHEETS:
            if sheet.name not in book:
                continue  # a group the office has nothing for
            rows = book[sheet.name]
            if not rows:
                continue
            header = _header_ok(sheet, rows[0])
            problems.extend(header)
            if not header:
                found[sheet.name] = _read_rows(sheet, enumerate(rows[1:], start=2), problems)
        return found
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(SheetProblem(None, _("the file is neither an XLSX workbook nor a CSV file in UTF-8")))
        return found
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines: list[list[Any]] = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not lines:
        problems.append(SheetProblem(None, _("the file is empty")))
        return found
    header = _header_ok(ACTIVITIES, lines[0])
    problems.extend(header)
    if not header:
        found[ACTIVITIES.name] = _read_rows(ACTIVITIES, enumerate(lines[1:], start=2), problems)
    return found


# ------------------------------------------------------------------ rows to an IATI activity file


class _Builder:
    """The rows as one IATI 2.03 activity file; remembers which cell each element came from."""

    def __init__(self, reporting: iati.ReportingOrg, problems: list[SheetProblem]) -> None:
        self.reporting = reporting
        self.problems = problems
        self.origin: dict[etree._Element, Where] = {}
        self.root = etree.Element("iati-activities", {"version": "2.03"})
        self.root.set("generated-datetime", timezone.now().replace(microsecond=0).isoformat())

    def sub(
        self,
        parent: etree._Element,
        tag: str,
        where: Where,
        attrs: dict[str, str] | None = None,
        text: str = "",
    ) -> etree._Element:
        el = etree.SubElement(parent, tag, {k: v for k, v in (attrs or {}).items() if v})
        if text:
            el.text = text
        self.origin[el] = where
        return el

    def narrative(self, parent: etree._Element, text: str, lang: str, where: Where) -> None:
        el = self.sub(parent, "narrative", where, text=text)
        el.set(XML_LANG, lang)

    def identifier(self, raw: str) -> str:
        prefix = f"{self.reporting.ref}-"
        return raw if raw.startswith(prefix) else prefix + raw

    def build(self, rows: dict[str, list[Row]]) -> list[tuple[str, str]]:
        activities: dict[str, etree._Element] = {}
        listed = []
        groups: dict[str, list[tuple[Sheet, Row]]] = {}
        for row in rows[ACTIVITIES.name]:
            raw = row.values["identifier"] or ""
            if not raw:
                continue
            if raw in activities:
                self.problems.append(
                    SheetProblem(
                        Where(ACTIVITIES.name, row.where.row, "identifier"),
                        _("this activity is already on another row"),
                    )
                )
                continue
            activities[raw] = self.activity(row)
            groups[raw] = []
            listed.append((self.identifier(raw), row.values["title_it"] or row.values["title_en"] or ""))
        for sheet in (PARTICIPANTS, BUDGETS, TRANSACTIONS):
            for row in rows[sheet.name]:
                raw = row.values["activity"] or ""
                if raw and raw not in activities:
                    self.problems.append(
                        SheetProblem(
                            Where(sheet.name, row.where.row, "activity"),
                            _("no row of the Activities sheet has the identifier %(identifier)r")
                            % {"identifier": raw},
                        )
                    )
                elif raw:
                    groups[raw].append((sheet, row))
        # Children in the order of the 2.03 schema: participating-org, then (after status,
        # dates, country and sector, written by activity()) budget, then transaction.
        for raw, el in activities.items():
            status = el.find("activity-status")
            index = list(el).index(status) if status is not None else len(el)
            for sheet, row in groups[raw]:
                if sheet is PARTICIPANTS:
                    org = self.participant(row)
                    el.insert(index, org)
                    index += 1
                elif sheet is BUDGETS:
                    self.budget(el, row)
                else:
                    self.transaction(el, row)
        return listed

    def activity(self, row: Row) -> etree._Element:
        v, w = row.values, row.where
        at = _cells(w)
        el = self.sub(self.root, "iati-activity", w)
        el.set(XML_LANG, "it")
        self.sub(el, "iati-identifier", at("identifier"), text=self.identifier(v["identifier"]))
        rep = self.sub(el, "reporting-org", w, {"ref": self.reporting.ref, "type": self.reporting.type})
        self.narrative(rep, self.reporting.name, "it", w)
        if not (v["title_it"] or v["title_en"]):
            self.problems.append(SheetProblem(at("title_it"), _("give a title in Italian or in English")))
        title = self.sub(el, "title", at("title_it"))
        for lang in ("it", "en"):
            if v[f"title_{lang}"]:
                self.narrative(title, v[f"title_{lang}"], lang, at(f"title_{lang}"))
        if v["description_it"] or v["description_en"]:
            desc = self.sub(el, "description", at("description_it"), {"type": "1"})
            for lang in ("it", "en"):
                if v[f"description_{lang}"]:
                    self.narrative(desc, v[f"description_{lang}"], lang, at(f"description_{lang}"))
        self.sub(el, "activity-status", at("status"), {"code": v["status"] or ""})
        for key, code in (
            ("start_planned", "1"),
            ("start_actual", "2"),
            ("end_planned", "3"),
            ("end_actual", "4"),
        ):
            if isinstance(v[key], dt.date):
                self.sub(el, "activity-date", at(key), {"type": code, "iso-date": v[key].isoformat()})
        if v["country"]:
            pct = v["country_percentage"]
            self.sub(
                el,
                "recipient-country",
                at("country"),
                {"code": v["country"].upper(), "percentage": _num(pct)},
            )
        if v["sector"]:
            self.sub(
                el,
                "sector",
                at("sector"),
                {
                    "vocabulary": v["sector_vocabulary"] or "1",
                    "code": v["sector"],
                    "percentage": _num(v["sector_percentage"]),
                },
            )
        return el

    def participant(self, row: Row) -> etree._Element:
        v, w = row.values, row.where
        el = etree.Element(
            "participating-org",
            {k: x for k, x in (("ref", v["ref"]), ("role", v["role"]), ("type", v["type"])) if x},
        )
        self.origin[el] = Where(w.sheet, w.row, "role")
        if v["name"]:
            self.narrative(el, v["name"], "it", Where(w.sheet, w.row, "name"))
        return el

    def value(self, parent: etree._Element, row: Row, day: dt.date | None) -> None:
        v, w = row.values, row.where
        value_date = v["value_date"] or day
        self.sub(
            parent,
            "value",
            Where(w.sheet, w.row, "value"),
            {
                "currency": (v["currency"] or "EUR").upper(),
                "value-date": value_date.isoformat() if isinstance(value_date, dt.date) else "",
            },
            text=_num(v["value"]),
        )

    def budget(self, activity: etree._Element, row: Row) -> None:
        v, w = row.values, row.where
        at = _cells(w)
        el = self.sub(
            activity, "budget", at("type"), {"type": v["type"] or "1", "status": v["status"] or "1"}
        )
        for key in ("period_start", "period_end"):
            if isinstance(v[key], dt.date):
                self.sub(el, key.replace("_", "-"), at(key), {"iso-date": v[key].isoformat()})
        self.value(el, row, v["period_start"])

    def transaction(self, activity: etree._Element, row: Row) -> None:
        v, w = row.values, row.where
        at = _cells(w)
        el = self.sub(activity, "transaction", w)
        self.sub(el, "transaction-type", at("type"), {"code": v["type"] or ""})
        if isinstance(v["date"], dt.date):
            self.sub(el, "transaction-date", at("date"), {"iso-date": v["date"].isoformat()})
        self.value(el, row, v["date"])
        if v["description"]:
            desc = self.sub(el, "description", at("description"))
            self.narrative(desc, v["description"], "it", at("description"))
        for side in ("provider", "receiver"):
            if v[f"{side}_ref"] or v[f"{side}_name"]:
                org = self.sub(el, f"{side}-org", at(f"{side}_ref"), {"ref": v[f"{side}_ref"] or ""})
                if v[f"{side}_name"]:
                    self.narrative(org, v[f"{side}_name"], "it", at(f"{side}_name"))

    def xml(self) -> tuple[bytes, dict[int, Where]]:
        """The file, and for each of its lines the cell its element came from."""
        data = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        lines: dict[int, Where] = {}
        parsed = etree.fromstring(data)
        for built, read in zip(self.root.iter(), parsed.iter(), strict=True):
            where = self.origin.get(built)
            line = read.sourceline
            if where is not None and isinstance(line, int):
                lines[line] = where
        return data, lines


def _cells(row: Where) -> Callable[[str], Where]:
    """The cell of a column on this row."""

    def at(key: str) -> Where:
        return Where(row.sheet, row.row, key)

    return at


def _num(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else ""


def _locate(lines: dict[int, Where], line: int | None) -> Where | None:
    """The cell of the element on this line, or of the nearest element above it."""
    if line is None:
        return None
    above = [n for n in lines if n <= line]
    return lines[max(above)] if above else None


# ------------------------------------------------------------------ preview and import


class _RolledBack(Exception):
    def __init__(self, report: iati_import.ImportReport) -> None:
        self.report = report


def _validator_problems(err: iati_import.IatiFileRejected, lines: dict[int, Where]) -> list[SheetProblem]:
    return [
        SheetProblem(
            _locate(lines, p.line), p.problem, p.rule, "error" if p.severity == "error" else "warning"
        )
        for p in err.problems
    ]


def _prepare(content: bytes, name: str) -> tuple[Preview, bytes, dict[int, Where]]:
    preview = Preview(name=name, sha256=hashlib.sha256(content).hexdigest())
    try:
        reporting = iati.reporting_org_from_settings()
    except iati.IatiNotConfigured as err:
        preview.problems.append(SheetProblem(None, str(err.message)))
        return preview, b"", {}
    rows = read_upload(content, preview.problems)
    preview.rows = {name: len(r) for name, r in rows.items() if r}
    if not rows[ACTIVITIES.name] and not preview.problems:
        preview.problems.append(
            SheetProblem(None, _("the sheet %(sheet)s has no activity") % {"sheet": ACTIVITIES.name})
        )
    builder = _Builder(reporting, preview.problems)
    preview.activities = builder.build(rows)
    if preview.problems:
        return preview, b"", {}
    data, lines = builder.xml()
    return preview, data, lines


def _run(data: bytes, actor: Actor, *, allow_warnings: bool) -> iati_import.ImportReport:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbook.xml"
        path.write_bytes(data)
        return iati_import.import_file(path, actor=actor, allow_warnings=allow_warnings)


def preview(content: bytes, name: str, *, actor: Actor = None) -> Preview:
    """What importing the upload would do; nothing is written (the import runs and is rolled back).

    Findings that keep an activity out of the export (no participating organisation …) are the
    import's blocking warnings: shown as warnings, and the import goes ahead only with them
    allowed (`Preview.marked`), the activities marked, as `import_iati --allow-warnings` does."""
    result, data, lines = _prepare(content, name)
    if result.problems:
        return result
    try:
        result.report = _dry_run(data, actor, allow_warnings=False)
    except iati_import.IatiFileNeedsAllowWarnings as err:
        result.problems = _validator_problems(err, lines)
        result.marked = True
        result.report = _dry_run(data, actor, allow_warnings=True)
    except iati_import.IatiFileRejected as err:
        result.problems = _validator_problems(err, lines)
    return result


def _dry_run(data: bytes, actor: Actor, *, allow_warnings: bool) -> iati_import.ImportReport:
    try:
        with transaction.atomic():
            raise _RolledBack(_run(data, actor, allow_warnings=allow_warnings))
    except _RolledBack as done:
        return done.report


def import_upload(
    content: bytes,
    name: str,
    *,
    expected_sha256: str,
    expected_plan: str = "",
    allow_warnings: bool = False,
    actor: Actor = None,
) -> iati_import.ImportReport:
    """Import the upload the office previewed: the same bytes (SHA-256), through the XML import;
    with `expected_plan`, rolled back (PlanChanged) unless it did what the preview counted."""
    result, data, lines = _prepare(content, name)
    if result.sha256 != expected_sha256:
        raise SheetRejected([SheetProblem(None, _("the file is not the one previewed"))])
    if result.problems:
        raise SheetRejected(result.problems)
    try:
        with transaction.atomic():
            report = _run(data, actor, allow_warnings=allow_warnings)
            if expected_plan and fingerprint(report) != expected_plan:
                raise PlanChanged()
            return report
    except iati_import.IatiFileRejected as err:
        raise SheetRejected(_validator_problems(err, lines)) from err
