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
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from simple_history.utils import get_history_model_for_model


@dataclass
class _Table:
    model: type[models.Model]
    objs: list[models.Model] = field(default_factory=list)
    columns: list["models.Field[Any, Any]"] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    # (row, column index, the new parent whose id goes there once it has one)
    links: list[tuple[list[Any], int, models.Model]] = field(default_factory=list)


class NewRows:
    """New rows of several models, inserted parents first (the order models are first added in)."""

    def __init__(self) -> None:
        self.tables: dict[type[models.Model], _Table] = {}
        self.prepared = False

    def add(self, obj: models.Model) -> None:
        self.tables.setdefault(type(obj), _Table(type(obj))).objs.append(obj)

    def add_all(self, objs: Iterable[models.Model]) -> None:
        for obj in objs:
            self.add(obj)

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
            _insert(table.model._meta.db_table, names, values)
            self._history(table, user_id=user_id, reason=reason, at=at)

    def _history(self, table: _Table, *, user_id: int | None, reason: str, at: dt.datetime) -> None:
        try:
            history = get_history_model_for_model(table.model)
        except Exception:  # noqa: BLE001 (simple-history raises a bare Exception for a model without history)
            return
        at_db = history._meta.get_field("history_date").get_db_prep_save(at, connection)
        constants = {
            "history_date": at_db,
            "history_change_reason": reason,
            "history_type": "+",
            "history_user_id": user_id,
        }
        position = {f.attname: i for i, f in enumerate(table.columns)}
        pk = table.model._meta.pk
        assert pk is not None
        columns: list[str] = []
        picks: list[tuple[str, Any]] = []
        for f in history._meta.concrete_fields:
            if f.attname == "history_id":
                continue
            columns.append(f.column)
            if f.attname == pk.attname:
                picks.append(("pk", None))
            elif f.attname in position:
                picks.append(("row", position[f.attname]))
            else:
                picks.append(("constant", constants[f.attname]))
        values = [
            tuple(obj.pk if how == "pk" else row[what] if how == "row" else what for how, what in picks)
            for obj, row in zip(table.objs, table.rows, strict=True)
        ]
        _insert(history._meta.db_table, columns, values)


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


def _insert(table: str, columns: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
    if not values:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (names from models)
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
