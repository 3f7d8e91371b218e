"""A process-local cache of public reads, valid while the database's data version stays the same.

Triggers on the watched tables give the one DataVersion row a new random token on every
insert, update and delete, whatever wrote it (the ORM, bulk writes, raw SQL, another app
server). A read asks for the token (one indexed row) and reuses what this process computed
under the same token; a new token empties the cache. A random token, never a counter, so that
a rolled-back write cannot bring back a token whose cached reads saw other data.
See docs/decisions/0003-statistics-cache.md.

Core names no app's table: each app whose tables cached reads are made of calls `watch()` from
its own AppConfig.ready() with those models (docs/decisions/0008-layers-and-floors.md).
"""

import threading
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_migrate

if TYPE_CHECKING:
    from django.db.models import QuerySet

TABLE = "core_dataversion"
# Reads kept per token: a few days × filters × languages × pages; past it the cache restarts.
MAX_ENTRIES = 512

_T = TypeVar("_T")
_lock = threading.Lock()
_cache: dict[Hashable, Any] = {}
_cache_token: list[str | None] = [None]


def token(*, lock: bool = False) -> str | None:
    """The current data version, or None when the row is missing (e.g. just after a flush).

    With lock=True (inside a transaction) no other writer of a watched table can commit until
    this transaction ends, so the token stays the one read: on PostgreSQL the row is locked (their
    triggers update it); on SQLite an IMMEDIATE transaction already holds the one write lock.
    An import that planned under a token checks it this way before writing its plan.
    """
    lock_clause = " FOR UPDATE" if lock and connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE} WHERE id = 1{lock_clause}")  # noqa: S608 (constants)
        row = cursor.fetchone()
    return str(row[0]) if row else None


def cached(key: Hashable, compute: Callable[[], _T]) -> _T:
    """compute(), or what it returned earlier in this process under the same data version."""
    current = token()
    if current is None:
        return compute()
    with _lock:
        if _cache_token[0] != current:
            _cache.clear()
            _cache_token[0] = current
        if key in _cache:
            return _cache[key]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        if _cache_token[0] == current:
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            _cache[key] = value
    return value


class CachedList(Generic[_T]):
    """A queryset's count and slices, each cached under its key: what Paginator and ninja need.

    The queryset is built only on a miss: building one with many annotations costs more than
    a cached read.
    """

    def __init__(self, key: Hashable, queryset: "Callable[[], QuerySet[Any]]"):
        self.key = key
        self.queryset = queryset

    def all(self) -> "CachedList[_T]":  # ninja's pagination counts with .all().count()
        return self

    def count(self) -> int:
        return cached((self.key, "count"), lambda: self.queryset().count())

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, part: int) -> _T: ...

    @overload
    def __getitem__(self, part: slice) -> list[_T]: ...

    def __getitem__(self, part: int | slice) -> _T | list[_T]:
        if isinstance(part, int):
            return self[part : part + 1][0] if part >= 0 else self[:][part]
        if part.step is not None:
            raise TypeError("slices with a step are not supported")
        return cached((self.key, part.start, part.stop), lambda: list(self.queryset()[part]))

    def __iter__(self) -> Iterator[_T]:
        return iter(self[:])


def clear() -> None:
    """Forget every cached read of this process (tests that change data behind the triggers' back)."""
    with _lock:
        _cache.clear()
        _cache_token[0] = None


def watch(app: AppConfig, *watched: type[models.Model]) -> None:
    """Keep the data version over the tables of these models of `app` (a many-to-many join table
    by its `through` model): their triggers are (re)installed after every migrate. Called by the
    app's own AppConfig.ready(); nothing is kept in core but the receiver Django's signal holds.
    """
    tables = tuple(model._meta.db_table for model in watched)

    def install(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
        install_triggers(connections[using], tables)

    post_migrate.connect(install, sender=app, weak=False, dispatch_uid=f"dataversion.{app.label}")


def install_triggers(using: BaseDatabaseWrapper, tables: tuple[str, ...]) -> None:
    """(Re)create the triggers that bump the token on `tables`; idempotent, run after every migrate.

    SQLite drops a table's triggers when a migration rebuilds the table, so they are installed
    after migrating rather than once in a migration.
    """
    existing = set(using.introspection.table_names())
    if TABLE not in existing:
        return
    with using.cursor() as cursor:
        if using.vendor == "postgresql":
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION core_bump_data_version() RETURNS trigger AS $$
                BEGIN
                  INSERT INTO {TABLE} (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
                  ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
                  RETURN NULL;
                END $$ LANGUAGE plpgsql"""
            )
        for table in tables:
            if table not in existing:
                continue
            if using.vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_bump_data_version "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION core_bump_data_version()"
                )
                continue
            for event in ("INSERT", "UPDATE", "DELETE"):
                # SQLite has row triggers only, so the cheapest statement runs for every written
                # row: an UPDATE of the one row (while it is missing nothing is cached anyway).
                name = f"{table}_bump_data_version_{event.lower()}"
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                    f"UPDATE {TABLE} SET token = lower(hex(randomblob(16))) WHERE id = 1; END"
                )
        # A fresh random token, never a fixed one: after a flush the same token must not come back.
        random = (
            "md5(random()::text || clock_timestamp()::text)"
            if using.vendor == "postgresql"
            else "lower(hex(randomblob(16)))"
        )
        cursor.execute(
            f"INSERT INTO {TABLE} (id, token) SELECT 1, {random} WHERE NOT EXISTS (SELECT 1 FROM {TABLE})"
        )
