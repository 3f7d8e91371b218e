"""The hash chain's pure part: canonical form, digest and the walk that finds the first break."""

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from cocopa.core import chain

AT = dt.datetime(2026, 2, 3, 10, 11, 12, 123456, tzinfo=dt.UTC)


def entry(seq: int, prev_hash: str, **fields) -> chain.Entry:
    base = {
        "seq": seq,
        "at": AT,
        "actor_id": 7,
        "actor_name": "office",
        "verb": "fees.payment_recorded",
        "target_type": "fees.Payment",
        "target_id": str(seq),
        "data": {"amount": "12.00", "b": [1, 2]},
        "prev_hash": prev_hash,
    }
    return chain.Entry(**{**base, **fields})


def build(n: int) -> list[chain.Stored]:
    out, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        e = entry(seq, prev)
        prev = chain.digest(e)
        out.append(chain.Stored(id=100 + seq, entry=e, hash=prev))
    return out


def test_the_canonical_form_sorts_keys_drops_whitespace_and_keeps_microseconds_in_utc():
    rome = dt.timezone(dt.timedelta(hours=1))
    text = chain.canonical(entry(1, chain.GENESIS, at=AT.astimezone(rome), data={"z": 1, "a": "è"})).decode()
    assert '"at":"2026-02-03T10:11:12.123456Z"' in text
    assert '"data":{"a":"è","z":1}' in text
    assert " " not in text.replace("office", "")


def test_the_digest_is_sha256_hex_and_depends_on_every_field():
    e = entry(1, chain.GENESIS)
    assert len(chain.digest(e)) == 64
    changes: dict[str, Any] = {
        "seq": 2,
        "at": AT + dt.timedelta(microseconds=1),
        "actor_id": None,
        "actor_name": "x",
        "verb": "v",
        "target_type": "t",
        "target_id": "9",
        "data": {"amount": "12.01", "b": [1, 2]},
        "prev_hash": "f" * 64,
    }
    for field, value in changes.items():
        assert chain.digest(replace(e, **{field: value})) != chain.digest(e), field


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        chain.canonical(entry(1, chain.GENESIS, at=AT.replace(tzinfo=None)))


def test_an_intact_chain_has_no_break():
    rows = build(5)
    assert chain.first_break(rows, head=(5, rows[-1].hash)) == (5, None)
    assert chain.first_break([], head=(0, chain.GENESIS)) == (0, None)


def test_an_altered_content_is_reported_at_its_seq():
    rows = build(5)
    rows[2] = replace(rows[2], entry=replace(rows[2].entry, data={"amount": "1.00"}))
    _, broken = chain.first_break(rows)
    assert broken is not None
    assert (broken.seq, broken.id) == (3, 103)
    assert broken.reason.startswith("content altered")


def test_a_missing_entry_is_reported():
    rows = build(5)
    del rows[1]
    _, broken = chain.first_break(rows)
    assert broken is not None
    assert broken.seq == 2
    assert "missing" in broken.reason


def test_swapped_entries_are_reported_as_reordered():
    rows = build(5)
    a, b = rows[1], rows[2]
    rows[1] = replace(b, entry=replace(b.entry, seq=2))
    rows[2] = replace(a, entry=replace(a.entry, seq=3))
    _, broken = chain.first_break(rows)
    assert broken is not None
    assert broken.seq == 2
    assert broken.reason.startswith("order altered")


def test_a_duplicate_seq_is_reported():
    rows = build(3)
    rows.insert(2, rows[1])
    _, broken = chain.first_break(rows)
    assert broken is not None
    assert broken.seq == 2


def test_entries_added_or_removed_at_the_end_are_reported_against_the_head():
    rows = build(5)
    _, appended = chain.first_break(rows, head=(4, rows[3].hash))
    assert appended is not None
    assert appended.seq == 5
    _, truncated = chain.first_break(rows[:3], head=(5, rows[-1].hash))
    assert truncated is not None
    assert truncated.seq == 4
    _, replaced = chain.first_break(rows, head=(5, "e" * 64))
    assert replaced is not None
    assert replaced.seq == 5
