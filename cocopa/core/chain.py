"""The audit trail's hash chain: pure hashing and checking, no ORM.

Each entry's hash is the SHA-256 of a canonical JSON text of its content and the hash of the
entry before it, so changing, removing, reordering or inserting an entry breaks every hash
from there on. See docs/decisions/0005-audit-chain-and-backup.md.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The previous hash of the first entry.
GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    """What an audit entry's hash covers."""

    seq: int
    at: datetime
    actor_id: int | None
    actor_name: str
    verb: str
    target_type: str
    target_id: str
    data: Any
    prev_hash: str


@dataclass(frozen=True)
class Stored:
    """An entry as read back from the database, with its row id and the hash stored beside it."""

    id: int
    entry: Entry
    hash: str


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    seq: int
    id: int | None
    reason: str


def canonical(entry: Entry) -> bytes:
    """The entry as JSON with sorted keys and no whitespace; times in UTC with microseconds."""
    if entry.at.tzinfo is None:
        raise ValueError("an audit entry's time must be timezone-aware")
    content = {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(entry: Entry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def first_break(
    entries: Iterable[Stored], *, head: tuple[int, str] | None = None
) -> tuple[int, Break | None]:
    """Walk entries in seq order; return how many were read and the first break, if any.

    `head` is the (seq, hash) the chain-head row says the last entry has: a row added at the
    end, or the last rows removed, show up only against it.
    """
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for stored in entries:
        count += 1
        entry = stored.entry
        if entry.seq < expected_seq:
            return count, Break(entry.seq, stored.id, f"order altered: seq {entry.seq} again or out of order")
        if entry.seq > expected_seq:
            missing = (
                f"{expected_seq}" if entry.seq == expected_seq + 1 else f"{expected_seq}–{entry.seq - 1}"
            )
            return count, Break(expected_seq, stored.id, f"entry missing: no seq {missing} before this one")
        if entry.prev_hash != prev_hash:
            return count, Break(
                entry.seq, stored.id, "order altered: previous hash does not match the entry before"
            )
        if digest(entry) != stored.hash:
            return count, Break(entry.seq, stored.id, "content altered: hash does not match the content")
        expected_seq, prev_hash = entry.seq + 1, stored.hash
    if head is not None and head != (expected_seq - 1, prev_hash):
        last_seq = expected_seq - 1
        return count, Break(
            min(head[0], last_seq) + 1 if head[0] != last_seq else last_seq,
            None,
            f"chain end altered: the chain head says seq {head[0]}, the entries end at seq {last_seq}"
            if head[0] != last_seq
            else "chain end altered: the last entry's hash differs from the chain head's",
        )
    return count, None
