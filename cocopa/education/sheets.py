"""Bulk entry of school activities from a spreadsheet: one row per class (or per group of classes
of one level the school reports together), in the XLSX template or as CSV with its columns.

Upload → preview (every row read and checked, nothing written) → confirm (the very file previewed,
by its SHA-256) → services.import_activities writes every row in one transaction, or none.
Each problem names its sheet, row and column, as the office sees them in the spreadsheet.

The headers are Italian and fixed, whatever the site's language: the file is the office's, and a
header is how a column is found. A file over COCOPA_MAX_IMPORT_MB (core/limits.py) is refused
before it is read.
"""

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cocopa.core import limits, tables
from cocopa.core.errors import DomainError
from cocopa.core.roles import Actor
from cocopa.education import schoolcode, schoolyear, services
from cocopa.education.models import Activity, Programme, Topic
from cocopa.education.services import ActivityInput
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority, Membership

SHEET = "Attività"
VALUES_SHEET = "Valori"
XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 5000  # a year of the whole network is a few hundred classes


@dataclass(frozen=True)
class Column:
    key: str  # ActivityInput's field
    header: str
    required: bool = False


COLUMNS = (
    Column("programme", "programma", required=True),
    Column("school_year", "anno_scolastico", required=True),
    Column("member", "ente_aderente", required=True),
    Column("school_name", "scuola", required=True),
    Column("school_code", "codice_meccanografico"),
    Column("level", "grado", required=True),
    Column("classes", "classi"),
    Column("pupils", "alunni"),
    Column("teachers", "docenti"),
    Column("hours", "ore"),
    Column("topics", "temi"),
    Column("materials", "materiali"),
)
HEADERS = [c.header for c in COLUMNS]
_BY_KEY = {c.key: c for c in COLUMNS}

# The level as offices write it, folded (lower case, single spaces) → the stored code.
LEVELS = {
    "infanzia": Activity.Level.INFANZIA,
    "scuola dell'infanzia": Activity.Level.INFANZIA,
    "primaria": Activity.Level.PRIMARIA,
    "scuola primaria": Activity.Level.PRIMARIA,
    "elementare": Activity.Level.PRIMARIA,
    "secondaria-1": Activity.Level.SECONDARIA_1,
    "secondaria di i grado": Activity.Level.SECONDARIA_1,
    "secondaria di primo grado": Activity.Level.SECONDARIA_1,
    "media": Activity.Level.SECONDARIA_1,
    "secondaria-2": Activity.Level.SECONDARIA_2,
    "secondaria di ii grado": Activity.Level.SECONDARIA_2,
    "secondaria di secondo grado": Activity.Level.SECONDARIA_2,
    "superiore": Activity.Level.SECONDARIA_2,
}


@dataclass(frozen=True)
class Where:
    sheet: str
    row: int
    column: str = ""  # a column's key; "" for the whole row

    def label(self) -> str:
        if not self.column:
            return _("sheet %(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        index = HEADERS.index(_BY_KEY[self.column].header) + 1
        return _("sheet %(sheet)s, row %(row)s, column %(letter)s (%(header)s)") % {
            "sheet": self.sheet,
            "row": self.row,
            "letter": tables.column_letter(index),
            "header": _BY_KEY[self.column].header,
        }


@dataclass(frozen=True)
class Problem:
    where: Where | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.where.label() if self.where else _('the file')}: {self.message}"


