"""Bulk entry from a spreadsheet: a good file previews and is written whole on confirmation; each
kind of error is located by sheet, row and column, and nothing is written while one remains."""

import hashlib

import pytest
from django.test import override_settings
from django.utils import translation

from cocopa.core import tables
from cocopa.core.errors import DomainError
from cocopa.core.models import AuditEvent
from cocopa.education import sheets
from cocopa.education.models import Activity
from cocopa.education.testing import make_programme, make_school_member, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are checked in their msgid language, whatever translations are compiled.
    with translation.override("en"):
        yield


@pytest.fixture
def registers():
    make_programme(slug="crescere-in-pace")
    make_topic()
    make_topic("environment", "ambiente", "environment")
    return make_school_member("Rivoli", istat_code="001219")


def _row(**cells):
    row = {
        "programma": "crescere-in-pace",
        "anno_scolastico": "2024/25",
        "ente_aderente": "001219",
        "scuola": "IC Rivoli III",
        "codice_meccanografico": "TOIC81500X",
        "grado": "primaria",
        "classi": "1",
        "alunni": "22",
        "docenti": "2",
        "ore": "6,5",
        "temi": "justice; environment",
        "materiali": "Schede",
    }
    row.update(cells)
    return [row[h] for h in sheets.HEADERS]


def _xlsx(*rows):
    return tables.xlsx_workbook_bytes([(sheets.SHEET, sheets.HEADERS, list(rows))])


def _csv(*rows):
    return tables.csv_bytes(sheets.HEADERS, list(rows))


def test_a_good_workbook_is_previewed_then_written_whole(registers, peace_office_user):
    content = _xlsx(_row(), _row(scuola="IC Rivoli I", grado="Secondaria di I grado", alunni="25", temi=""))
    preview = sheets.read(content, "attivita.xlsx")
    assert preview.ok, preview.problems
    assert [n for n, _r in preview.rows] == [2, 3]
    assert preview.pupils == 47
    assert not Activity.objects.exists()  # the preview writes nothing

    created = sheets.import_upload(
        content, "attivita.xlsx", expected_sha256=hashlib.sha256(content).hexdigest(), actor=peace_office_user
    )
    assert len(created) == 2
    first = Activity.objects.get(school_name="IC Rivoli III")
    assert (first.school_year, first.level, first.pupils, str(first.hours)) == (2024, "primaria", 22, "6.5")
    assert sorted(first.topics.values_list("key", flat=True)) == ["environment", "justice"]
    assert Activity.objects.get(school_name="IC Rivoli I").level == Activity.Level.SECONDARIA_1
    event = AuditEvent.objects.get(verb="education.activities_imported")
    assert event.data["activities"] == 2
    assert event.actor == peace_office_user


def test_a_csv_file_with_the_template_columns_is_read_too(registers):
    preview = sheets.read(
        _csv(_row(ente_aderente="1219")), "attivita.csv"
    )  # the ISTAT code typed as a number
    assert preview.ok, preview.problems
    assert preview.rows[0][1].member.istat_code == "001219"


@pytest.mark.parametrize(
    ("cells", "column", "text"),
    [
        ({"programma": "nessuno"}, "programme", "no programme"),
        ({"anno_scolastico": "2024/26"}, "school_year", "not a school year"),
        ({"ente_aderente": "999999"}, "member", "no member"),
        ({"scuola": ""}, "school_name", "required"),
        ({"codice_meccanografico": "TOIC8150"}, "school_code", "10 characters"),
        ({"grado": "università"}, "level", "not a level"),
        ({"alunni": "venti"}, "pupils", "whole number"),
        ({"classi": "1.5"}, "classes", "whole number"),
        ({"ore": "-2"}, "hours", "hours"),
        ({"temi": "pace"}, "topics", "not a topic"),
        ({"classi": "0", "alunni": "0", "docenti": "0"}, "pupils", "reached someone"),
    ],
)
def test_each_kind_of_error_is_located_and_nothing_is_written(
    registers, peace_office_user, cells, column, text
):
    content = _xlsx(_row(), _row(**cells))
    preview = sheets.read(content, "attivita.xlsx")
    assert not preview.ok
    assert [(p.where.sheet, p.where.row, p.where.column) for p in preview.problems] == [
        (sheets.SHEET, 3, column)
    ]
    assert text in preview.problems[0].message
    letter = tables.column_letter([c.key for c in sheets.COLUMNS].index(column) + 1)
    assert f"row 3, column {letter} (" in preview.problems[0].where.label()
    with pytest.raises(sheets.SheetRejected):
        sheets.import_upload(content, "x.xlsx", expected_sha256=preview.sha256, actor=peace_office_user)
    assert not Activity.objects.exists()
    assert not AuditEvent.objects.filter(verb="education.activities_imported").exists()


