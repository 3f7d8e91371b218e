"""One zip holding every row (Django's serialisers) and every uploaded file; restore into an empty database.

The zip has `manifest.json` (format, versions, database vendor, time, row counts per model and
the SHA-256 of every other part), `data/<app_label.model>.json` per model and `media/<name>` per
file a FileField refers to. Primary keys are kept, so foreign keys, the audit chain (whose
hashes cover actor ids) and history rows come back as they were; content types and permissions
go by natural key, because the target database numbers them itself when it migrates.
See docs/decisions/0005-audit-chain-and-backup.md.
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import django
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

from cocopa.core.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
# Rows `cocopa migrate` itself writes; restore overwrites or completes them.
MIGRATE_MADE = ("contenttypes.contenttype", "auth.permission", "core.dataversion", "core.auditchainhead")
NATURAL = (ContentType, Permission)
# Written first so that natural keys resolve; the data version last, after the triggers fired.
FIRST = ("contenttypes.contenttype", "auth.permission")
LAST = ("core.dataversion",)


class BackupError(DomainError):
    """A backup that cannot be restored here; nothing was written."""


@dataclass(frozen=True)
class Summary:
    rows: int
    models: int
    files: int


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


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model Django manages, in restore order."""
    found = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
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


def backup(path: Path) -> Summary:
    """Write the zip from one consistent snapshot of the database."""
    connection = connections[DEFAULT_DB_ALIAS]
    parts: dict[str, str] = {}
    counts: dict[str, int] = {}
    missing: list[str] = []
    outer = connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if connection.vendor == "postgresql" and not outer:  # every table as of one moment
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backed_up_models():
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
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    return Summary(rows=sum(counts.values()), models=len(counts), files=len(parts) - len(counts))


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
    if manifest.get("format") != FORMAT:
        raise BackupError("backup_format", f"Backup format {manifest.get('format')!r} is not {FORMAT}.")
    names = set(archive.namelist()) - {MANIFEST}
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


def restore(path: Path) -> Summary:
    """Load a backup into this (migrated, empty) database and storage, all or nothing."""
    connection = connections[DEFAULT_DB_ALIAS]
    with zipfile.ZipFile(path) as archive:
        manifest = read_manifest(archive)
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
    return Summary(rows=loaded, models=len(manifest["counts"]), files=len(media))


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
