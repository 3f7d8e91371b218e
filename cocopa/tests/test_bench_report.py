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
