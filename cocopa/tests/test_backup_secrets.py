"""Backups are secrets (issue 12, points 6 and 8; docs/decisions/0013).

Files of mode 0600; no session (a session key logs in, second factor included) in any backup;
TOTP keys only in an encrypted one; restore refuses, with a message and writing nothing, an
unmigrated database, unsafe part names and a wrong passphrase; a backup does not hold SQLite's
write lock, so logins go on during it.
"""

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.core import backup
from cocopa.tests.test_otp import current_code

PASSPHRASE = "correct horse battery staple"
QUIET = {"stdout": open(os.devnull, "w")}  # noqa: SIM115


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def all_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


@pytest.fixture
def world_readable_umask():
    """As on most servers: files are created 0644 unless the code says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


# ---- 0600 ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_backup_file_is_readable_by_its_owner_only(tmp_path, world_readable_umask):
    path = tmp_path / "cocopa.zip"
    path.write_bytes(b"an older backup, once world-readable")
    path.chmod(0o644)

    call_command("backup", str(path), **QUIET)

    assert mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["cocopa.zip"]  # no part file left behind


@pytest.mark.django_db
def test_an_encrypted_backup_file_is_readable_by_its_owner_only(tmp_path, world_readable_umask):
    path = tmp_path / "cocopa.enc"
    backup.backup(path, passphrase=PASSPHRASE)
    assert mode(path) == 0o600


# ---- no live session, TOTP keys only encrypted ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
@override_settings(COCOPA_REQUIRE_STAFF_OTP=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_session_key_from_a_backup_opens_nothing_after_a_restore(client, tmp_path):
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    client.post(reverse("otp-verify"), {"token": current_code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200
    session_key = client.session.session_key
    path = tmp_path / "cocopa.zip"

    call_command("backup", str(path), **QUIET)

    content = all_bytes(path)
    assert session_key.encode() not in content
    assert device.key.encode() not in content  # the TOTP key: only in an encrypted backup
    with zipfile.ZipFile(path) as archive:
        manifest = backup.read_manifest(archive)
    assert "sessions.session" not in manifest["counts"]
    assert manifest["left_out"] == ["otp_totp.totpdevice", "sessions.session"]

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path), **QUIET)

    assert not Session.objects.exists()
    replayed = client.get("/admin/")  # the same cookie as before
    assert replayed.status_code == 302
    assert "/login/" in replayed["Location"]
    assert User.objects.get(username="admin").check_password("pw")  # users log in again
    assert not TOTPDevice.objects.exists()  # and staff enrol again, by invitation


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_keeps_the_totp_keys_and_needs_its_passphrase(tmp_path, monkeypatch):
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    path = tmp_path / "cocopa.enc"
    monkeypatch.setenv("COCOPA_BACKUP_PASSPHRASE", PASSPHRASE)

    call_command("backup", str(path), "--encrypt", **QUIET)

    sealed = path.read_bytes()
    assert sealed.startswith(backup.MAGIC)
    assert device.key.encode() not in sealed
    assert b"manifest.json" not in sealed
    assert b"admin" not in sealed
    call_command("flush", interactive=False, verbosity=0)

    monkeypatch.setenv("COCOPA_BACKUP_PASSPHRASE", "a wrong passphrase, long enough")
    with pytest.raises(CommandError, match="passphrase is wrong"):
        call_command("restore", str(path), **QUIET)
    assert not User.objects.exists()

    monkeypatch.setenv("COCOPA_BACKUP_PASSPHRASE", PASSPHRASE)
    call_command("restore", str(path), **QUIET)
    assert TOTPDevice.objects.get(user__username="admin").key == device.key


@pytest.mark.django_db
def test_a_short_passphrase_or_none_on_a_script_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "cocopa.enc"
    monkeypatch.setenv("COCOPA_BACKUP_PASSPHRASE", "short")
    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command("backup", str(path), "--encrypt", **QUIET)
    monkeypatch.delenv("COCOPA_BACKUP_PASSPHRASE")
    with pytest.raises(CommandError, match="COCOPA_BACKUP_PASSPHRASE"):
        call_command("backup", str(path), "--encrypt", **QUIET)
    assert not path.exists()


# ---- restore refuses, writing nothing -----------------------------------------------------------


def archive_with(path: Path, parts: dict[str, bytes], counts: dict[str, int]) -> Path:
    """A zip whose manifest matches its parts (hashes and all), as a hand-made attack would."""
    manifest = {
        "format": backup.FORMAT,
        "counts": counts,
        "parts": {name: hashlib.sha256(content).hexdigest() for name, content in parts.items()},
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr(backup.MANIFEST, json.dumps(manifest))
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["media/../../escaped.txt", "media//etc/passwd", "media/a\\..\\..\\b", "media/C:/x", "../data.json"],
)
def test_an_archive_with_unsafe_paths_is_refused(tmp_path, name):
    users = [{"model": "auth.user", "pk": 90, "fields": {"username": "intruder", "password": "x"}}]
    path = archive_with(
        tmp_path / "evil.zip",
        {"data/auth.user.json": json.dumps(users).encode(), name: b"owned"},
        {"auth.user": 1},
    )

    with pytest.raises(CommandError, match="unsafe name"):
        call_command("restore", str(path), **QUIET)

    assert not User.objects.exists()
    assert not default_storage.exists("escaped.txt")
    assert not (tmp_path.parent / "escaped.txt").exists()


@pytest.mark.django_db
def test_a_manifest_counting_rows_without_a_part_is_refused(tmp_path):
    path = archive_with(tmp_path / "odd.zip", {}, {"auth.user": 3})
    with pytest.raises(CommandError, match="no part for them"):
        call_command("restore", str(path), **QUIET)


@pytest.mark.django_db
def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    with pytest.raises(CommandError, match="not a zip file"):
        call_command("restore", str(path), **QUIET)


# The real command line, on a new SQLite file nobody migrated: an exit code and a message, no
# traceback, and the file still holds no table.
def run_cocopa(
    *args: str, database: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cocopa.settings_test",
        "PYTHONPATH": os.pathsep.join(sys.path),
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "cocopa", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db
def test_restoring_into_an_unmigrated_database_is_refused_without_a_traceback(tmp_path, world_readable_umask):
    path = tmp_path / "cocopa.zip"
    backup.backup(path)
    database = tmp_path / "new.sqlite3"

    done = run_cocopa("restore", str(path), database=database)

    assert done.returncode == 1, done.stderr
    assert "not migrated" in done.stderr
    assert "cocopa migrate" in done.stderr
    assert "Traceback" not in done.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    assert mode(database) == 0o600  # created by cocopa's SQLite backend


# ---- the SQLite file, and logins during a backup -------------------------------------------------

CONCURRENT_LOGINS = """
import json, os, sys, threading, time
from pathlib import Path
import django
django.setup()
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from cocopa.core import backup

