"""Every element group the XML import stores has its sheet in the template (issue 15, point 7):
per sheet, a filled row goes upload → preview → confirm → `export_iati`, and the exported
activity carries the element; a bad row is located by sheet, row and column before anything is
written. The rows are test data, not facts of the network."""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from lxml import etree
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from cocopa.cooperation import iati_import, iati_sheets
from cocopa.cooperation.models import Initiative
from cocopa.cooperation.tests.test_iati_sheets import OURS, filled

URL = "/office/iati/import/"
WELLS = f"{OURS}-pozzi-kenya"


@pytest.fixture
def ours(settings):
    settings.IATI_REPORTING_ORG_REF = OURS
    settings.IATI_SCHEMA_DIR = ""


def _set(book: Workbook, sheet: str, key: str, value: Any, row: int = 2) -> None:
    letter = next(s for s in iati_sheets.SHEETS if s.name == sheet).letter(key)
    book[sheet][f"{letter}{row}"] = value


@dataclass(frozen=True)
class Case:
    sheet: str
    fill: Callable[[Workbook], None]  # the good row(s), on top of filled()
    xpath: str  # under the exported activity pozzi-kenya
    bad: tuple[str, str, Any, str]  # sheet, column key, value, a part of the message


def _append(sheet: str, *values: Any) -> Callable[[Workbook], None]:
    def fill(book: Workbook) -> None:
        book[sheet].append(list(values))

    return fill


