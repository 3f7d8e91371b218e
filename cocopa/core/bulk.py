"""Inserting many new rows, with their history rows, in a write transaction that stays short.

An import plans its new rows as unsaved model instances whose foreign keys may point at other
unsaved instances (a new initiative's budgets). Django's bulk_create (and simple-history's
bulk_create_with_history) turns instances into SQL while the transaction holds the write lock:
for the 38,000 rows of 1,000 IATI activities that took about 9 s on SQLite, while every login
waited for the lock. Here the values are made ready before the transaction (`prepare`); under the
lock (`write`) only the ids are handed out, the foreign keys to new rows filled in and one
prepared statement per table run. See docs/decisions/0012-imports-plan-then-write.md.

Ids are taken from the table's own sequence: on PostgreSQL with nextval() (safe beside other
writers), on SQLite past the largest id ever given (sqlite_sequence), which is safe because the
transaction holds SQLite's one write lock (transaction_mode IMMEDIATE in settings.py).

On SQLite even those statements took 6 s under the lock for the 460,000 rows of 10,000 IATI
activities (history rows included): more than the 5 s a login waits. So there the rows are also
staged before the lock (`stage`): written into TEMP tables of the same connection (SQLite's temp
database is the connection's own and takes no lock on the main file), each row numbered from 1 and
each foreign key to a new row written as minus its number. Under the lock one INSERT … SELECT per
table and per history table copies them, adding the table's first free id: 0.7 s for those rows.
"""

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models.deletion import Collector
from simple_history.utils import get_history_model_for_model


@dataclass
class _Table:
    model: type[models.Model]
    objs: list[models.Model] = field(default_factory=list)
    columns: list["models.Field[Any, Any]"] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    # (row, column index, the new parent whose id goes there once it has one)
    links: list[tuple[list[Any], int, models.Model]] = field(default_factory=list)
    ignore_conflicts: bool = False  # e.g. a link row that may exist already
    staged: str = ""  # the TEMP table holding the rows (SQLite), once staged