@dataclass
class Preview:
    """What an upload would write: its rows, or its problems (nothing written either way)."""

    name: str
    sha256: str
    rows: list[tuple[int, ActivityInput]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def pupils(self) -> int:
        return sum(r.pupils for _n, r in self.rows)


class SheetRejected(DomainError):
    """The upload has problems: nothing was written; each problem names where it is."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("education_sheet_rejected", "; ".join(str(p) for p in problems[:3]))
        self.problems = problems


# --- the template -------------------------------------------------------------------------------


def _values() -> list[list[tables.Cell]]:
    """The values the columns take, for the template's second sheet."""
    rows: list[list[tables.Cell]] = []
    rows += [["programma", p.slug, p.title] for p in Programme.objects.order_by("slug")]
    rows += [["grado", code, str(label)] for code, label in Activity.Level.choices]
    rows += [["temi", t.key, t.name] for t in Topic.objects.filter(retired=False).order_by("order", "key")]
    rows += [
        ["ente_aderente", a.slug, a.name]
        for a in LocalAuthority.objects.filter(memberships__isnull=False).distinct().order_by("name")
    ]
    return rows


def template_xlsx() -> bytes:
    """The empty Activities sheet and, beside it, the values its columns take."""
    return tables.xlsx_workbook_bytes(
        [
            (SHEET, HEADERS, []),
            (VALUES_SHEET, ["colonna", "valore", "significato"], _values()),
        ]
    )


def template_csv() -> bytes:
    return tables.csv_bytes(HEADERS, [])


# --- reading --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold().replace("’", "'"))


def _table(content: bytes, problems: list[Problem]) -> tuple[str, list[list[Any]]]:
    """The sheet's name and its rows (header first), from an XLSX workbook or a CSV file."""
    if content.startswith(XLSX_MAGIC):
        try:
            book = tables.read_workbook(content)
        except tables.UnreadableWorkbook:
            problems.append(Problem(None, _("the file is not an XLSX workbook that can be read")))
            return SHEET, []
        if SHEET not in book:
            problems.append(Problem(None, _("the workbook has no sheet named %(sheet)s") % {"sheet": SHEET}))
            return SHEET, []
        return SHEET, book[SHEET]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(None, _("the file is neither an XLSX workbook nor a CSV file in UTF-8")))
        return "CSV", []
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return "CSV", list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _header_problems(sheet: str, header: list[Any]) -> list[Problem]:
    found = [_fold(_text(h)) for h in header]
    while found and not found[-1]:
        found.pop()
    if found == HEADERS:
        return []
    return [
        Problem(
            Where(sheet, 1),
            _("the header row must be, in this order: %(headers)s") % {"headers": ", ".join(HEADERS)},
        )
    ]


class _Lookups:
    """What the cells name, loaded once per file: programmes, topics, the members the file names
    and their membership periods, each in one query whatever the number of rows."""

    def __init__(self) -> None:
        self.programmes = {p.slug: p for p in Programme.objects.all()}
        self.topics = {t.key: t for t in Topic.objects.all()}
        self.members: dict[str, LocalAuthority | None] = {}
        self.periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {}

    @staticmethod
    def slug(text: str) -> str:
        return text.zfill(6) if text.isdigit() and len(text) < 6 else text  # 1272 typed as a number

    def load_members(self, texts: Iterable[str]) -> None:
        """The members and membership periods of every code the file names, in two queries."""
        wanted = {self.slug(t) for t in texts if t} - set(self.members)
        if not wanted:
            return
        found: QuerySet[LocalAuthority] = LocalAuthority.objects.none()
        for slug in sorted(wanted):
            found = found | member_queries.by_slug(slug)
        for authority in found.order_by("pk"):
            self.members.setdefault(authority.slug, authority)
        self.members.update({slug: None for slug in wanted if slug not in self.members})
        located = [a.pk for a in self.members.values() if a is not None]
        periods = Membership.objects.filter(authority__in=located).values_list(
            "authority_id", "start_on", "end_on"
        )
        for authority_id, start, end in periods:
            self.periods.setdefault(authority_id, []).append((start, end))

    def member(self, text: str) -> LocalAuthority | None:
        slug = self.slug(text)
        if slug not in self.members:
            self.load_members([slug])
        return self.members[slug]

    def was_member(self, member: LocalAuthority, school_year: int) -> bool:
        """services.was_member's rule over the periods loaded: one overlaps the school year."""
        year = schoolyear.SchoolYear(school_year)
        return any(
            start <= year.ends_on and (end is None or end >= year.starts_on)
            for start, end in self.periods.get(member.pk, [])
        )


def _count(text: str) -> int | None:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if number != number.to_integral_value() or number < 0 or number > 1_000_000:
        return None
    return int(number)


