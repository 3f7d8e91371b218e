"""Bulk entry from the spreadsheet template (/office/iati/import/): download, fill, upload, preview
(nothing written), confirm the same file; problems located by sheet, row and column; the import is
the XML import's (iati_sheets builds an activity file and calls iati_import.import_file)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from lxml import etree
from openpyxl import load_workbook

from cocopa.cooperation import iati_sheets
from cocopa.cooperation.models import Budget, Initiative, Participation, Transaction

URL = "/office/iati/import/"
OURS = "XM-TEST-1"


@pytest.fixture
def ours(settings):
    settings.IATI_REPORTING_ORG_REF = OURS
    settings.IATI_SCHEMA_DIR = ""


def filled(*, budget_start=dt.date(2025, 1, 1), second_budget_start="2026-01-01") -> bytes:
    """The downloaded template, filled as the office would: two activities, budgets, a transaction."""
    book = load_workbook(io.BytesIO(iati_sheets.template_xlsx()))
    book["Activities"].append(
        ["pozzi-kenya", "Pozzi in Kenya", "Wells in Kenya", "Acqua per tre villaggi", "", "2",
         dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2026, 12, 31), None, "KE", 100, "1", "14030", 100]
    )  # fmt: skip
    book["Activities"].append(
        ["scuola-gaza", "Scuola a Gaza", "", "", "A school", "1",
         "01/03/2025", None, None, None, "PS", None, None, "11220", None]
    )  # fmt: skip
    book["Budgets"].append(["pozzi-kenya", 1, 2, budget_start, dt.date(2025, 12, 31), 12000.5, "EUR", None])
    book["Budgets"].append(["pozzi-kenya", 1, 2, second_budget_start, "2026-12-31", "8.000,00", "", None])
    book["Transactions"].append(
        ["pozzi-kenya", "2", dt.date(2025, 3, 1), 5000, "EUR", None, "Primo impegno", "", "Comune di Torino", "", "ONG Acqua"]
    )  # fmt: skip
    book["Participating orgs"].append(["pozzi-kenya", "1", "10", "", "Comune di Torino"])
    book["Participating orgs"].append(["scuola-gaza", "4", "", "", "Scuola di Gaza"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "attivita.xlsx", url: str = URL):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_the_template_has_a_readme_and_one_sheet_per_group_with_both_languages():
    book = load_workbook(io.BytesIO(iati_sheets.template_xlsx()))
    assert book.sheetnames == ["README", *(sheet.name for sheet in iati_sheets.SHEETS)]
    assert {"Locations", "Results", "Indicators", "Indicator periods", "Regions", "Sectors"} <= set(
        book.sheetnames
    )
    # Empty: headers only, nothing invented.
    assert all(book[sheet.name].max_row == 1 for sheet in iati_sheets.SHEETS)
    headers = [c.value for c in book["Budgets"][1]]
    assert "Inizio periodo / Period start" in headers
    readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row if c.value)
    assert "BudgetType" in readme
    # Short codelists are spelled out from the shipped lists; long ones are named.
    assert "GeographicExactness: 1 Exact; 2 Approximate" in readme
    assert "Country" in readme
    assert "obbligatoria / required" in readme


def test_round_trip_template_upload_preview_confirm_export(client, peace_office_user, ours, tmp_path):
    client.force_login(peace_office_user)
    template = client.get("/office/iati/import/template.xlsx")
    assert template.status_code == 200
    assert template.content[:4] == b"PK\x03\x04"

    response = upload(client, filled())
    page = response.content.decode()
    assert response.status_code == 200, page
    assert 'id="count-created">2<' in page
    assert Initiative.objects.count() == 0  # a preview writes nothing
    confirm = response.context["confirm"].initial

    response = client.post("/office/iati/import/confirm/", confirm)
    assert response.status_code == 302
    wells = Initiative.objects.get(identifier="pozzi-kenya")
    assert (wells.title_it, wells.title_en) == ("Pozzi in Kenya", "Wells in Kenya")
    assert sorted(Budget.objects.filter(initiative=wells).values_list("value", flat=True)) == [
        Decimal("8000.00"),
        Decimal("12000.50"),
    ]
    assert Transaction.objects.filter(initiative=wells).count() == 1
    assert Participation.objects.filter(initiative__identifier="scuola-gaza").count() == 1
    assert wells.countries.get().code == "KE"

    path = tmp_path / "out.xml"
    call_command("export_iati", "-o", str(path), stderr=io.StringIO())
    ids = {el.text for el in etree.parse(str(path)).iter("iati-identifier")}
    assert f"{OURS}-pozzi-kenya" in ids

    # The same file again: the import's own idempotence, nothing to update.
    response = upload(client, filled())
    assert 'id="count-unchanged">2<' in response.content.decode()


def test_a_bad_date_is_named_by_sheet_row_and_column(client, peace_office_user, ours):
    client.force_login(peace_office_user)
    # On the English page: the messages are written in the request's language.
    response = upload(client, filled(second_budget_start="2026-02-30"), url="/en" + URL)
    assert response.status_code == 400
    problems = response.context["preview"].problems
    assert [(p.where.sheet, p.where.row, p.where.column) for p in problems] == [
        ("Budgets", 3, "period_start")
    ]
    with translation.override("en"):
        text = str(problems[0])
    assert text == (
        "sheet Budgets, row 3, column D (Inizio periodo / Period start): "
        "'2026-02-30' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY"
    )
    assert "confirm" not in response.context
    assert Initiative.objects.count() == 0


def test_the_validators_findings_come_back_to_their_cell(ours, db):
    # A DAC sector code depends on its vocabulary, so the cell reader leaves it to the XML
    # import's validator, which refuses it; its line in the generated file is mapped back to the
    # Activities sheet, row 2, column N. A country code is checked in its cell.
    book = load_workbook(io.BytesIO(filled()))
    book["Activities"]["K2"] = "XX"
    book["Budgets"]["F2"] = "dodici"
    book["Budgets"]["H2"] = "ieri"  # a column after the amount keeps its row
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert [(p.where.sheet, p.where.row, p.where.column) for p in found.problems] == [
        ("Activities", 2, "country"),
        ("Budgets", 2, "value"),
        ("Budgets", 2, "value_date"),
    ]
    assert "Country" in found.problems[0].message

    book["Activities"]["K2"] = "KE"
    book["Activities"]["N2"] = "99999"
    book["Budgets"]["F2"] = 100
    book["Budgets"]["H2"] = None
    out = io.BytesIO()
    book.save(out)
    found = iati_sheets.preview(out.getvalue(), "x.xlsx")
    assert found.report is None
    located = {(p.where.sheet, p.where.row, p.where.column, p.rule) for p in found.problems if p.where}
    assert ("Activities", 2, "sector", "unknown_code") in located
    assert Initiative.objects.count() == 0


def test_a_budget_for_an_activity_not_in_the_sheet_is_named(ours, db):
    book = load_workbook(io.BytesIO(filled()))
    book["Budgets"]["A2"] = "pozzi-kenia"
    out = io.BytesIO()
    book.save(out)
    problems = iati_sheets.preview(out.getvalue(), "x.xlsx").problems
    assert any(
        p.where == iati_sheets.Where("Budgets", 2, "activity") and "pozzi-kenia" in p.message
        for p in problems
    )


def test_csv_of_the_activities_sheet_imports_marked_when_the_export_would_refuse_it(
    client, peace_office_user, ours
):
    # A CSV holds the Activities sheet only, so no participating organisation: the Standard
    # requires one, so the import's blocking warning is shown and the activity imports marked.
    client.force_login(peace_office_user)
    header = client.get("/office/iati/import/template.csv").content.decode("utf-8-sig").strip()
    row = ["pace-bosnia", "Pace in Bosnia", "", "Scambi tra scuole", "", "2", "2024-05-01"] + [""] * 8
    rows = header.replace(",", ";") + "\r\n" + ";".join(row)
    response = upload(client, rows.encode("utf-8"), "attivita.csv")
    preview = response.context["preview"]
    assert preview.marked
    assert preview.ok
    assert [(p.where.sheet, p.where.row, p.severity) for p in preview.problems] == [
        ("Activities", 2, "warning")
    ]
    assert Initiative.objects.count() == 0
    confirm = response.context["confirm"].initial
    response = client.post("/office/iati/import/confirm/", confirm, follow=True)
    assert b'data-error-code="iati_sheet_imported"' in response.content
    imported = Initiative.objects.get(identifier="pace-bosnia")
    assert imported.title_it == "Pace in Bosnia"
    assert imported.import_findings


def test_confirm_imports_only_the_file_previewed(client, peace_office_user, ours):
    client.force_login(peace_office_user)
    first = upload(client, filled()).context["confirm"].initial
    upload(client, filled(budget_start=dt.date(2025, 2, 1)))  # another file since
    response = client.post("/office/iati/import/confirm/", first, follow=True)
    assert b'data-error-code="import_file_changed"' in response.content
    assert Initiative.objects.count() == 0


def test_a_file_that_is_no_spreadsheet_is_refused_with_a_message(client, peace_office_user, ours):
    client.force_login(peace_office_user)
    response = upload(client, b"PK\x03\x04 not really a zip", "x.xlsx", url="/en" + URL)
    assert response.status_code == 400
    with translation.override("en"):
        problems = [str(p) for p in response.context["preview"].problems]
    assert problems == ["the file: the file is not an XLSX workbook that can be read"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("administrative_office_user", 403), ("representative_user", 403), ("plain_user", 403)],
)
@pytest.mark.django_db
def test_only_the_peace_office_may_import(client, request, persona, status, ours):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == status
    assert client.get("/office/iati/import/template.xlsx").status_code == status
    assert upload(client, filled()).status_code == status
    assert client.post("/office/iati/import/confirm/", {"sha256": "0" * 64}).status_code == status
    assert Initiative.objects.count() == 0


def test_confirm_refuses_when_the_registry_changed_since_the_preview(client, peace_office_user, ours):
    client.force_login(peace_office_user)
    content = filled()
    confirm = upload(client, content).context["confirm"].initial
    assert client.post("/office/iati/import/confirm/", confirm).status_code == 302  # 2 created
    # The same file, previewed when both were new, confirmed now: they would be unchanged.
    upload(client, content)
    response = client.post("/office/iati/import/confirm/", confirm)
    assert response.status_code == 409
    assert b'data-error-code="iati_sheet_plan_changed"' in response.content
    assert response.context["preview"].report.unchanged == 2
