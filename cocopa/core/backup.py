"""One zip holding every row (Django's serialisers) and every uploaded file; restore into an empty database.

The zip has `manifest.json` (format, versions, database vendor, time, row counts per model and
the SHA-256 of every other part), `data/<app_label.model>.json` per model and `media/<name>` per
file a FileField refers to. Primary keys are kept, so foreign keys, the audit chain (whose
hashes cover actor ids) and history rows come back as they were; content types and permissions
go by natural key, because the target database numbers them itself when it migrates.
See docs/decisions/0005-audit-chain-and-backup.md.

A backup is a secret (docs/decisions/0013-backups-as-secrets-and-second-factor-for-staff-writes.md):
the file is created with mode 0600; sessions (whose keys log in, second factor included) are never
in it, so users log in again after a restore; TOTP keys only in an encrypted backup
(`--encrypt`: the zip sealed with Fernet under a key derived from a passphrase with scrypt).
Restore refuses, writing nothing, an unmigrated or non-empty database, unsafe part names and
a wrong passphrase.
"""

import base64
import hashlib
import io
import json
import os
import re
import secrets
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import django
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor

from cocopa.core.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
# Rows `cocopa migrate` itself writes; restore overwrites or completes them.
MIGRATE_MADE = ("contenttypes.contenttype", "auth.permission", "core.dataversion", "core.auditchainhead")
NATURAL = (ContentType, Permission)
# Written first so that natural keys resolve; the data version last, after the triggers fired.
FIRST = ("contenttypes.contenttype", "auth.permission")
LAST = ("core.dataversion",)
# Never backed up: a session key logs in as its user, with the second factor it confirmed.
NEVER = ("sessions.session",)
# The TOTP keys (a second factor's secret): only in an encrypted backup.
ENCRYPTED_ONLY = ("otp_totp.totpdevice",)

# An encrypted backup: this line, one line of JSON (the key derivation's parameters), then the
# zip as one Fernet token (AES-128-CBC with HMAC-SHA256: a wrong passphrase or a changed byte is
# refused, never decrypted into garbage).
MAGIC = b"COCOPA-ENCRYPTED-BACKUP 1\n"
# scrypt's cost as OWASP's password storage cheat sheet recommends (2^17, 8, 1: 128 MiB, ~0.3 s).
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
MIN_PASSPHRASE = 12
PRIVATE = 0o600
_DATA_PART = re.compile(r"data/[a-z0-9_]+\.[a-z0-9_]+\.json")


class BackupError(DomainError):
    """A backup that cannot be restored here; nothing was written."""


@dataclass(frozen=True)
class Summary:
    rows: int
    models: int
    files: int
    with_totp_keys: bool = False


class _Encoder(DjangoJSONEncoder):
    """Datetimes and times with their microseconds (DjangoJSONEncoder keeps milliseconds only)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONSerializer):
    """Natural keys only for references to content types and permissions; ids everywhere else."""

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = issubclass(field.related_model, NATURAL)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = issubclass(field.related_model, NATURAL)
        super().handle_m2m_field(obj, field)


def backed_up_models(*, with_secrets: bool = True) -> list[type[models.Model]]:
    """Every concrete model Django manages but sessions, in restore order; the TOTP keys only
    `with_secrets` (an encrypted backup)."""
    left_out = NEVER if with_secrets else NEVER + ENCRYPTED_ONLY
    found = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
        and model._meta.label_lower not in left_out
    ]
    return sorted(found, key=lambda m: _restore_order(m._meta.label_lower))


def dump(model: type[models.Model]) -> bytes:
    """One model's rows as JSON, in primary-key order."""
    stream = io.StringIO()
    _Serializer().serialize(
        model._default_manager.order_by("pk").iterator(chunk_size=2000),
        stream=stream,
        cls=_Encoder,
        use_natural_primary_keys=issubclass(model, NATURAL),
        indent=None,
    )
    return stream.getvalue().encode()


