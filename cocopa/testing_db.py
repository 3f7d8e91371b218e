"""A database state taken once and put back in milliseconds: the demo network for tests.

`load_demo()` writes its ~1,400 rows through the ORM and the services (0.7 s on SQLite, 1.2 s
on PostgreSQL); ~190 tests start from it. `capture()` runs a loader once in a transaction it
rolls back and keeps the rows the loader added, table by table; `Snapshot.restore()` writes
them back with one bulk statement per table (COPY on PostgreSQL, executemany on SQLite), with
the same ids, so foreign keys, the audit chain's hashes (they cover ids and times) and the
chain head stay as the loader left them. The inserts fire the data-version triggers like any
write (cocopa/core/dataversion.py), so cached reads never outlive the restore.
See docs/decisions/0009-test-suite-speed.md.
"""

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.utils import CursorWrapper

# Never copied: the data version must get a fresh random token (the triggers give it one),
# and the migration history is the schema's, not the data's.
SKIPPED_TABLES = frozenset({"core_dataversion", "django_migrations"})


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    # PostgreSQL: COPY text, one line per row; SQLite: rows of raw values.
    rows: bytes | tuple[tuple[Any, ...], ...]
    # True when the loader changed rows that were there before (the audit chain head): the
    # table is then emptied and written whole; otherwise the rows are added.
    replace: bool


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[Table, ...]

    def restore(self) -> None:
        """Write the captured rows into a database in the state the capture started from."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                if table.replace:
                    cursor.execute(f"DELETE FROM {_quote(table.name)}")  # noqa: S608 (introspected name)
                _write(cursor, table)
            for sql in _sequence_resets(table.name for table in self.tables):
                cursor.execute(sql)

    def is_restorable(self) -> bool:
        """True when every table the snapshot adds rows to is empty, as when it was captured."""
        added = [table.name for table in self.tables if not table.replace]
        if not added:
            return True
        probe = " UNION ALL ".join(
            f"SELECT 1 FROM (SELECT 1 FROM {_quote(name)} LIMIT 1) AS t" for name in added
        )
        with connection.cursor() as cursor:
            cursor.execute(probe)  # noqa: S608 (introspected names)
            return cursor.fetchone() is None


def capture(load: Callable[[], object]) -> Snapshot:
    """Run `load` in a transaction that is rolled back; the rows it wrote, per table."""
    names = sorted(set(connection.introspection.table_names()) - SKIPPED_TABLES)
    snapshot: Snapshot | None = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            before = {name: _read(cursor, name) for name in names}
            load()
            tables = []
            for name in names:
                columns, rows = _read(cursor, name)
                old = set(before[name][1])
                if set(rows) == old:
                    continue
                replace = not old <= set(rows)
                kept = rows if replace else tuple(row for row in rows if row not in old)
                tables.append(Table(name, columns, _pack(kept), replace))
            _refuse_references_to_prefilled(cursor, tables, {n for n in names if before[n][1]})
            snapshot = Snapshot(tuple(tables))
            raise _Rollback
    except _Rollback:
        pass
    assert snapshot is not None
    return snapshot


def _refuse_references_to_prefilled(cursor: CursorWrapper, tables: list[Table], prefilled: set[str]) -> None:
    """Rows pointing at rows that migrate wrote (content types, permissions) would point at
    nothing after a transactional test's flush renumbers those: refuse such a snapshot."""
    for table in tables:
        for column, (_, target) in connection.introspection.get_relations(cursor, table.name).items():
            if target in prefilled and target not in {t.name for t in tables if t.replace}:
                raise ValueError(
                    f"{table.name}.{column} refers to {target}, which migrate fills: not restorable"
                )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _read(cursor: CursorWrapper, table: str) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Column names and rows; rows as COPY lines on PostgreSQL, raw values on SQLite."""
    columns = tuple(c.name for c in connection.introspection.get_table_description(cursor, table))
    column_list = ", ".join(_quote(c) for c in columns)
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        with cursor.cursor.copy(f"COPY {_quote(table)} ({column_list}) TO STDOUT") as copy:
            for chunk in copy:
                buffer.write(chunk)
        return columns, tuple(line for line in buffer.getvalue().split(b"\n") if line)
    # `+column` keeps the stored value: Django's SQLite converters (dates, decimals) apply to
    # plain columns only, and writing their Python values back could change the stored text.
    cursor.execute(f"SELECT {', '.join('+' + _quote(c) for c in columns)} FROM {_quote(table)}")  # noqa: S608
    return columns, tuple(cursor.fetchall())


def _pack(rows: tuple[Any, ...]) -> bytes | tuple[tuple[Any, ...], ...]:
    if connection.vendor == "postgresql":
        return b"".join(row + b"\n" for row in rows)
    return tuple(rows)


def _write(cursor: CursorWrapper, table: Table) -> None:
    column_list = ", ".join(_quote(c) for c in table.columns)
    if isinstance(table.rows, bytes):
        with cursor.cursor.copy(f"COPY {_quote(table.name)} ({column_list}) FROM STDIN") as copy:
            copy.write(table.rows)
        return
    placeholders = ", ".join(["%s"] * len(table.columns))
    cursor.executemany(
        f"INSERT INTO {_quote(table.name)} ({column_list}) VALUES ({placeholders})",  # noqa: S608
        table.rows,
    )


def _sequence_resets(tables: Any) -> list[str]:
    """PostgreSQL: move each id sequence past the copied ids (SQLite's AUTOINCREMENT follows by itself)."""
    wanted = set(tables)
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in wanted]
    return list(connection.ops.sequence_reset_sql(no_style(), models))


