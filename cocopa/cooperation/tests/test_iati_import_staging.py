"""An import's new rows are made ready before the write lock and copied under it (core/bulk.py).

Finding (issue 15): on SQLite the import of 10,000 activities held the write lock for 14.9 to
23.7 s, longer than the 5 s a login waits. The rows are now staged in TEMP tables of the
connection before the lock (SQLite's temp database takes no lock on the main file) and copied
with one INSERT … SELECT per table under it; the instances get their ids after the commit.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from cocopa.cooperation import iati_import
from cocopa.cooperation.models import Document, Initiative
from cocopa.cooperation.testing import iati_activities_file

REPO = Path(__file__).resolve().parents[3]
BENCH_REF = "XM-BENCH-1"  # iati_activities_file's reporting organisation

# Run in a process of its own against a migrated SQLite file: while the import stages its rows,
# another connection holds the file's write lock (BEGIN IMMEDIATE). Staging that needed the lock
# would wait for it and fail with "database is locked".
_HELD_WHILE_STAGING = """
import json, sqlite3, sys
import django
django.setup()
from django.db import connection
from cocopa.core import bulk
from cocopa.cooperation import iati_import

stage = bulk.NewRows.stage
staged = []

def stage_while_another_writer_holds_the_lock(self):
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        stage(self)
        staged.append(sum(1 for t in self.tables.values() if t.staged))
    finally:
        other.execute("ROLLBACK")
        other.close()

bulk.NewRows.stage = stage_while_another_writer_holds_the_lock
report = iati_import.import_file(sys.argv[1])
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE type = 'table'")
    temp_tables_left = cursor.fetchone()[0]
print(json.dumps({"created": report.created, "staged": staged, "temp_tables_left": temp_tables_left}))
"""


def test_an_import_stages_its_rows_while_another_writer_holds_the_lock(
    migrated_database_url: str, tmp_path: Path
) -> None:
    if not migrated_database_url.startswith("sqlite"):
        pytest.skip("staging is SQLite's: PostgreSQL has no database-wide write lock")
    xml = tmp_path / "activities.xml"
    xml.write_bytes(iati_activities_file(40))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cocopa.settings",
        "DATABASE_URL": migrated_database_url,
        "SECRET_KEY": "test-only-secret-key",
        "IATI_REPORTING_ORG_REF": BENCH_REF,
    }
    done = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-c", _HELD_WHILE_STAGING, str(xml)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["created"] == 40
    assert result["staged"]
    assert result["staged"][0] >= 10  # initiatives and their children's tables
    assert result["temp_tables_left"] == 0


@pytest.fixture
def own_bench(settings):
    settings.IATI_REPORTING_ORG_REF = BENCH_REF
    return settings


def _temp_tables() -> int:
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE type = 'table'")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_each_new_row_goes_to_its_own_parent_with_its_history_row(own_bench, tmp_path: Path) -> None:
    first = tmp_path / "first.xml"
    first.write_bytes(iati_activities_file(12))
    iati_import.import_file(first)
    # The second file holds the first's 12 activities, unchanged, and 13 more: the links between
    # the old neighbours are kept, each once, and the new ones join them.
    second = tmp_path / "second.xml"
    second.write_bytes(iati_activities_file(25))
    report = iati_import.import_file(second)
    assert report.created == 13

    initiatives = {i.identifier: i for i in Initiative.objects.filter(identifier__startswith="gen-")}
    assert len(initiatives) == 25
    for ident, initiative in initiatives.items():
        n = int(ident.rsplit("-", 1)[1])
        urls = [d.url for d in Document.objects.filter(initiative=initiative)]
        assert urls, ident
        assert all(f"gen-{n:05d}" in url for url in urls), (ident, urls)
        neighbours = {int(r.identifier.rsplit("-", 1)[1]) for r in initiative.related.all()}
        assert neighbours == {k for k in (n - 1, n + 1) if 1 <= k <= 25}, (ident, neighbours)
    through = Initiative.related.through
    pairs = list(through.objects.values_list("from_initiative_id", "to_initiative_id"))
    assert len(pairs) == len(set(pairs)) == 2 * 24  # each link a row each way, none twice

    history = Document.history.filter(history_type="+", history_change_reason="IATI import")
    assert sorted(history.values_list("id", "initiative_id", "url")) == sorted(
        Document.objects.values_list("id", "initiative_id", "url")
    )
    assert _temp_tables() == 0


@pytest.mark.django_db(transaction=True)
def test_a_write_that_fails_leaves_nothing_written_nor_staged(own_bench, tmp_path: Path, monkeypatch) -> None:
    xml = tmp_path / "activities.xml"
    xml.write_bytes(iati_activities_file(6))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    # The audit record is the last write under the lock: the copied rows must go with it.
    monkeypatch.setattr(iati_import.audit, "record", broken)
    with pytest.raises(RuntimeError, match="disk is full"):
        iati_import.import_file(xml)
    assert not Initiative.objects.filter(identifier__startswith="gen-").exists()
    assert not Document.objects.exists()
    assert not Document.history.exists()
    assert _temp_tables() == 0


@pytest.mark.django_db(transaction=True)
def test_a_changed_file_updates_and_replaces_rows_each_with_its_history_row(
    own_bench, tmp_path: Path
) -> None:
    from cocopa.cooperation.models import Budget, Indicator, IndicatorPeriod, Result

    first = tmp_path / "first.xml"
    first.write_bytes(iati_activities_file(5))
    iati_import.import_file(first)
    old_budgets = set(Budget.objects.values_list("pk", flat=True))
    old_periods = set(IndicatorPeriod.objects.values_list("pk", flat=True))
    # A new title, new budget amounts and a new actual value: the initiatives are updated in
    # place, their budgets and results (with indicators and periods) replaced.
    changed = (
        iati_activities_file(5)
        .replace(b"water and schools", b"water, schools and wells")
        .replace(b"12500.5", b"12600.5")
        .replace(b'<actual value="8.00"/>', b'<actual value="9.00"/>')
    )
    second = tmp_path / "second.xml"
    second.write_bytes(changed)
    report = iati_import.import_file(second)
    assert (report.created, report.updated) == (0, 5)

    initiatives = Initiative.objects.filter(identifier__startswith="gen-")
    assert all(i.title_en.endswith("water, schools and wells") for i in initiatives)
    changed_rows = Initiative.history.filter(history_type="~", history_change_reason="IATI import")
    assert sorted(changed_rows.values_list("id", "title_en")) == sorted(
        initiatives.values_list("id", "title_en")
    )

    assert not Budget.objects.filter(pk__in=old_budgets).exists()
    deleted = Budget.history.filter(history_type="-", history_change_reason="IATI import")
    assert set(deleted.values_list("id", flat=True)) == old_budgets
    assert {float(v) for v in deleted.values_list("value", flat=True)} == {10000.0, 12500.5}
    assert {float(v) for v in Budget.objects.values_list("value", flat=True)} == {10000.0, 12600.5}

    # Deleting a result takes its indicators and their periods with it, each with its history row.
    assert not IndicatorPeriod.objects.filter(pk__in=old_periods).exists()
    gone = IndicatorPeriod.history.filter(history_type="-", history_change_reason="IATI import")
    assert set(gone.values_list("id", flat=True)) == old_periods
    assert Result.objects.count() == Indicator.objects.count() == IndicatorPeriod.objects.count() == 5
    assert {str(v) for v in IndicatorPeriod.objects.values_list("actual", flat=True)} == {"9.00"}
    assert _temp_tables() == 0
