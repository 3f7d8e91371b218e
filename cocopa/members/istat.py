"""Reading ISTAT's list of Italian municipalities: pure parsing, no database.

Two formats are read, told apart by their content rather than by the file name:

- a JSON array like comuni.json (`nome`, `codice`, `provincia.codice`, … `popolazione`), UTF-8;
- ISTAT's own "Elenco comuni italiani" CSV: `;`-separated, Windows-1252 / ISO-8859-1 (UTF-8 is
  accepted too), headers in Italian that may wrap over several lines, and the population written
  with `.` as the thousands separator (`2.644`). Columns are found by header name, not position.

Every problem raises InputFileError naming the file, the line where the record starts and the
field, so the office can fix the file and try again.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from cocopa.core import limits, names
from cocopa.core.errors import InputFileError

# The widths of the LocalAuthority columns the rows go into (tests/test_import_istat.py checks
# they still match), so that an over-long value fails here with its line rather than in the
# database, where PostgreSQL would refuse it and SQLite would silently keep it.
MAX_NAME = 200
MAX_AREA_NAME = 100
# PopulationFigure.value is a PositiveIntegerField: the largest value every database accepts.
MAX_POPULATION = 2_147_483_647

_CODE = re.compile(r"[0-9]{6}")
_PROVINCE = re.compile(r"[0-9]{3}")
_CADASTRAL = re.compile(r"[A-Z][0-9]{3}")
_INTEGER = re.compile(r"[0-9]+")
_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")


@dataclass(frozen=True)
class IstatRow:
    """One municipality as ISTAT lists it, with its legal population at the 2011 census."""

    istat_code: str
    name: str
    province_code: str
    province_name: str
    region_name: str
    cadastral_code: str
    population: int


@dataclass(frozen=True)
class _Columns:
    """Where each value is found in one format: a JSON key path or a CSV header."""

    istat_code: str
    name: str
    province_code: str
    province_name: str
    region_name: str
    cadastral_code: str
    population: str

    def all(self) -> tuple[str, ...]:
        return (
            self.istat_code,
            self.name,
            self.province_code,
            self.province_name,
            self.region_name,
            self.cadastral_code,
            self.population,
        )


JSON_KEYS = _Columns(
    istat_code="codice",
    name="nome",
    province_code="provincia.codice",
    province_name="provincia.nome",
    region_name="regione.nome",
    cadastral_code="codiceCatastale",
    population="popolazione",
)
CSV_HEADERS = _Columns(
    istat_code="Codice Comune formato alfanumerico",
    name="Denominazione in italiano",
    province_code="Codice Provincia (Storico)(1)",
    province_name="Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)",
    region_name="Denominazione regione",
    cadastral_code="Codice Catastale del comune",
    population="Popolazione legale 2011 (09/10/2011)",
)


def parse(path: Path | str) -> list[IstatRow]:
    """The municipalities in the file, in file order; raises InputFileError on the first problem."""
    path = Path(path)
    too_big = limits.too_big(path)
    if too_big:
        raise InputFileError(str(path), None, None, too_big)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputFileError(str(path), None, None, f"cannot read the file ({err.strerror})") from err
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start:
        raise InputFileError(str(path), None, None, "the file is empty")
    if start[:1] == b"[" and (fast := _valid_json_rows(data)) is not None:
        return fast
    records = _json_records(str(path), data) if start[:1] in (b"[", b"{") else _csv_records(str(path), data)
    rows: list[IstatRow] = []
    seen: dict[str, int] = {}
    for record in records:
        row = record.row()
        if row.istat_code in seen:
            record.fail(
                record.columns.istat_code,
                f"ISTAT code {row.istat_code} already appears on line {seen[row.istat_code]}",
            )
        seen[row.istat_code] = record.line
        rows.append(row)
    if not rows:
        raise InputFileError(str(path), None, None, "the file lists no municipality")
    return rows


@dataclass(frozen=True)
class _Record:
    """One municipality as read from the file, before its values are checked."""

    path: str
    line: int
    label: str  # "element 12: " in a JSON array, where every element may sit on line 1
    columns: _Columns
    get: Callable[[str], Any]

    def fail(self, field: str, problem: str) -> NoReturn:
        raise InputFileError(self.path, self.line, field, self.label + problem)

    def text(self, field: str, *, required: bool = True, max_length: int = MAX_AREA_NAME) -> str:
        value = self.get(field)
        if not isinstance(value, str):
            self.fail(field, f"expected text, found {json.dumps(value)}")
        value = value.strip()
        if required and not value:
            self.fail(field, "is empty")
        if len(value) > max_length:
            self.fail(field, f"is longer than {max_length} characters")
        return value

    def coded(self, field: str, pattern: re.Pattern[str], what: str, *, required: bool = True) -> str:
        value = self.text(field, required=required)
        if value and not pattern.fullmatch(value):
            self.fail(field, f"{value!r} is not {what}")
        return value

    def population(self, field: str) -> int:
        raw = self.get(field)
        number: int
        if isinstance(raw, str):
            digits = raw.strip()
            if _THOUSANDS.fullmatch(digits):
                digits = digits.replace(".", "")
            if not _INTEGER.fullmatch(digits):
                self.fail(field, f"{raw!r} is not a whole number of inhabitants (like 2644 or 2.644)")
            if len(digits.lstrip("0")) > len(str(MAX_POPULATION)):
                # Before int(): Python refuses to convert more than 4,300 digits (a traceback).
                self.fail(field, f"a number of {len(digits)} digits is more than the database can hold")
            number = int(digits)
        elif isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
            number = raw
        else:
            self.fail(field, f"{json.dumps(raw)} is not a whole number of inhabitants")
        if number > MAX_POPULATION:
            self.fail(field, f"{number} inhabitants is more than the database can hold")
        return number

    def row(self) -> IstatRow:
        c = self.columns
        code = self.coded(c.istat_code, _CODE, "an ISTAT code of exactly 6 digits")
        province_code = self.coded(c.province_code, _PROVINCE, "a province code of 3 digits", required=False)
        if province_code and province_code != code[:3]:
            self.fail(c.province_code, f"{province_code} is not the first 3 digits of the ISTAT code {code}")
        name = self.text(c.name, max_length=MAX_NAME)
        if problem := names.problem(name):
            self.fail(c.name, problem)
        return IstatRow(
            istat_code=code,
            name=name,
            province_code=code[:3],
            province_name=self.text(c.province_name, required=False),
            region_name=self.text(c.region_name, required=False),
            cadastral_code=self.coded(
                c.cadastral_code,
                _CADASTRAL,
                "a cadastral code (a capital letter and 3 digits)",
                required=False,
            ),
            population=self.population(c.population),
        )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# JSON ------------------------------------------------------------------------------------------


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _json_records(path: str, data: bytes) -> Iterator[_Record]:
    """The elements of the array one by one, each with the line it starts on (elements count from 1)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputFileError(path, _line_of(data, err.start), None, "a JSON file must be UTF-8") from err
    decoder = json.JSONDecoder()
    pos = _skip_space(text, 0)
    if not text.startswith("[", pos):
        raise InputFileError(path, _line_of_text(text, pos), None, "expected a JSON array of municipalities")
    pos = _skip_space(text, pos + 1)
    if text.startswith("]", pos):
        return  # an empty array: parse() says the file lists no municipality
    line, counted, number = 1, 0, 0
    while True:
        number += 1
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            element, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            raise InputFileError(
                path, err.lineno, None, f"element {number}: invalid JSON ({err.msg})"
            ) from err
        except RecursionError as err:
            raise InputFileError(path, line, None, f"element {number}: nested too deeply") from err
        except ValueError as err:  # a number of more than 4,300 digits
            raise InputFileError(path, line, None, f"element {number}: {err}") from err
        if not isinstance(element, dict):
            found = type(element).__name__
            raise InputFileError(path, line, None, f"element {number}: expected an object, found {found}")
        yield _Record(path, line, f"element {number}: ", JSON_KEYS, _json_getter(path, line, number, element))
        pos = _skip_space(text, pos)
        if text.startswith(",", pos):
            pos = _skip_space(text, pos + 1)
            continue
        if text.startswith("]", pos) and not text[pos + 1 :].strip():
            return
        problem = "text after the array" if text.startswith("]", pos) else "expected ',' or ']' after it"
        raise InputFileError(path, _line_of_text(text, pos), None, f"element {number}: {problem}")


