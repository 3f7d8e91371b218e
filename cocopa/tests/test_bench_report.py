"""`make bench`'s verdict (bench/outcome.py): a part that crashes or misses a target fails the run.

Only the pure report logic: the parts themselves take minutes and need wrk and a server.
"""

import sys

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
