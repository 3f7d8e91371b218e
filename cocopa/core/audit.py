"""record(): the one way to write to the audit trail, inside the writer's transaction.

Services call it for what they do; the history signal below calls it for every saved row of
the audited apps' models, so admin edits and imports are in the chain too.
"""

import json
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from cocopa.core import chain
from cocopa.core.models import AuditChainHead, AuditEvent
from cocopa.core.roles import Actor, signed_in

HEAD_PK = 1
HEAD_TABLE = AuditChainHead._meta.db_table


def record(
    actor: Actor, verb: str, target: models.Model | None = None, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one entry to the chain; the chain head stays locked until the caller commits."""
    user = signed_in(actor)
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_name=user.get_username() if user is not None else "",
        verb=verb,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        # As the database will give it back (tuples become lists, keys strings); dates, times and
        # amounts as Django's JSON writes them (ISO 8601, Decimal as its exact string).
        data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        event.seq, event.prev_hash = _advance_head(cursor)
        event.hash = chain.digest(entry_of(event))
        event.save(force_insert=True)
        cursor.execute(f"UPDATE {HEAD_TABLE} SET hash = %s WHERE id = %s", [event.hash, HEAD_PK])
    return event


def entry_of(event: AuditEvent) -> chain.Entry:
    return chain.Entry(
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        data=event.data,
        prev_hash=event.prev_hash,
    )


def _advance_head(cursor: CursorWrapper) -> tuple[int, str]:
    """Lock the chain head and take the next seq: (that seq, the previous entry's hash).

    The UPDATE locks the row until the caller's transaction ends; a second writer's UPDATE
    waits, then sees the first one's committed seq and hash (SQLite has one writer anyway).
    Plain SQL, one statement: this runs for every audited row written.
    """
    for _attempt in range(2):
        cursor.execute(f"UPDATE {HEAD_TABLE} SET seq = seq + 1 WHERE id = %s RETURNING seq, hash", [HEAD_PK])
        row = cursor.fetchone()
        if row is not None:
            return int(row[0]), str(row[1])
        # A flushed database: start a new chain.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=HEAD_PK, seq=0, hash=chain.GENESIS)], ignore_conflicts=True
        )
    raise RuntimeError("the audit chain head cannot be created")


def verify() -> tuple[int, chain.Break | None]:
    """Walk the whole chain in seq order (streamed); how many entries, and the first break."""
    head = AuditChainHead.objects.filter(pk=HEAD_PK).values_list("seq", "hash").first()
    rows = AuditEvent.objects.order_by("seq").values_list(
        "id",
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "verb",
        "target_type",
        "target_id",
        "data",
        "prev_hash",
        "hash",
    )
    stored = (
        chain.Stored(id=row[0], entry=chain.Entry(*row[1:10]), hash=row[10])
        for row in rows.iterator(chunk_size=2000)
    )
    return chain.first_break(stored, head=head if head is not None else (0, chain.GENESIS))


def follow_history(*audited: type[models.Model]) -> None:
    """Chain the django-simple-history rows of these models (those that keep a history) into the
    audit trail. Each app calls it from its own AppConfig.ready(): core names no app above it."""
    from simple_history.signals import post_create_historical_record

    for model in audited:
        history = getattr(model, "history", None)
        if history is None:
            continue
        post_create_historical_record.connect(
            history_recorded,
            sender=history.model,
            dispatch_uid=f"core.audit.history.{model._meta.label_lower}",
        )


def history_recorded(sender: Any, instance: models.Model, history_instance: Any, **kwargs: Any) -> None:
    """simple_history's post_create_historical_record: chain a history row of an audited model.

    Only rows saved by a known user (the admin through HistoryRequestMiddleware, imports that
    name their actor): a save without one comes from a service, which records its own entry,
    or from a shell or a test. Only the changed fields' names, never values: what changed is
    in the history table.
    """
    meta = instance._meta
    user = history_instance.history_user
    if not isinstance(user, User) or not user.pk:
        return
    kind = history_instance.history_type
    data: dict[str, Any] = {"history_id": history_instance.pk}
    if kind == "~":
        previous = history_instance.prev_record
        if previous is not None:
            data["fields"] = sorted(
                change.field for change in history_instance.diff_against(previous).changes
            )
    record(
        user,
        f"history.{meta.app_label}.{meta.model_name}.{kind}",
        instance,
        data,
    )