def test_a_member_that_was_not_one_that_year_is_located_on_its_cell(registers):
    preview = sheets.read(_xlsx(_row(anno_scolastico="1990/91")), "attivita.xlsx")
    assert [(p.where.row, p.where.column) for p in preview.problems] == [(2, "member")]


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"PK\x03\x04 not really a zip", "not an XLSX workbook"),
        (tables.xlsx_workbook_bytes([("Foglio1", sheets.HEADERS, [])]), "no sheet named"),
        ("\ufeffscuola;alunni\r\nX;1\r\n".encode(), "header row"),
        (b"\xff\xfe\x00garbage", "neither an XLSX"),
        (tables.csv_bytes(sheets.HEADERS, []), "no rows"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_a_message(registers, content, text):
    preview = sheets.read(content, "f")
    assert not preview.ok
    assert text in str(preview.problems[0])


@override_settings(COCOPA_MAX_IMPORT_MB=0.001)
def test_a_file_over_the_limit_is_refused_before_it_is_read(registers):
    preview = sheets.read(_xlsx(_row()), "grande.xlsx")
    assert "more than the" in preview.problems[0].message
    assert "COCOPA_MAX_IMPORT_MB" in preview.problems[0].message


def test_the_confirmation_must_carry_the_previewed_file(registers, peace_office_user):
    content = _xlsx(_row())
    with pytest.raises(DomainError) as err:
        sheets.import_upload(content, "x.xlsx", expected_sha256="0" * 64, actor=peace_office_user)
    assert err.value.code == "education_sheet_changed"
    assert not Activity.objects.exists()


def test_a_row_refused_at_writing_rolls_the_whole_file_back(registers, peace_office_user, monkeypatch):
    from cocopa.education import services

    content = _xlsx(_row(), _row(scuola="Seconda"))
    real = services._write_activity
    calls = []

    def fail_on_second(activity, data, actor):
        calls.append(1)
        if len(calls) == 2:
            raise DomainError("boom", "refused")
        real(activity, data, actor)

    monkeypatch.setattr(services, "_write_activity", fail_on_second)
    with pytest.raises(DomainError):
        sheets.import_upload(
            content, "x.xlsx", expected_sha256=hashlib.sha256(content).hexdigest(), actor=peace_office_user
        )
    assert not Activity.objects.exists()


def test_someone_outside_the_office_cannot_import(registers, plain_user):
    from cocopa.core.errors import Forbidden

    content = _xlsx(_row())
    with pytest.raises(Forbidden):
        sheets.import_upload(
            content, "x.xlsx", expected_sha256=hashlib.sha256(content).hexdigest(), actor=plain_user
        )


def test_the_template_lists_the_values_its_columns_take(registers):
    book = tables.read_workbook(sheets.template_xlsx())
    assert book[sheets.SHEET][0] == sheets.HEADERS
    values = {(r[0], r[1]) for r in book[sheets.VALUES_SHEET][1:]}
    assert {
        ("programma", "crescere-in-pace"),
        ("grado", "secondaria-2"),
        ("temi", "justice"),
        ("ente_aderente", "001219"),
    } <= values
    assert sheets.template_csv().decode("utf-8-sig").strip() == ";".join(sheets.HEADERS)
