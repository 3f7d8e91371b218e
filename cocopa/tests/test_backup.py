"""cocopa backup / restore: every row and file comes back identical, also from SQLite to PostgreSQL."""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cocopa.core import audit, backup
from cocopa.core.models import AuditEvent, DataVersion
from cocopa.demo import services as demo_services
from cocopa.governance import testing as gt
from cocopa.governance.models import AgendaDocument

FILE_CONTENT = b"%PDF-1.4 minutes of the assembly \xe2\x82\xac"
# Compared as sets: the target database numbers them itself when it migrates.
BY_NATURAL_KEY = ("contenttypes.contenttype", "auth.permission")


def populate() -> str:
    """The demo network, a user with a group and permission, audit entries and one uploaded file."""
    demo_services.load_demo(actor=None)
    office = gt.make_office_user("office")
    group = Group.objects.create(name="Finance")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    office.groups.add(group)
    meeting = gt.make_meeting(gt.make_assembly())
    document = AgendaDocument(item=meeting.items.get(), title="Minutes")
    document.file.save("minutes.pdf", ContentFile(FILE_CONTENT))
    audit.record(office, "test.uploaded", document, {"name": document.file.name})
    return str(document.file.name)


def comparable(dumps: dict[str, list[Any]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for label, rows in dumps.items():
        if label in BY_NATURAL_KEY:
            out[label] = sorted(json.dumps(row, sort_keys=True) for row in rows)
        else:
            out[label] = [_m2m_as_sets(row) for row in rows]
    return out


def _m2m_as_sets(row: dict[str, Any]) -> dict[str, Any]:
    """Many-to-many values (lists of keys, e.g. a user's groups) carry no order: the database may
    give them back in another one (PostgreSQL does), so they are compared sorted."""
    fields = {k: sorted(v) if isinstance(v, list) else v for k, v in row.get("fields", {}).items()}
    return {**row, "fields": fields}


def zip_dumps(path: Path) -> dict[str, list[Any]]:
    with zipfile.ZipFile(path) as archive:
        return {
            name.removeprefix("data/").removesuffix(".json"): json.loads(archive.read(name))
            for name in archive.namelist()
            if name.startswith("data/")
        }


def empty_the_database() -> None:
    """As a new database after `cocopa migrate`: flush empties every table, post_migrate refills."""
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_round_trip_gives_back_every_row_and_file(tmp_path):
    name = populate()
    before = comparable(backup.row_dumps())
    path = tmp_path / "cocopa.zip"
    call_command("backup", str(path), stdout=open(os.devnull, "w"))
    empty_the_database()
    default_storage.delete(name)
    assert not backup.non_empty_tables()

    call_command("restore", str(path), stdout=open(os.devnull, "w"))

    after = comparable(backup.row_dumps())
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert sum(len(rows) for rows in before.values()) > 1500
    with default_storage.open(name, "rb") as handle:
        assert hashlib.sha256(handle.read()).digest() == hashlib.sha256(FILE_CONTENT).digest()
    call_command("verify_audit", stdout=open(os.devnull, "w"))
    # New rows take fresh ids after the restore (sequences moved past the restored ones)
    assert audit.record(None, "test.after_restore").seq == AuditEvent.objects.count()
    User.objects.create_user("newcomer")
    Group.objects.create(name="New").user_set.add(User.objects.get(username="office"))


@pytest.mark.django_db
def test_the_manifest_counts_rows_and_hashes_every_part(tmp_path):
    populate()
    path = tmp_path / "cocopa.zip"
    backup.backup(path)
    with zipfile.ZipFile(path) as archive:
        manifest = backup.read_manifest(archive)
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["core.auditevent"] == AuditEvent.objects.count()
    assert manifest["counts"]["auth.user"] == User.objects.count()
    assert any(part.startswith("media/governance/") for part in manifest["parts"])
    assert manifest["missing_files"] == []


@pytest.mark.django_db
def test_restoring_into_a_database_that_holds_rows_is_refused_and_writes_nothing(tmp_path):
    path = tmp_path / "cocopa.zip"
    populate()
    backup.backup(path)
    counts = {label: len(rows) for label, rows in backup.row_dumps().items()}

    with pytest.raises(CommandError, match=r"not empty .*cocopa migrate"):
        call_command("restore", str(path))

    assert {label: len(rows) for label, rows in backup.row_dumps().items()} == counts


@pytest.mark.django_db
def test_a_tampered_backup_is_refused_before_anything_is_written(tmp_path):
    source = tmp_path / "cocopa.zip"
    User.objects.create_user("office")
    backup.backup(source)
    User.objects.all().delete()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(tampered, "w") as copy:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "data/auth.user.json":
                content = content.replace(b'"office"', b'"intruder"')
            copy.writestr(item, content)

    with pytest.raises(CommandError, match=r"data/auth.user.json does not match its SHA-256"):
        call_command("restore", str(tampered))

    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="Not a cocopa backup"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_the_data_version_row_and_its_triggers_survive_a_restore(tmp_path):
    path = tmp_path / "cocopa.zip"
    backup.backup(path)
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("data/core.dataversion.json"))[0]["fields"]["token"]
    assert DataVersion.objects.exists()


# SQLite → PostgreSQL: a SQLite database built in a subprocess, restored into the PostgreSQL test
# database. It runs in .ci/run's PostgreSQL pass (DATABASE_URL is PostgreSQL there).
MAKE_SQLITE_BACKUP = """
import django, sys
django.setup()
from django.core.management import call_command
from cocopa.tests.test_backup import populate
call_command("migrate", verbosity=0)
populate()
call_command("backup", sys.argv[1])
"""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="restores into PostgreSQL: runs when the tests run on PostgreSQL (.ci/run's second pass)",
)
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_postgresql(tmp_path):
    path = tmp_path / "from-sqlite.zip"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cocopa.settings_test",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    made = subprocess.run(
        [sys.executable, "-c", MAKE_SQLITE_BACKUP, str(path)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert made.returncode == 0, made.stderr[-3000:]
    with zipfile.ZipFile(path) as archive:
        assert backup.read_manifest(archive)["database_vendor"] == "sqlite"

    call_command("restore", str(path), stdout=open(os.devnull, "w"))

    expected = comparable(zip_dumps(path))
    restored = comparable(backup.row_dumps())
    for label, rows in expected.items():
        assert restored[label] == rows, label
    call_command("verify_audit", stdout=open(os.devnull, "w"))
    with default_storage.open(AgendaDocument.objects.get().file.name, "rb") as handle:
        assert handle.read() == FILE_CONTENT
    assert audit.record(None, "test.after_restore").seq == AuditEvent.objects.count()
