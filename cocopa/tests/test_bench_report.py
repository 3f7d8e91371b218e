"""`make bench`'s verdict (bench/outcome.py): a part that crashes or misses a target fails the run.

Only the pure report logic: the parts themselves take minutes and need wrk and a server.
"""

import sys
from typing import Any

import pytest

from bench.outcome import Part, run_part, summary


def _crash() -> Part:
    raise RuntimeError("no such table: main.auth_user")


def _exit() -> Part:
    sys.exit("bench: gunicorn did not start")


def _fast() -> Part:
    part = Part("pages")
    part.check("members API: req/s ≥ 0.8× the floor's", True, "0.93×")
    return part


def test_a_crashed_part_fails_the_run_and_the_next_part_still_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parts = [run_part("ISTAT import", _crash), run_part("pages", _fast)]

    lines, status = summary(parts)

    assert status == 1
    assert "- ISTAT import: **FAILED**, did not finish: no such table: main.auth_user" in lines
    assert "- pages: members API: req/s ≥ 0.8× the floor's: 0.93×, met" in lines
    assert "RuntimeError: no such table" in capsys.readouterr().err  # the traceback, for whoever reads


def test_a_part_that_exits_is_a_failed_part_not_the_end_of_the_bench() -> None:
    part = run_part("pages", _exit)

    assert part.error == "bench: gunicorn did not start"
    assert summary([part])[1] == 1


def test_a_missed_target_fails_the_run_and_is_named() -> None:
    part = Part("ISTAT import")
    part.check("import_istat ≤ 2.0× the floor's time", False, "2.31×")

    lines, status = summary([part, _fast()])

    assert status == 1
    assert "- ISTAT import: import_istat ≤ 2.0× the floor's time MISSED (2.31×)" in lines


def test_a_part_that_measured_nothing_fails_the_run() -> None:
    assert summary([Part("IATI export")])[1] == 1


def test_every_target_met_passes() -> None:
    lines, status = summary([_fast()])

    assert status == 0
    assert lines[-1] == "make bench passed: every part ran and met its targets."


def test_a_part_crosses_a_process_boundary_intact() -> None:
    part = _fast()
    part.check("en: ≤ 1.5× the floor's time", False, "1.62×")

    assert Part.from_json(part.to_json()) == part


def test_a_floor_that_answered_no_request_is_a_failed_check_not_a_crash() -> None:
    from bench.run import ENDPOINTS, Load, Measured, pages_report

    silent = Load(requests=0, seconds=10.0, p50_ms=0.0, p99_ms=0.0, max_ms=0.0, non2xx=0, errors=0)
    busy = Load(requests=900, seconds=10.0, p50_ms=20.0, p99_ms=80.0, max_ms=90.0, non2xx=0, errors=0)
    first, second = ENDPOINTS[:2]
    measured = [
        Measured(endpoint=first, status=200, content="identical", same=True, real=busy, floor=silent),
        Measured(endpoint=second, status=200, content="identical", same=True, real=busy, floor=busy),
    ]
    part = Part("pages")

    pages_report(measured, part)  # raised ZeroDivisionError before
    lines, status = summary([part])

    assert status == 1
    assert (
        f"- pages: {first.label}: req/s ≥ 0.8× the floor's MISSED (the floor answered no request in 10 s)"
        in lines
    )
    assert f"- pages: {second.label}: req/s ≥ 0.8× the floor's: 1.00×, met" in lines  # the next page goes on


# ---------------------------------------------------------------- the IATI import part's verdict

MB = 2**20
FILES = {1_000: 4 * MB, 10_000: 40 * MB}


def _imported(n: int, *, seconds: float, write: float, rss: float, **changes: Any) -> dict[str, Any]:
    return {
        "activities": n,
        "created": n,
        "seconds": seconds,
        "cpu_seconds": seconds,
        "write_seconds": write,
        "write_blocks": 1,
        "plans_under_lock": 0,
        "rss_growth_mb": rss,
        **changes,
    }


def _import_verdict(measured: dict[int, dict[str, Any]]) -> tuple[list[str], list[str], int]:
    from bench.iati_import import report

    part = Part("IATI import")
    table = report(measured, FILES, part)
    lines, status = summary([part])
    return table, lines, status


