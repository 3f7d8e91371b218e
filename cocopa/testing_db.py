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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
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