LOGINS = 8
# The file is a copy of a migrated database, readable by all (the umask's mode): cocopa's SQLite
# backend makes it, and the -wal and -shm files SQLite creates beside it, private on connecting.
for i in range(LOGINS):
    User.objects.create_user(f"user{i}", password="pw")
User.objects.create_user("warm", password="pw")
# The first request imports every view and template: not what is measured.
assert Client().post("/accounts/login/", {"username": "warm", "password": "pw"}).status_code == 302
connections.close_all()

reading, logins_done = threading.Event(), threading.Event()
real_dump = backup.dump

def held_dump(model):
    # The backup stops after its first table, inside its snapshot, until every login is done:
    # the logins certainly run while the backup reads.
    content = real_dump(model)
    if not reading.is_set():
        reading.set()
        logins_done.wait(60)
    return content

backup.dump = held_dump
outcome = {"errors": [], "seconds": []}

def run_backup():
    try:
        outcome["backup"] = backup.backup(Path(sys.argv[1])).rows
    except Exception as err:
        outcome["backup"] = repr(err)
    finally:
        connections.close_all()

def log_in(i):
    started = time.monotonic()
    try:
        response = Client().post("/accounts/login/", {"username": f"user{i}", "password": "pw"})
        if response.status_code != 302:
            outcome["errors"].append(response.status_code)
    except Exception as err:
        outcome["errors"].append(repr(err)[:200])
    finally:
        outcome["seconds"].append(time.monotonic() - started)
        connections.close_all()

writer = threading.Thread(target=run_backup)
writer.start()
assert reading.wait(60)
logins = [threading.Thread(target=log_in, args=(i,)) for i in range(LOGINS)]
for thread in logins:
    thread.start()
for thread in logins:
    thread.join()
logins_done.set()
writer.join()
database = Path(sys.argv[2])
outcome["modes"] = {
    p.name: oct(p.stat().st_mode & 0o777) for p in database.parent.iterdir() if p.name.startswith(database.name)
}
outcome["backup_mode"] = oct(Path(sys.argv[1]).stat().st_mode & 0o777)
print(json.dumps(outcome))
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's write lock; PostgreSQL readers never lock"
)
def test_logins_go_on_during_a_backup_and_the_sqlite_files_are_private(
    world_readable_umask, migrated_database_url, tmp_path
):
    """On a SQLite file in WAL mode, as `make run` serves: 8 logins while a backup reads. The file
    is a migrated one, readable by others (a new file made 0600 by the backend: the test above)."""
    database = tmp_path / "cocopa.sqlite3"
    assert migrated_database_url == f"sqlite:///{database}"
    assert mode(database) == 0o644
    env = {
        **os.environ,
        "DATABASE_URL": migrated_database_url,
        "DJANGO_SETTINGS_MODULE": "cocopa.settings_test",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    done = subprocess.run(
        [sys.executable, "-c", CONCURRENT_LOGINS, str(tmp_path / "cocopa.zip"), str(database)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])

    assert outcome["errors"] == []
    assert isinstance(outcome["backup"], int)
    assert len(outcome["seconds"]) == 8
    assert max(outcome["seconds"]) < 3
    assert outcome["modes"]["cocopa.sqlite3"] == "0o600"
    assert set(outcome["modes"].values()) == {"0o600"}  # -wal and -shm too
    assert outcome["backup_mode"] == "0o600"