class NewRows:
    """New rows of several models, inserted parents first (the order models are first added in)."""

    _names = itertools.count(1)

    def __init__(self) -> None:
        self.tables: dict[type[models.Model], _Table] = {}
        self.prepared = False

    def add(self, obj: models.Model, *, ignore_conflicts: bool = False) -> None:
        table = self.tables.setdefault(type(obj), _Table(type(obj)))
        table.ignore_conflicts = table.ignore_conflicts or ignore_conflicts
        table.objs.append(obj)

    def add_all(self, objs: Iterable[models.Model], *, ignore_conflicts: bool = False) -> None:
        for obj in objs:
            self.add(obj, ignore_conflicts=ignore_conflicts)

    def count(self) -> int:
        return sum(len(t.objs) for t in self.tables.values())

    def prepare(self) -> None:
        """The values of every row as the database stores them, without a transaction."""
        new = {id(obj) for t in self.tables.values() for obj in t.objs}
        for table in self.tables.values():
            meta = table.model._meta
            table.columns = [f for f in meta.concrete_fields if not f.primary_key]
            for obj in table.objs:
                row: list[Any] = []
                for f in table.columns:
                    parent = f.get_cached_value(obj, None) if f.is_relation else None  # type: ignore[attr-defined]
                    if parent is not None and id(parent) in new and parent.pk is None:
                        table.links.append((row, len(row), parent))
                        row.append(None)
                    else:
                        # pre_save as Django's insert does (e.g. a modeltranslation field's value)
                        row.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
                table.rows.append(row)
        self.prepared = True

    def write(self, *, user_id: int | None, reason: str, at: dt.datetime) -> None:
        """Insert every row and a "+" history row for each; call inside the write transaction."""
        if not self.prepared:
            self.prepare()
        if any(t.staged for t in self.tables.values()):
            self._write_staged(user_id=user_id, reason=reason, at=at)
            return
        for table in self.tables.values():
            for obj, pk in zip(table.objs, _new_ids(table.model, len(table.objs)), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
        for table in self.tables.values():
            for row, index, parent in table.links:
                row[index] = parent.pk
            for obj, row in zip(table.objs, table.rows, strict=True):
                for f, value in zip(table.columns, row, strict=True):
                    if f.is_relation and value is not None:
                        setattr(obj, f.attname, value)  # the instance agrees with its row
            key = table.model._meta.pk
            assert key is not None
            names = [key.column, *(f.column for f in table.columns)]
            values = [(obj.pk, *row) for obj, row in zip(table.objs, table.rows, strict=True)]
            _insert(table.model._meta.db_table, names, values, ignore_conflicts=table.ignore_conflicts)
            _record_history(
                table.model, "+", pks=[obj.pk for obj in table.objs], user_id=user_id, reason=reason, at=at
            )

    def stage(self) -> None:
        """On SQLite, the prepared rows into TEMP tables, before the write lock (module docstring).

        Outside a transaction the temp database's writes take no lock on the main file; inside one
        (a plan made again under the lock) they are part of it. Elsewhere, nothing to do."""
        if connection.vendor != "sqlite":
            return
        if not self.prepared:
            self.prepare()
        quote = connection.ops.quote_name
        number = {id(obj): i for t in self.tables.values() for i, obj in enumerate(t.objs, 1)}
        own = not connection.in_atomic_block
        with connection.cursor() as cursor:
            if own:
                cursor.execute("BEGIN")  # DEFERRED: only the temp database is written
            try:
                for table in self.tables.values():
                    if not table.objs:
                        continue
                    name = f"cocopa_stage_{next(self._names)}"
                    meta = table.model._meta
                    assert meta.pk is not None
                    columns = [meta.pk.column, *(f.column for f in table.columns)]
                    cursor.execute(
                        f"CREATE TEMP TABLE {quote(name)} AS SELECT {', '.join(quote(c) for c in columns)} "  # noqa: S608 (names from models)
                        f"FROM {quote(meta.db_table)} WHERE 0"
                    )
                    values = [[k, *row] for k, row in enumerate(table.rows, 1)]
                    at = {id(row): k for k, row in enumerate(table.rows)}
                    for row, index, parent in table.links:
                        values[at[id(row)]][index + 1] = -number[id(parent)]
                    cursor.executemany(
                        f"INSERT INTO {quote(name)} VALUES ({', '.join(['%s'] * len(columns))})",  # noqa: S608
                        values,
                    )
                    table.staged = name
                if own:
                    cursor.execute("COMMIT")
            except BaseException:
                if own:
                    cursor.execute("ROLLBACK")
                self.drop_staged()
                raise

    def drop_staged(self) -> None:
        """Forget the TEMP tables (a plan made again, or written)."""
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.staged:
                    cursor.execute(f"DROP TABLE IF EXISTS temp.{connection.ops.quote_name(table.staged)}")
                    table.staged = ""

    def _write_staged(self, *, user_id: int | None, reason: str, at: dt.datetime) -> None:
        """Under the lock: per table one INSERT … SELECT from its TEMP table, ids offset."""
        quote = connection.ops.quote_name
        first: dict[type[models.Model], int] = {}  # the id before the table's first new row
        for table in self.tables.values():
            ids = _new_ids(table.model, len(table.objs))
            first[table.model] = ids[0] - 1 if ids else 0
        parent_of: dict[type[models.Model], dict[int, type[models.Model]]] = {}
        for table in self.tables.values():
            parents = parent_of.setdefault(table.model, {})
            for _row, index, parent in table.links:
                parents.setdefault(index, type(parent))
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if not table.staged:
                    continue
                meta = table.model._meta
                assert meta.pk is not None
                offset = first[table.model]
                picks = {meta.pk.column: f"{quote(meta.pk.column)} + {offset}"}
                for index, f in enumerate(table.columns):
                    parent_model = parent_of[table.model].get(index)
                    column = quote(f.column)
                    picks[f.column] = (
                        f"CASE WHEN {column} < 0 THEN {first[parent_model]} - {column} ELSE {column} END"
                        if parent_model is not None
                        else column
                    )
                names = list(picks)
                verb = "INSERT OR IGNORE" if table.ignore_conflicts else "INSERT"
                cursor.execute(
                    f"{verb} INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in names)}) "  # noqa: S608
                    f"SELECT {', '.join(picks.values())} FROM temp.{quote(table.staged)} ORDER BY 1"
                )
                # The history rows copied from the rows just written: ids offset+1 … offset+n.
                _record_history(
                    table.model,
                    "+",
                    id_range=(offset, offset + len(table.objs)),
                    user_id=user_id,
                    reason=reason,
                    at=at,
                )
        # The instances are made to agree with their rows (ids, and their new parents' ids) after
        # the commit: half a million attribute writes in Python need not hold the lock. Nothing
        # reads them in between: the write is the import's last step under the lock.
        # The TEMP tables go after the commit too: dropped inside the transaction, a rollback
        # would bring them back (the caller drops them then, with drop_staged).
        self._first = first
        if connection.in_atomic_block:
            transaction.on_commit(self._settle)
            transaction.on_commit(self.drop_staged)
        else:
            self._settle()
            self.drop_staged()

    def _settle(self) -> None:
        for table in self.tables.values():
            offset = self._first[table.model]
            for k, obj in enumerate(table.objs, 1):
                obj.pk = offset + k
                obj._state.adding = False
                obj._state.db = connection.alias
        for table in self.tables.values():
            attnames = [f.attname for f in table.columns]
            obj_of = {id(row): obj for obj, row in zip(table.objs, table.rows, strict=True)}
            for row, index, parent in table.links:
                row[index] = parent.pk
                setattr(obj_of[id(row)], attnames[index], parent.pk)


class ChangedRows:
    """Existing rows to update, each with a "~" history row, their values made ready before the lock.

    `Model.save(update_fields=…)` per row spent about 1.2 ms under the lock, most of it in
    simple-history's post_save (12 s for the 10,000 activities of a changed file). Here, under the
    lock, one prepared UPDATE per table and set of fields, and the history rows copied from the
    updated rows by one INSERT … SELECT per table and chunk of ids. No post_save is sent: the
    caller schedules what follows a change (the IATI import's audit event re-indexes the search).
    """

    def __init__(self) -> None:
        # (model, fields) -> [(obj, values)]
        self.groups: dict[
            tuple[type[models.Model], tuple[str, ...]], list[tuple[models.Model, list[Any]]]
        ] = {}
        self.prepared = False

    def add(self, obj: models.Model, fields: Iterable[str]) -> None:
        assert obj.pk is not None
        self.groups.setdefault((type(obj), tuple(sorted(set(fields)))), []).append((obj, []))

    def count(self) -> int:
        return sum(len(rows) for rows in self.groups.values())

    def prepare(self) -> None:
        """Each row's new values as the database stores them, without a transaction."""
        for (model, names), rows in self.groups.items():
            fields = [model._meta.get_field(n) for n in names]
            for obj, values in rows:
                values[:] = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]  # type: ignore[union-attr]
        self.prepared = True

    def write(self, *, user_id: int | None, reason: str, at: dt.datetime) -> None:
        """Update every row and add its "~" history row; call inside the write transaction."""
        if not self.prepared:
            self.prepare()
        quote = connection.ops.quote_name
        updated: dict[type[models.Model], list[Any]] = {}
        with connection.cursor() as cursor:
            for (model, names), rows in self.groups.items():
                meta = model._meta
                assert meta.pk is not None
                columns = [str(meta.get_field(n).column) for n in names]  # type: ignore[union-attr]
                cursor.executemany(
                    f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(c)} = %s' for c in columns)} "  # noqa: S608 (names from models)
                    f"WHERE {quote(meta.pk.column)} = %s",
                    [(*values, obj.pk) for obj, values in rows],
                )
                updated.setdefault(model, []).extend(obj.pk for obj, _values in rows)
        for model, pks in updated.items():
            _record_history(model, "~", pks=sorted(set(pks)), user_id=user_id, reason=reason, at=at)


