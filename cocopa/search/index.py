"""Keeping the search index (SearchEntry) a faithful copy of what the public site shows.

- `rebuild()` writes it anew from kinds.KINDS: `cocopa rebuild_search_index`, the demo loader, and
  the first migrate of a database that has content (`fill_if_empty`).
- Saves and deletions of the models in kinds.WATCHED re-index the things they touch, once per
  transaction and after it commits: a write rolled back never reaches the index, and a loader
  that saves hundreds of rows re-indexes each thing once.

The index is derived data, like a cache: its writes are not audited.
"""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from cocopa.core.models import AuditEvent
from cocopa.search import fold, kinds
from cocopa.search.models import SearchEntry

BATCH = 500


def _rows(kind: str, entries: Iterable[kinds.Entry]) -> Iterable[SearchEntry]:
    for entry in entries:
        yield SearchEntry(
            kind=kind,
            object_id=entry.object_id,
            language=entry.language,
            title=entry.title[:500],
            text=entry.text,
            url=entry.url,
            date=entry.date,
            title_folded=fold.fold(entry.title)[:500],
            folded=fold.fold(f"{entry.title} {entry.text}"),
        )


def rebuild() -> int:
    """Empty the index and fill it from every kind; the number of entries written."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        written = 0
        for kind in kinds.KINDS:
            written += len(
                SearchEntry.objects.bulk_create(_rows(kind.key, kind.entries(None)), batch_size=BATCH)
            )
    return written


def reindex(kind: str, ids: Iterable[int] | None) -> None:
    """Write anew the entries of these things of one kind (none for a thing no longer public);
    of all of them when `ids` is None."""
    ids = None if ids is None else set(ids)
    if ids is not None and not ids:
        return
    # The entries are built before the write transaction opens: on SQLite a write transaction
    # holds the one write lock, and building thousands of entries inside it kept logins waiting
    # for seconds after an IATI import (bench/iati_import.py).
    rows = list(_rows(kind, kinds.KIND[kind].entries(ids)))
    with transaction.atomic():
        stale = SearchEntry.objects.filter(kind=kind)
        (stale if ids is None else stale.filter(object_id__in=ids)).delete()
        SearchEntry.objects.bulk_create(rows, batch_size=BATCH)


class _Pending:
    """The things to re-index when the current transaction commits."""

    def __init__(self) -> None:
        self.ids: dict[str, set[int]] = {}
        self.whole: set[str] = set()  # kinds to re-index whole
        self.done = False

    def __call__(self) -> None:
        self.done = True
        for kind in self.whole:
            reindex(kind, None)
        for kind, ids in self.ids.items():
            if kind not in self.whole:
                reindex(kind, ids)


def schedule(kind: str, ids: Iterable[int] | None) -> None:
    """Re-index these things of the kind (all of them when `ids` is None) after the commit."""
    if not connection.in_atomic_block:
        reindex(kind, ids)
        return
    # The pending set of this transaction is the _Pending among its on-commit callbacks; a
    # rolled-back transaction takes its callbacks, and so its set, with it.
    # Each entry is (savepoint ids, callback, robust); django-stubs still know only the first two.
    callbacks = (entry[1] for entry in connection.run_on_commit)
    pending = next((f for f in callbacks if isinstance(f, _Pending) and not f.done), None)
    if pending is None:
        pending = _Pending()
        transaction.on_commit(pending)
    if ids is None:
        pending.whole.add(kind)
    else:
        pending.ids.setdefault(kind, set()).update(ids)


def connect_signals() -> None:
    for model, kind, touched in kinds.WATCHED:

        def changed(
            sender: Any, instance: Any, *, kind: str = kind, touched: Any = touched, **kw: Any
        ) -> None:
            if kw.get("raw"):  # loaddata: the rows may not be complete yet; rebuild afterwards
                return
            schedule(kind, touched(instance))

        post_save.connect(
            changed, sender=model, weak=False, dispatch_uid=f"search:{model._meta.label}:{kind}"
        )
        post_delete.connect(
            changed, sender=model, weak=False, dispatch_uid=f"search:{model._meta.label}:{kind}:d"
        )
    post_save.connect(_imported, sender=AuditEvent, dispatch_uid="search:imports")


def _imported(sender: Any, instance: AuditEvent, *, created: bool = False, **kw: Any) -> None:
    """A bulk import (kinds.BULK_IMPORTS) re-indexes its whole kind after the commit."""
    kind = kinds.BULK_IMPORTS.get(instance.verb)
    if created and kind:
        schedule(kind, None)


def fill_if_empty(**kwargs: Any) -> None:
    """After migrate: build the index of a database whose content came before the index did.
    Nothing while a searched app's tables are missing (`migrate search` alone)."""
    needed = {model._meta.db_table for model, _kind, _touched in kinds.WATCHED} | {SearchEntry._meta.db_table}
    if needed <= set(connection.introspection.table_names()) and not SearchEntry.objects.exists():
        rebuild()