def _file_names() -> Iterator[str]:
    """Every file name any FileField (history tables included) refers to, once."""
    seen: set[str] = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                for name in model._default_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                ):
                    if name and name not in seen:
                        seen.add(name)
                        yield name


def backup(path: Path, *, passphrase: str | None = None) -> Summary:
    """Write the zip (sealed with `passphrase` if given) from one consistent snapshot of the
    database, into a file only its owner can read."""
    if passphrase is not None:
        check_passphrase(passphrase)
        buffer = io.BytesIO()
        summary = _backup_zip(buffer, with_secrets=True)
        _write_private(path, lambda handle: handle.write(encrypt(buffer.getvalue(), passphrase)))
    else:
        summaries: list[Summary] = []
        _write_private(path, lambda handle: summaries.append(_backup_zip(handle, with_secrets=False)))
        summary = summaries[0]
    return summary


def _write_private(path: Path, write: Any) -> None:
    """Write through a new file of mode 0600 beside `path`, then rename it over `path`: the
    backup is never readable by others, and a failed backup leaves no half-written file."""
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


@contextmanager
def _snapshot(connection: Any) -> Iterator[None]:
    """Every read below sees the database as of one moment, and no writer waits for it.

    PostgreSQL: a REPEATABLE READ READ ONLY transaction. SQLite: Django's atomic() would start
    `BEGIN IMMEDIATE` (the settings' transaction mode), which takes the write lock for the whole
    backup, so logins failed with "database is locked". A deferred transaction that only reads is
    a snapshot in WAL mode and lets writers go on.
    """
    if connection.in_atomic_block:  # the caller's transaction is the snapshot
        yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")  # nothing was written: it only ends the snapshot
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def _backup_zip(target: Any, *, with_secrets: bool) -> Summary:
    connection = connections[DEFAULT_DB_ALIAS]
    parts: dict[str, str] = {}
    counts: dict[str, int] = {}
    missing: list[str] = []
    left_out = sorted(NEVER if with_secrets else NEVER + ENCRYPTED_ONLY)
    with _snapshot(connection), zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model in backed_up_models(with_secrets=with_secrets):
            label = model._meta.label_lower
            counts[label] = model._default_manager.count()
            _write(archive, parts, f"data/{label}.json", dump(model))
        for name in _file_names():
            if not default_storage.exists(name):
                missing.append(name)
                continue
            with default_storage.open(name, "rb") as handle:
                _write(archive, parts, f"media/{name}", handle.read())
        manifest = {
            "format": FORMAT,
            "app_version": _app_version(),
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "created_at": datetime.now(UTC).isoformat(),
            "counts": counts,
            "parts": parts,
            "missing_files": missing,
            "left_out": left_out,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    return Summary(
        rows=sum(counts.values()),
        models=len(counts),
        files=len(parts) - len(counts),
        with_totp_keys=with_secrets,
    )


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(
            "backup_passphrase_short",
            f"The passphrase must have at least {MIN_PASSPHRASE} characters. Nothing was written.",
        )


def _fernet(passphrase: str, salt: bytes, params: dict[str, int]) -> Fernet:
    key = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(
        passphrase.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(content: bytes, passphrase: str) -> bytes:
    salt = secrets.token_bytes(16)
    header = {"kdf": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()}
    token = _fernet(passphrase, salt, SCRYPT).encrypt(content)
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + token


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def decrypt(sealed: bytes, passphrase: str) -> bytes:
    try:
        header_line, token = sealed[len(MAGIC) :].split(b"\n", 1)
        header = json.loads(header_line)
        params = {name: int(header[name]) for name in ("n", "r", "p")}
        salt = base64.b64decode(header["salt"])
        if header.get("kdf") != "scrypt" or params["n"] > 2**20 or params["r"] > 16 or params["p"] > 4:
            raise ValueError(header)
    except (ValueError, KeyError, TypeError) as err:
        raise BackupError(
            "backup_unreadable", "Not a cocopa backup: the encrypted file's header is damaged."
        ) from err
    try:
        return _fernet(passphrase, salt, params).decrypt(token)
    except InvalidToken as err:
        raise BackupError(
            "backup_passphrase_wrong",
            "The passphrase is wrong, or the encrypted backup was changed. Nothing was written.",
        ) from err


def _write(archive: zipfile.ZipFile, parts: dict[str, str], name: str, content: bytes) -> None:
    archive.writestr(name, content)
    parts[name] = hashlib.sha256(content).hexdigest()


def _app_version() -> str:
    try:
        return version("cocopa")
    except PackageNotFoundError:
        return "unknown"


def non_empty_tables() -> list[str]:
    """The models holding rows other than those `migrate` writes (m2m tables included)."""
    return [
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in MIGRATE_MADE
        and model._default_manager.exists()
    ]


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, after checking that every part is present and unchanged."""
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as err:
        raise BackupError(
            "backup_unreadable", f"Not a cocopa backup: {MANIFEST} is missing or unreadable."
        ) from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError("backup_format", f"Backup format {found!r} is not {FORMAT}.")
    if not (
        isinstance(manifest.get("parts"), dict)
        and isinstance(manifest.get("counts"), dict)
        and all(isinstance(v, str) for v in manifest["parts"].values())
        and all(isinstance(v, int) for v in manifest["counts"].values())
    ):
        raise BackupError("backup_unreadable", f"Not a cocopa backup: {MANIFEST} lacks its parts or counts.")
    names = set(archive.namelist()) - {MANIFEST}
    lacking = sorted(label for label in manifest["counts"] if f"data/{label}.json" not in manifest["parts"])
    if lacking:
        raise BackupError(
            "backup_tampered", f"The manifest counts rows of {lacking} but has no part for them."
        )
    for name in sorted(
        names | set(manifest["parts"]) | {f"data/{label}.json" for label in manifest["counts"]}
    ):
        if not is_safe_part(name):
            raise BackupError(
                "backup_unsafe_path",
                f"Backup part {name!r} has an unsafe name (absolute, `..`, backslash or control "
                "character): refused. Nothing was written.",
            )
    if names != set(manifest["parts"]):
        extra, lost = sorted(names - set(manifest["parts"])), sorted(set(manifest["parts"]) - names)
        raise BackupError(
            "backup_tampered", f"Backup parts differ from the manifest: extra {extra}, missing {lost}."
        )
    for name, expected in manifest["parts"].items():
        if hashlib.sha256(archive.read(name)).hexdigest() != expected:
            raise BackupError(
                "backup_tampered", f"Backup part {name} does not match its SHA-256 in the manifest."
            )
    return manifest


def is_safe_part(name: str) -> bool:
    """`data/<app.model>.json`, or `media/` and a relative path that stays inside the storage."""
    if _DATA_PART.fullmatch(name):
        return True
    if not name.startswith("media/"):
        return False
    parts = name.removeprefix("media/").split("/")
    return not (
        "\\" in name
        or ":" in parts[0]
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(char) < 32 or ord(char) == 127 for char in name)
    )


def _open(path: Path, passphrase: str | None) -> zipfile.ZipFile:
    if is_encrypted(path):
        if passphrase is None:
            raise BackupError(
                "backup_passphrase_needed",
                "This backup is encrypted: give its passphrase (COCOPA_BACKUP_PASSPHRASE). "
                "Nothing was written.",
            )
        source: Any = io.BytesIO(decrypt(path.read_bytes(), passphrase))
    else:
        source = path
    try:
        return zipfile.ZipFile(source)
    except zipfile.BadZipFile as err:
        raise BackupError("backup_unreadable", f"Not a cocopa backup: {path} is not a zip file.") from err


def restore(path: Path, *, passphrase: str | None = None) -> Summary:
    """Load a backup into this (migrated, empty) database and storage, all or nothing."""
    connection = connections[DEFAULT_DB_ALIAS]
    _refuse_unless_migrated(connection)
    with _open(path, passphrase) as archive:
        manifest = read_manifest(archive)
        # Backups made before sessions were left out still hold them: never loaded.
        manifest["counts"] = {k: v for k, v in manifest["counts"].items() if k not in NEVER}
        unknown = sorted(set(manifest["counts"]) - {m._meta.label_lower for m in backed_up_models()})
        if unknown:
            raise BackupError(
                "backup_unknown_models",
                f"This version has no tables for {', '.join(unknown)}: migrate or upgrade.",
            )
        media = {name.removeprefix("media/"): name for name in manifest["parts"] if name.startswith("media/")}
        written: list[str] = []
        try:
            with transaction.atomic():
                _refuse_unless_empty()
                _refuse_clashing_files(archive, media)
                loaded = _load(connection, archive, manifest)
                _check_counts(manifest["counts"])
                for name, part in media.items():
                    if not default_storage.exists(name):
                        saved = default_storage.save(name, ContentFile(archive.read(part)))
                        written.append(saved)
                        if saved != name:
                            raise BackupError(
                                "backup_file_renamed", f"The storage renamed {name} to {saved}."
                            )
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return Summary(
        rows=loaded,
        models=len(manifest["counts"]),
        files=len(media),
        with_totp_keys=not set(ENCRYPTED_ONLY) & set(manifest.get("left_out", [])),
    )


def _refuse_unless_migrated(connection: Any) -> None:
    """Before anything else: on an unmigrated database every later step would end in a traceback."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BackupError(
            "database_not_migrated",
            f"The database is not migrated ({len(pending)} migrations not applied): run "
            "`cocopa migrate` first, then restore. Nothing was written.",
        )


def _refuse_unless_empty() -> None:
    full = non_empty_tables()
    if full:
        shown = ", ".join(full[:5]) + (f" and {len(full) - 5} more" if len(full) > 5 else "")
        raise BackupError(
            "database_not_empty",
            f"The database is not empty ({shown} hold rows): restore only into a new database "
            "on which `cocopa migrate` has been run. Nothing was written.",
        )


def _refuse_clashing_files(archive: zipfile.ZipFile, media: dict[str, str]) -> None:
    for name, part in media.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if handle.read() != archive.read(part):
                    raise BackupError(
                        "media_not_empty",
                        f"A different file {name} is already in the media storage. Nothing was written.",
                    )


def _load(connection: Any, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> int:
    loaded = 0
    restored: list[type[models.Model]] = []
    with connection.constraint_checks_disabled():
        for label in sorted(manifest["counts"], key=_restore_order):
            content = archive.read(f"data/{label}.json").decode()
            for obj in serializers.deserialize("json", content, handle_forward_references=False):
                obj.save()
                loaded += 1
            restored.append(apps.get_model(label))
    # As loaddata does: foreign keys checked once everything is in, sequences past the highest id.
    connection.check_constraints(table_names=[m._meta.db_table for m in restored])
    through = [
        table
        for model in restored
        for field in model._meta.local_many_to_many
        if (table := field.remote_field.through) is not None and table._meta.auto_created
    ]
    sql = connection.ops.sequence_reset_sql(no_style(), restored + through)
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
    return loaded


def _restore_order(label: str) -> tuple[bool, bool, int]:
    return (label not in FIRST, label in LAST, FIRST.index(label) if label in FIRST else 0)


def _check_counts(expected: dict[str, int]) -> None:
    for label, count in expected.items():
        actual = apps.get_model(label)._default_manager.count()
        # migrate may have made content types and permissions the backup did not have
        if actual != count and not (label in MIGRATE_MADE[:2] and actual > count):
            raise BackupError(
                "backup_counts", f"{label}: {actual} rows after restoring, the backup has {count}."
            )


def row_dumps(labels: Iterable[str] | None = None) -> dict[str, list[Any]]:
    """Every model's rows as parsed JSON (for comparing two databases)."""
    chosen = set(labels) if labels is not None else None
    return {
        m._meta.label_lower: json.loads(dump(m))
        for m in backed_up_models()
        if chosen is None or m._meta.label_lower in chosen
    }