class Deletions:
    """Rows to delete, with what cascades from them, each with a "-" history row.

    Django's delete sends post_delete for every row, and simple-history answers each with a saved
    history row: 15 s under the lock for the 20,000 budgets of a changed file of 10,000
    activities. Here the rows (and their cascades, by Django's own Collector) are found before
    the lock, reading only; under it, per table and chunk of ids, one INSERT … SELECT copies them
    into the history table and one DELETE removes them. No post_delete is sent (the caller
    schedules what follows). A deletion that would set foreign keys to NULL elsewhere is left to
    Django's delete, which does that.
    """

    def __init__(self) -> None:
        self.pks: dict[type[models.Model], list[Any]] = {}
        self.plan: list[tuple[type[models.Model], list[Any]]] | None = None
        self.fast: list[Any] = []  # querysets Django would delete without loading them
        self.by_django = False

    def add(self, model: type[models.Model], pks: Iterable[Any]) -> None:
        self.pks.setdefault(model, []).extend(pks)

    def prepare(self) -> None:
        collector = Collector(using=connection.alias, origin=None)
        for model, pks in self.pks.items():
            for start in range(0, len(pks), _CHUNK):
                collector.collect(list(model._default_manager.filter(pk__in=pks[start : start + _CHUNK])))
        if collector.field_updates:
            self.by_django = True
            self.plan = []
            return
        collector.sort()
        self.fast = list(collector.fast_deletes)
        self.plan = [(model, sorted(obj.pk for obj in objs)) for model, objs in collector.data.items()]

    def write(self, *, user_id: int | None, reason: str, at: dt.datetime) -> None:
        """Copy each row into its history table and delete it; call inside the write transaction."""
        if self.plan is None:
            self.prepare()
        if self.by_django:
            for model, pks in self.pks.items():
                for start in range(0, len(pks), _CHUNK):
                    model._default_manager.filter(pk__in=pks[start : start + _CHUNK]).delete()
            return
        assert self.plan is not None
        for qs in self.fast:
            qs._raw_delete(using=connection.alias)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, pks in self.plan:
                meta = model._meta
                assert meta.pk is not None
                for start in range(0, len(pks), _CHUNK):
                    chunk = pks[start : start + _CHUNK]
                    _record_history(model, "-", pks=chunk, user_id=user_id, reason=reason, at=at)
                    cursor.execute(
                        f"DELETE FROM {quote(meta.db_table)} "  # noqa: S608 (names from models)
                        f"WHERE {quote(meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )


def _record_history(
    model: type[models.Model],
    kind: str,
    *,
    pks: Sequence[Any] = (),
    id_range: tuple[int, int] | None = None,
    user_id: int | None,
    reason: str,
    at: dt.datetime,
) -> None:
    """The history rows of `kind` ("+" added, "~" changed, "-" about to be deleted) of these rows
    (`pks`, or the ids in `id_range`, low exclusive, high inclusive), copied from the table as the
    rows are now: one way for every bulk write, on both databases."""
    history = _history_model(model)
    if history is None:
        return
    meta = model._meta
    assert meta.pk is not None
    key = connection.ops.quote_name(meta.pk.column)
    sql, params = _history_copy(model, history, user_id=user_id, reason=reason, at=at, kind=kind)
    with connection.cursor() as cursor:
        if id_range is not None:
            cursor.execute(f"{sql} WHERE {key} > %s AND {key} <= %s ORDER BY {key}", [*params, *id_range])
            return
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start : start + _CHUNK]
            cursor.execute(
                f"{sql} WHERE {key} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY {key}", [*params, *chunk]
            )