def test_a_linear_import_with_a_short_write_meets_every_target() -> None:
    table, lines, status = _import_verdict(
        {
            1_000: _imported(1_000, seconds=10.0, write=2.0, rss=100.0),
            10_000: _imported(10_000, seconds=100.0, write=20.0, rss=400.0),  # 300 MB for 36 MB more file
        }
    )

    assert status == 0
    assert "| 10,000 | 40.0 MB | 100.0 s | 20.00 s | 0.20 | 0.00 s | 20.00 s of 1 | 400 MB |" in table
    assert (
        "- IATI import: peak memory growth from 1,000 to 10,000 activities ≤ 15 MB per MB of file:"
        " 8.3 MB per MB (100 → 400 MB for 36.0 MB more file), met"
    ) in lines
    assert "- IATI import: write transaction per activity at 10,000 ≤ 1.5× that at 1,000: 1.00×, met" in lines
    # The lock's absolute time is printed against a login's wait, never judged (it follows the load).
    assert any("10,000 activities: 20.0 s (MORE than the 5 s a login waits" in line for line in table)


def test_memory_that_grows_faster_than_the_file_misses_its_target() -> None:
    _table, lines, status = _import_verdict(
        {
            1_000: _imported(1_000, seconds=10.0, write=2.0, rss=100.0),
            10_000: _imported(10_000, seconds=100.0, write=20.0, rss=1_000.0),  # 25 MB per MB
        }
    )

    assert status == 1
    assert any(
        line.startswith("- IATI import: peak memory growth from 1,000 to 10,000 activities ≤ 15 MB per MB")
        and "MISSED (25.0 MB per MB" in line
        for line in lines
    )


def test_a_write_transaction_longer_than_half_the_import_misses_its_target() -> None:
    _table, lines, status = _import_verdict(
        {
            1_000: _imported(1_000, seconds=10.0, write=2.0, rss=100.0),
            10_000: _imported(10_000, seconds=100.0, write=60.0, rss=400.0),  # and 3× per activity
        }
    )

    assert status == 1
    assert (
        "- IATI import: write transaction at 10,000 activities ≤ 0.5× the whole import MISSED (0.60×)"
        in lines
    )
    assert (
        "- IATI import: write transaction per activity at 10,000 ≤ 1.5× that at 1,000 MISSED (3.00×)" in lines
    )
    assert "- IATI import: write transaction at 1,000 activities ≤ 0.5× the whole import: 0.20×, met" in lines


def test_a_plan_made_again_under_the_lock_or_a_lost_activity_fails_the_run() -> None:
    _table, lines, status = _import_verdict(
        {
            1_000: _imported(1_000, seconds=10.0, write=2.0, rss=100.0, plans_under_lock=1),
            10_000: _imported(10_000, seconds=100.0, write=20.0, rss=400.0, created=9_999),
        }
    )

    assert status == 1
    assert (
        "- IATI import: no planning under the write lock at 1,000 activities (nobody else writes)"
        " MISSED (planned 1 time(s) under the lock)"
    ) in lines
    assert (
        "- IATI import: every activity imported at 10,000 activities, in one write transaction"
        " MISSED (9,999 created, 1 write transaction(s))"
    ) in lines


def test_a_long_write_lock_after_the_commit_fails_the_run_though_the_import_s_own_is_short() -> None:
    # The search index re-indexes in its own transaction after the import commits: a lock too.
    _table, lines, status = _import_verdict(
        {
            1_000: _imported(1_000, seconds=10.0, write=2.0, rss=100.0),
            10_000: _imported(10_000, seconds=100.0, write=20.0, rss=400.0, lock_holds_seconds=[70.0, 20.0]),
        }
    )

    assert status == 1
    assert (
        "- IATI import: write transaction at 10,000 activities ≤ 0.5× the whole import: 0.20×, met" in lines
    )
    assert (
        "- IATI import: every write lock at 10,000 activities (the search index's after the commit too)"
        " ≤ 0.5× the whole import MISSED (longest 0.70× (2 write transactions))"
    ) in lines
