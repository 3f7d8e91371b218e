"""The preview of a spreadsheet reads the registers once per file, not once per row: the members
the rows name and their membership periods come in one query each, whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cocopa.core import tables
from cocopa.education import sheets
from cocopa.education.testing import make_programme, make_school_member, make_topic
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


def _file(members) -> bytes:
    rows = [
        [
            "crescere-in-pace",
            "2024/25",
            member.istat_code,
            f"Scuola {n}",
            "",
            "primaria",
            "1",
            "20",
            "1",
            "2",
            "justice",
            "",
        ]
        for n, member in enumerate(members)
    ]
    return tables.xlsx_workbook_bytes([(sheets.SHEET, sheets.HEADERS, rows)])


def _queries(content: bytes) -> tuple[int, sheets.Preview]:
    with CaptureQueriesContext(connection) as seen:
        preview = sheets.read(content, "attivita.xlsx")
    return len(seen.captured_queries), preview


def test_the_preview_runs_as_many_queries_for_twenty_rows_as_for_two():
    make_programme(slug="crescere-in-pace")
    make_topic()
    members = [make_school_member(f"Comune {n}", istat_code=f"0012{n:02d}") for n in range(20)]

    few, small = _queries(_file(members[:2]))
    many, large = _queries(_file(members))

    assert small.ok, small.problems
    assert large.ok, large.problems
    assert len(large.rows) == 20
    assert many == few
    assert many <= 5  # programmes, topics, members, membership periods


def test_the_batched_check_still_refuses_a_member_out_of_the_network_in_that_year():
    make_programme(slug="crescere-in-pace")
    make_topic()
    late = make_authority("Comune tardivo", istat_code="001299", joined=dt.date(2030, 1, 1))
    with translation.override("en"):
        _n, preview = _queries(_file([make_school_member("Comune 1", istat_code="001201"), late]))
    assert not preview.ok
    assert [p.where.row for p in preview.problems if p.where] == [3]
    assert "was not a member of the network in the school year 2024/25" in str(preview.problems[0])