def _line_of_text(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _json_getter(path: str, line: int, number: int, element: dict[str, Any]) -> Callable[[str], Any]:
    def get(key_path: str) -> Any:
        value: Any = element
        walked: list[str] = []
        for key in key_path.split("."):
            walked.append(key)
            if not isinstance(value, dict):
                where = ".".join(walked[:-1])
                raise InputFileError(path, line, where, f"element {number}: expected an object")
            if key not in value:
                raise InputFileError(path, line, ".".join(walked), f"element {number}: is missing")
            value = value[key]
        return value

    return get


def _valid_json_rows(data: bytes) -> list[IstatRow] | None:
    """The rows of a JSON file with nothing wrong in it, read in one go; None on any problem.

    Most files are valid, so they skip the element-by-element reading that tracks line numbers.
    On None, parse() reads the file again the slow way, which finds and reports the problem
    exactly: so every check here must also fail there (tests/test_istat.py covers both paths).
    """
    try:
        elements = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, a 5,000-digit number, deep nesting
        return None
    if not isinstance(elements, list) or not elements:
        return None
    rows: list[IstatRow] = []
    for element in elements:
        try:
            code, name = element["codice"], element["nome"]
            province_code, province_name = element["provincia"]["codice"], element["provincia"]["nome"]
            region_name = element["regione"]["nome"]
            cadastral, population = element["codiceCatastale"], element["popolazione"]
        except (KeyError, TypeError):
            return None
        texts = (code, name, province_code, province_name, region_name, cadastral)
        if not all(type(t) is str for t in texts):
            return None
        code, name, province_code = code.strip(), name.strip(), province_code.strip()
        province_name, region_name, cadastral = province_name.strip(), region_name.strip(), cadastral.strip()
        if (
            not _CODE.fullmatch(code)
            or not name
            or len(name) > MAX_NAME
            or names.problem(name)
            or (province_code and province_code != code[:3])
            or len(province_name) > MAX_AREA_NAME
            or len(region_name) > MAX_AREA_NAME
            or (cadastral and not _CADASTRAL.fullmatch(cadastral))
            or type(population) is not int
            or not 0 <= population <= MAX_POPULATION
        ):
            return None
        rows.append(IstatRow(code, name, code[:3], province_name, region_name, cadastral, population))
    if len({row.istat_code for row in rows}) != len(rows):
        return None
    return rows


# CSV -------------------------------------------------------------------------------------------


def _header_key(cell: str) -> str:
    """Header cells compared without case, line breaks, runs of spaces or a trailing space."""
    return " ".join(cell.split()).casefold()


def _decode_csv(path: str, data: bytes) -> str:
    # ISTAT publishes Windows-1252 (a superset of ISO-8859-1 for the letters it uses, e.g. the
    # "Š" of Števerjan); a file re-saved as UTF-8 is accepted, since Latin-1 text with accented
    # letters is practically never valid UTF-8.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        byte = data[err.start]
        raise InputFileError(
            path,
            _line_of(data, err.start),
            None,
            f"byte 0x{byte:02x} is neither UTF-8 nor Latin-1 (Windows-1252) text",
        ) from err


def _csv_records(path: str, data: bytes) -> Iterator[_Record]:
    reader = csv.reader(io.StringIO(_decode_csv(path, data), newline=""), delimiter=";", strict=True)
    ended = 0  # the last line of the record read before
    try:
        header = next(reader, [])
        positions: dict[str, int] = {}
        for i, cell in enumerate(header):
            positions.setdefault(_header_key(cell), i)
        for column in CSV_HEADERS.all():
            if _header_key(column) not in positions:
                hint = "; is the file separated by ';'?" if len(header) == 1 else ""
                raise InputFileError(path, 1, column, f"the header has no column {column!r}{hint}")
        index = {column: positions[_header_key(column)] for column in CSV_HEADERS.all()}
        ended = reader.line_num
        for cells in reader:
            line, ended = ended + 1, reader.line_num
            if not cells:
                continue  # a blank line, e.g. at the end of the file
            if len(cells) != len(header):
                missing = [c for c in CSV_HEADERS.all() if index[c] >= len(cells)]
                raise InputFileError(
                    path,
                    line,
                    missing[0] if missing else None,
                    f"{len(cells)} fields, the header has {len(header)}",
                )
            yield _Record(path, line, "", CSV_HEADERS, _csv_getter(cells, index))
    except csv.Error as err:  # e.g. a quote never closed: report where its record starts
        raise InputFileError(path, ended + 1, None, f"not valid CSV from here on ({err})") from err


def _csv_getter(cells: list[str], index: dict[str, int]) -> Callable[[str], Any]:
    return lambda column: cells[index[column]]