def _both(*fills: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
    def fill(book: Workbook) -> None:
        for f in fills:
            f(book)

    return fill


def _activity_extras(book: Workbook) -> None:
    for key, value in (
        ("default_currency", "eur"),
        ("humanitarian", "sì"),
        ("scope", 4),
        ("collaboration_type", 1),
        ("default_flow_type", 10),
        ("default_finance_type", 110),
        ("default_aid_type", "C01"),
        ("default_tied_status", 5),
    ):
        _set(book, "Activities", key, value)


def _share(key: str, value: Any) -> Callable[[Workbook], None]:
    return lambda book: _set(book, "Activities", key, value)


RESULT = _append("Results", "pozzi-kenya", "R1", "1", "Accesso all'acqua", "Access to water", "", "")
INDICATOR = _append(
    "Indicators", "pozzi-kenya", "R1", "I1", "1", "1", "Pozzi funzionanti", "Working wells", 2024, None, "0"
)
PERIOD = _append("Indicator periods", "pozzi-kenya", "I1", "2025-01-01", "31/12/2025", "3", "2,5")

CASES = [
    Case(
        "Activities",
        _activity_extras,
        "self::iati-activity[@humanitarian='1' and @default-currency='EUR']"
        "[activity-scope/@code='4'][collaboration-type/@code='1'][default-flow-type/@code='10']"
        "[default-finance-type/@code='110'][default-aid-type/@code='C01'][default-tied-status/@code='5']",
        ("Activities", "humanitarian", "forse", "is not 1 (yes) or 0 (no)"),
    ),
    Case(
        "Countries",
        _both(_share("country_percentage", 60), _append("Countries", "pozzi-kenya", "ug", "40")),
        "recipient-country[@code='UG' and number(@percentage)=40]",
        ("Countries", "code", "ZZ", "not a code of the IATI Country codelist"),
    ),
    Case(
        "Regions",
        _both(_share("country_percentage", 50), _append("Regions", "pozzi-kenya", "1", "298", "", "50")),
        "recipient-region[@code='298' and @vocabulary='1' and number(@percentage)=50]",
        ("Regions", "vocabulary", "7", "allowed: 1 ("),
    ),
    Case(
        "Sectors",
        _append("Sectors", "pozzi-kenya", "2", "140", "", "100"),
        "sector[@vocabulary='2' and @code='140' and number(@percentage)=100]",
        ("Sectors", "percentage", "cento", "'cento' is not a number"),
    ),
    Case(
        "Locations",
        _append(
            "Locations",
            "pozzi-kenya",
            "KE-1",
            "Kisumu",
            "-0,0917",
            "34,768",
            1,
            2,
            1,
            "PPL",
            "G1",
            1,
            "200067",
            "Il villaggio dei pozzi",
        ),  # fmt: skip
        "location[@ref='KE-1'][name/narrative='Kisumu'][point/pos='-0.091700 34.768000']"
        "[exactness/@code='1'][location-class/@code='2'][location-reach/@code='1']"
        "[feature-designation/@code='PPL'][administrative[@vocabulary='G1' and @level='1' and @code='200067']]",
        ("Locations", "exactness", "7", "allowed: 1 (Exact), 2 (Approximate)"),
    ),
    Case(
        "Location areas",
        _both(
            _append("Locations", "pozzi-kenya", "KE-1", "Kisumu", "-0,0917", "34,768", 1, 2),
            _append("Location areas", "pozzi-kenya", "KE-1", "G1", 2, "7668902"),
        ),
        "location[@ref='KE-1'][administrative[@vocabulary='G1' and @level='2' and @code='7668902']]",
        ("Location areas", "location", "KE-9", "no row of the Locations sheet for activity 'pozzi-kenya'"),
    ),
    Case(
        "Participating orgs",
        _append("Participating orgs", "pozzi-kenya", "4", "22", "XM-TEST-ONG", "ONG Acqua"),
        "participating-org[@ref='XM-TEST-ONG' and @role='4' and @type='22']",
        ("Participating orgs", "role", "9", "allowed: 1 (Funding)"),
    ),
    Case(
        "Budgets",
        lambda book: None,
        "budget[number(value)=12000.5]",
        ("Budgets", "value", "dodici", "'dodici' is not a number"),
    ),
    Case(
        "Planned disbursements",
        _append(
            "Planned disbursements",
            "pozzi-kenya",
            "1",
            "2025-01-01",
            "2025-06-30",
            "3.000,50",
            "",
            None,
            "",
            "Comune di Torino",
            "",
            "",
            "Cooperativa dei pozzi",
            "22",
        ),  # fmt: skip
        "planned-disbursement[@type='1'][number(value)=3000.5][receiver-org/@type='22']",
        ("Planned disbursements", "period_start", "31/02/2025", "is not a date"),
    ),
    Case(
        "Transactions",
        lambda book: _set(book, "Transactions", "reference", "T-1"),
        "transaction[@ref='T-1'][number(value)=5000]",
        ("Transactions", "type", "99", "not a code of the IATI TransactionType codelist"),
    ),
    Case(
        "Documents",
        _append(
            "Documents",
            "pozzi-kenya",
            "https://example.org/scheda.pdf",
            "Scheda",
            "",
            "A02",
            "IT",
            "application/pdf",
            "2025-01-10",
        ),  # fmt: skip
        "document-link[@url='https://example.org/scheda.pdf' and @format='application/pdf']"
        "[category/@code='A02'][language/@code='it'][document-date/@iso-date='2025-01-10']",
        ("Documents", "category", "Z99", "not a code of the IATI DocumentCategory codelist"),
    ),
    Case(
        "Related activities",
        _append("Related activities", "pozzi-kenya", "3", "XI-ALTRI-42"),
        "related-activity[@ref='XI-ALTRI-42' and @type='3']",
        ("Related activities", "type", "7", "allowed: 1 (Parent)"),
    ),
    Case(
        "Policy markers",
        _append("Policy markers", "pozzi-kenya", "1", "1", "1", ""),
        "policy-marker[@vocabulary='1' and @code='1' and @significance='1']",
        ("Policy markers", "activity", "pozzi-kenia", "no row of the Activities sheet has the identifier"),
    ),
    Case(
        "Tags",
        _append("Tags", "pozzi-kenya", "3", "6.1", ""),
        "tag[@vocabulary='3' and @code='6.1']",
        ("Tags", "vocabulary", None, "this column is required"),
    ),
    Case(
        "Humanitarian scopes",
        _append("Humanitarian scopes", "pozzi-kenya", "1", "1-2", "EQ-2015-000048-NPL", ""),
        "humanitarian-scope[@type='1' and @vocabulary='1-2' and @code='EQ-2015-000048-NPL']",
        ("Humanitarian scopes", "type", "3", "allowed: 1 (Emergency), 2 (Appeal)"),
    ),
    Case(
        "Results",
        _both(RESULT, INDICATOR),  # a result without an indicator is kept out of the export
        "result[@type='1'][title/narrative[@xml:lang='en']='Access to water']",
        ("Results", "type", "5", "not a code of the IATI ResultType codelist"),
    ),
    Case(
        "Indicators",
        _both(RESULT, INDICATOR),
        "result/indicator[@measure='1' and @ascending='1'][baseline[@year='2024' and number(@value)=0]]",
        ("Indicators", "result", "R2", "no row of the Results sheet for activity 'pozzi-kenya'"),
    ),
    Case(
        "Indicator periods",
        _both(RESULT, INDICATOR, PERIOD),
        "result/indicator/period[period-end/@iso-date='2025-12-31'][number(target/@value)=3][number(actual/@value)=2.5]",
        ("Indicator periods", "target", "tanti", "'tanti' is not a number"),
    ),
]


def test_every_sheet_has_a_case():
    assert [c.sheet for c in CASES] == [s.name for s in iati_sheets.SHEETS]


def _workbook(case: Case, *, bad: bool = False) -> bytes:
    book = load_workbook(io.BytesIO(filled()))
    case.fill(book)
    if bad:
        sheet, key, value, _message = case.bad
        _set(book, sheet, key, value, row=book[sheet].max_row if book[sheet].max_row > 1 else 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[c.sheet for c in CASES])
def test_a_filled_sheet_goes_through_to_the_exported_file(client, peace_office_user, ours, tmp_path, case):
    client.force_login(peace_office_user)
    response = client.post(URL, {"file": SimpleUploadedFile("attivita.xlsx", _workbook(case))})
    preview = response.context["preview"]
    assert response.status_code == 200, [str(p) for p in preview.problems]
    assert not preview.marked, [str(p) for p in preview.problems]
    assert Initiative.objects.count() == 0  # the preview writes nothing
    assert client.post(URL + "confirm/", response.context["confirm"].initial).status_code == 302

    path = tmp_path / "out.xml"
    call_command("export_iati", "-o", str(path), stderr=io.StringIO())
    found = etree.parse(str(path)).xpath(f"//iati-activity[iati-identifier='{WELLS}']")
    assert isinstance(found, list)
    (activity,) = found
    assert isinstance(activity, etree._Element)
    assert activity.xpath(case.xpath), etree.tostring(activity, pretty_print=True).decode()


@pytest.mark.parametrize("case", CASES, ids=[c.sheet for c in CASES])
def test_a_bad_row_is_located_by_sheet_row_and_column(ours, db, case):
    sheet, key, _value, message = case.bad
    content = _workbook(case, bad=True)
    with translation.override("en"):
        found = iati_sheets.preview(content, "x.xlsx")
        texts = [str(p) for p in found.problems]
    row = max(load_workbook(io.BytesIO(content))[sheet].max_row, 2)
    letter = next(s for s in iati_sheets.SHEETS if s.name == sheet).letter(key)
    located = [
        (p, t)
        for p, t in zip(found.problems, texts, strict=True)
        if p.where == iati_sheets.Where(sheet, row, key)
    ]
    assert located, texts
    assert message in located[0][0].message
    assert f"sheet {sheet}, row {row}, column {letter} (" in located[0][1]
    assert found.report is None
    assert Initiative.objects.count() == 0


def test_a_region_code_is_the_validators_and_comes_back_to_its_cell(ours, db):
    # Region codes depend on the vocabulary column: the XML import's validator refuses an unknown
    # one, and its line is mapped back to the Regions sheet's cell.
    book = load_workbook(io.BytesIO(filled()))
    _set(book, "Activities", "country_percentage", 50)
    book["Regions"].append(["pozzi-kenya", "1", "999", "", "50"])
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert found.report is None
    assert any(
        p.where == iati_sheets.Where("Regions", 2, "code") and p.rule == "unknown_code"
        for p in found.problems
    ), [str(p) for p in found.problems]


def test_a_position_out_of_range_is_the_imports_and_comes_back_to_its_cell(ours, db):
    book = load_workbook(io.BytesIO(filled()))
    book["Locations"].append(["pozzi-kenya", "", "Altrove", "95", "34", "1"])
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert found.report is None
    assert [p.where for p in found.problems] == [iati_sheets.Where("Locations", 2, "latitude")], [
        str(p) for p in found.problems
    ]


def test_a_point_needs_both_coordinates(ours, db):
    book = load_workbook(io.BytesIO(filled()))
    book["Locations"].append(["pozzi-kenya", "", "Kisumu", "-0,09"])
    out = io.BytesIO()
    book.save(out)
    problems = iati_sheets.preview(out.getvalue(), "x.xlsx").problems
    assert [p.where for p in problems] == [iati_sheets.Where("Locations", 2, "longitude")]


def test_an_indicator_key_used_twice_is_named(ours, db):
    book = load_workbook(io.BytesIO(filled()))
    for fill in (RESULT, INDICATOR, INDICATOR):
        fill(book)
    out = io.BytesIO()
    book.save(out)
    problems = iati_sheets.preview(out.getvalue(), "x.xlsx").problems
    assert [p.where for p in problems] == [iati_sheets.Where("Indicators", 3, "indicator")]


def test_rows_name_their_activity_by_the_full_identifier_too(ours, db):
    book = load_workbook(io.BytesIO(filled()))
    book["Tags"].append([WELLS, "3", "6.1", ""])
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert found.problems == []
    assert found.rows["Tags"] == 1


def test_the_generated_file_holds_only_what_the_import_keeps(ours, db):
    # Every element and attribute the sheets write is one the XML import stores: nothing a clerk
    # types is counted as skipped.
    book = load_workbook(io.BytesIO(filled()))
    for case in CASES:
        if case.sheet not in ("Countries", "Regions", "Sectors", "Location areas", "Results", "Indicators"):
            case.fill(book)
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert found.report is not None, [str(p) for p in found.problems]
    assert found.report.skipped == {}
    assert set(found.rows) == {s.name for s in iati_sheets.SHEETS} - {
        "Countries",
        "Regions",
        "Sectors",
        "Location areas",
    }
    assert iati_import.HELD  # the list the import counts against


def test_a_csv_of_another_sheet_is_refused_with_a_message_that_says_why(client, peace_office_user, ours):
    client.force_login(peace_office_user)
    header = ";".join(c.header for c in iati_sheets.LOCATIONS.columns)
    content = (header + "\r\npozzi-kenya;;Kisumu\r\n").encode("utf-8")
    response = client.post("/en" + URL, {"file": SimpleUploadedFile("luoghi.csv", content)})
    assert response.status_code == 400
    with translation.override("en"):
        problems = [str(p) for p in response.context["preview"].problems]
    assert len(problems) == 1
    assert "the columns of the Locations sheet" in problems[0]
    assert "XLSX template" in problems[0]


def test_a_template_filled_before_the_new_columns_still_reads(ours, db):
    # The Activities sheet of the first template stopped at the sector percentage (column O).
    book = load_workbook(io.BytesIO(filled()))
    book["Activities"].delete_cols(16, 20)
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert found.report is not None, [str(p) for p in found.problems]
    assert found.report.created == 2


def test_the_page_counts_the_rows_read_per_sheet(client, peace_office_user, ours):
    client.force_login(peace_office_user)
    book = load_workbook(io.BytesIO(filled()))
    for fill in (RESULT, INDICATOR, PERIOD):
        fill(book)
    out = io.BytesIO()
    book.save(out)
    page = client.post("/en" + URL, {"file": SimpleUploadedFile("a.xlsx", out.getvalue())}).content.decode()
    assert 'data-sheet-rows="Indicator periods">1<' in page
    assert 'data-sheet-rows="Activities">2<' in page


def test_dates_as_the_spreadsheet_stores_them(ours, db):
    book = load_workbook(io.BytesIO(filled()))
    PERIOD(book)
    RESULT(book)
    INDICATOR(book)
    _set(book, "Indicator periods", "period_start", dt.datetime(2025, 1, 1))  # noqa: DTZ001 a cell's value
    out = io.BytesIO()
    book.save(out)
    assert iati_sheets.preview(out.getvalue(), "x.xlsx").report is not None