def _history_copy(
    model: type[models.Model],
    history: type[models.Model],
    *,
    user_id: int | None,
    reason: str,
    at: dt.datetime,
    kind: str,
) -> tuple[str, list[Any]]:
    """`INSERT INTO history … SELECT … FROM table` (a WHERE to add): history rows of `kind`
    ("~" changed, "-" deleted) copied from the rows as they are now."""
    quote = connection.ops.quote_name
    own = {f.column for f in model._meta.concrete_fields}
    constants = _history_constants(history, user_id=user_id, reason=reason, at=at) | {"history_type": kind}
    columns, selects, params = [], [], []
    for hf in history._meta.concrete_fields:
        if hf.attname == "history_id":
            continue
        columns.append(quote(hf.column))
        if hf.column in own:
            selects.append(quote(hf.column))
        else:
            selects.append("%s")
            params.append(constants[hf.attname])
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 (names from models)
        f"SELECT {', '.join(selects)} FROM {quote(model._meta.db_table)}"
    )
    return sql, params


_CHUNK = 500  # ids per statement: SQLite bounds the parameters of one statement


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    try:
        return get_history_model_for_model(model)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 (simple-history raises a bare Exception for a model without history)
        return None


def _history_constants(
    history: type[models.Model], *, user_id: int | None, reason: str, at: dt.datetime
) -> dict[str, Any]:
    """The values every "+" history row of one write shares, as the database stores them."""
    return {
        "history_date": history._meta.get_field("history_date").get_db_prep_save(at, connection),  # type: ignore[union-attr]
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user_id,
    }


def _new_ids(model: type[models.Model], n: int) -> list[int]:
    if n == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk.column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({quote(pk.column)}) FROM {quote(table)}), 0))",
            [table],
        )
        last = int(cursor.fetchone()[0])
    return list(range(last + 1, last + 1 + n))


def _insert(
    table: str, columns: Sequence[str], values: Sequence[Sequence[Any]], *, ignore_conflicts: bool = False
) -> None:
    if not values:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (names from models)
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"  # PostgreSQL and SQLite (3.24+) alike
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