# --- Migrated databases of a test's own ------------------------------------------------------------
# A few tests run the production set-up in other processes (gunicorn, the console script, a script
# of logins) on a migrated database of their own. `cocopa migrate` costs 15–60 s per database on
# the CI machine; the test database was built by that same migrate when the session started, so a
# copy of it taken then, before any test wrote to it (`keep_migrated_copy`, called by
# cocopa/conftest.py's `django_db_setup`), gives each such test a migrated database in well under
# a second: a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. Names come from the
# test database's own (one per xdist worker) and from the test's tmp_path, never fixed ones.


@dataclass(frozen=True)
class MigratedCopy:
    """Where the copy of the freshly migrated test database is: a SQLite file, or a PostgreSQL
    database (a template: nobody connects to it, so it can be copied at any time)."""

    vendor: str
    sqlite_file: Path | None = None
    postgresql_name: str | None = None


def _is_test_database() -> bool:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        # pytest-django's SQLite test database lives in memory (Django's "memorydb" URI).
        return name == ":memory:" or "mode=memory" in name
    return name.startswith("test_")


def keep_migrated_copy(directory: Path) -> MigratedCopy | None:
    """Copy the test database as migrate left it; None when there is none (no test asked for one)."""
    if connection.vendor == "sqlite":
        if not _is_test_database():
            return None
        target = directory / "migrated.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
        return MigratedCopy("sqlite", sqlite_file=target)
    if connection.vendor != "postgresql" or not _is_test_database():
        return None
    name = f"{connection.settings_dict['NAME']}_migrated"
    # CREATE DATABASE … TEMPLATE needs the source without other sessions: this process's own.
    connection.close()
    with _postgresql_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    return MigratedCopy("postgresql", postgresql_name=name)


def drop_migrated_copy(copy: MigratedCopy | None) -> None:
    if copy is not None and copy.postgresql_name:
        with _postgresql_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy.postgresql_name}" WITH (FORCE)')


@contextmanager
def migrated_database(copy: MigratedCopy | None, directory: Path) -> Iterator[str]:
    """The DATABASE_URL of a new migrated database, dropped afterwards: a copy of `copy`, or, when
    the session kept none, one `cocopa migrate` builds (as before the copies, and as slow)."""
    if connection.vendor == "sqlite":
        path = directory / "cocopa.sqlite3"
        url = f"sqlite:///{path}"
        if copy is not None and copy.sqlite_file is not None:
            # copyfile gives the new file the umask's mode, as a new file: the backend makes it 0600.
            shutil.copyfile(copy.sqlite_file, path)
        else:
            _migrate(url)
        yield url
        return
    name = f"{connection.settings_dict['NAME']}_{uuid.uuid4().hex[:12]}"
    url = _postgresql_url(name)
    with _postgresql_admin() as admin:
        if copy is not None and copy.postgresql_name:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy.postgresql_name}"')
        else:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        if copy is None or not copy.postgresql_name:
            _migrate(url)
        yield url
    finally:
        with _postgresql_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrate(url: str) -> None:
    subprocess.run(  # noqa: S603 (our own console script)
        [sys.executable, "-m", "cocopa", "migrate", "--no-input", "-v0"],
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cocopa.settings_test"},
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
    )


def _postgresql_url(name: str) -> str:
    db = connection.settings_dict
    user = quote(str(db["USER"] or ""), safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}{port}/{name}"


@contextmanager
def _postgresql_admin() -> Iterator[Any]:
    """An autocommit connection to the server's `postgres` database (CREATE/DROP DATABASE)."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or None,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        yield admin


@contextmanager
def empty_database_as_default(directory: Path) -> Iterator[None]:
    """An empty database of the suite's kind (a SQLite file in `directory`, or a new PostgreSQL
    database) as the default connection of this thread, then the test database again, and the
    empty one dropped. For a migration's test that migrates forward from nothing to the migration
    before it: a handful of migrations, where going back from the latest and forward again
    unapplies and reapplies every later one. Data migrations read the default database, so the
    new one must be the default, not an alias beside it."""
    original = connections[DEFAULT_DB_ALIAS]
    if original.vendor == "sqlite":
        name = str(directory / "empty.sqlite3")
    else:
        name = f"{original.settings_dict['NAME']}_{uuid.uuid4().hex[:12]}"
        with _postgresql_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    empty = original.__class__({**original.settings_dict, "NAME": name}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = empty
    try:
        yield
    finally:
        empty.close()
        connections[DEFAULT_DB_ALIAS] = original
        if original.vendor == "postgresql":
            with _postgresql_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