def _hours(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number >= 100_000 or number != round(number, 1):
        return None
    return number


def _read_row(
    sheet: str, number: int, cells: list[Any], found: _Lookups, problems: list[Problem]
) -> ActivityInput | None:
    """One row as the service's input, or None with its problems added (each naming its cell)."""
    values = {c.key: _text(cells[i]) if i < len(cells) else "" for i, c in enumerate(COLUMNS)}
    before = len(problems)

    def fail(key: str, message: str) -> None:
        problems.append(Problem(Where(sheet, number, key), message))

    for col in COLUMNS:
        if col.required and not values[col.key]:
            fail(col.key, _("this column is required"))
    programme = found.programmes.get(values["programme"])
    if values["programme"] and programme is None:
        fail(
            "programme",
            _("no programme has the address %(value)r (see the sheet Valori)")
            % {"value": values["programme"]},
        )
    start: int | None = None
    if values["school_year"]:
        try:
            start = schoolyear.parse(values["school_year"]).start
        except ValueError:
            fail(
                "school_year",
                _("%(value)r is not a school year: write it as 2024/25") % {"value": values["school_year"]},
            )
    member = found.member(values["member"]) if values["member"] else None
    if values["member"] and member is None:
        fail(
            "member",
            _("no member has the code %(value)r (its ISTAT code, see the sheet Valori)")
            % {"value": values["member"]},
        )
    code = schoolcode.normalise(values["school_code"])
    if code and (problem := schoolcode.problem(code)):
        fail("school_code", problem)
    level = LEVELS.get(_fold(values["level"])) if values["level"] else None
    if values["level"] and level is None:
        fail(
            "level",
            _("%(value)r is not a level: infanzia, primaria, secondaria di I grado or secondaria di II grado")
            % {"value": values["level"]},
        )
    counts: dict[str, int] = {}
    for key in ("classes", "pupils", "teachers"):
        counts[key] = 0
        if values[key]:
            value = _count(values[key])
            if value is None:
                fail(key, _("%(value)r is not a whole number of zero or more") % {"value": values[key]})
            else:
                counts[key] = value
    hours = Decimal(0)
    if values["hours"]:
        read = _hours(values["hours"])
        if read is None:
            fail(
                "hours",
                _("%(value)r is not a number of hours (zero or more, one decimal at most)")
                % {"value": values["hours"]},
            )
        else:
            hours = read
    topics = []
    for key in filter(None, (k.strip() for k in re.split(r"[;,]", values["topics"]))):
        topic = found.topics.get(key.casefold())
        if topic is None:
            fail("topics", _("%(value)r is not a topic (see the sheet Valori)") % {"value": key})
        elif topic.retired:
            fail("topics", _("the topic %(value)r is retired: it is no longer offered") % {"value": key})
        else:
            topics.append(topic)
    if len(problems) > before or programme is None or member is None or start is None or level is None:
        return None
    data = ActivityInput(
        programme=programme,
        member=member,
        school_name=values["school_name"],
        school_code=code,
        school_year=start,
        level=level,
        hours=hours,
        materials=values["materials"],
        topics=topics,
        classes=counts["classes"],
        pupils=counts["pupils"],
        teachers=counts["teachers"],
    )
    for key, message in services.activity_problems(data, was_member=found.was_member).items():
        fail(key if key in _BY_KEY else "", message)
    return None if len(problems) > before else data


def read(content: bytes, name: str) -> Preview:
    """Every row of the upload read and checked against the registers: nothing written."""
    preview = Preview(name=name, sha256=hashlib.sha256(content).hexdigest())
    if len(content) > limits.max_import_bytes():
        preview.problems.append(Problem(None, limits.refusal(name, len(content))))
        return preview
    sheet, table = _table(content, preview.problems)
    if preview.problems:
        return preview
    if not table:
        preview.problems.append(Problem(None, _("the file is empty")))
        return preview
    preview.problems += _header_problems(sheet, table[0])
    if preview.problems:
        return preview
    body = [(n, cells) for n, cells in enumerate(table[1:], start=2) if any(_text(c) for c in cells)]
    if len(body) > MAX_ROWS:
        preview.problems.append(
            Problem(
                None,
                _("the file has %(rows)s rows, more than the %(max)s an import takes: split it")
                % {"rows": len(body), "max": MAX_ROWS},
            )
        )
        return preview
    if not body:
        preview.problems.append(Problem(None, _("the file has no rows under its header")))
        return preview
    found = _Lookups()
    at = HEADERS.index(_BY_KEY["member"].header)
    found.load_members(_text(cells[at]) for _n, cells in body if at < len(cells))
    for number, cells in body:
        data = _read_row(sheet, number, cells, found, preview.problems)
        if data is not None:
            preview.rows.append((number, data))
    if preview.problems:
        preview.rows = []
    return preview


def import_upload(content: bytes, name: str, *, expected_sha256: str, actor: Actor) -> list[Activity]:
    """Write the rows of the file the preview showed, all in one transaction, or none.

    Raises SheetRejected (nothing written) when the file has problems now, e.g. a programme
    deleted since the preview; DomainError when it is not the previewed file.
    """
    if hashlib.sha256(content).hexdigest() != expected_sha256:
        raise DomainError(
            "education_sheet_changed", _("The file changed since its preview: upload it again.")
        )
    preview = read(content, name)
    if not preview.ok:
        raise SheetRejected(preview.problems)
    return services.import_activities(
        [data for _n, data in preview.rows], actor=actor, file_name=name, sha256=expected_sha256
    )
