"""`make bench`: the public endpoints' latency and the ISTAT import time, each against its floor.

See bench/README.md for what is measured and why. Everything runs on loopback, in a temporary
folder that is removed at the end; the report goes to bench/results/latest.md.
"""

import datetime as dt
import html
import json
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.outcome import Part, run_part
from bench.processes import get, serve

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results" / "latest.md"

MEMBERS = 8_500  # Mayors for Peace's size
INITIATIVES = 10_000  # the cooperation pages' scale in the issue
CLIENTS = 20
WARMUP_SECONDS = 3
MEASURE_SECONDS = 10
IMPORT_ROUNDS = 3
# Targets are ratios to a floor measured in the same run, back to back: an absolute time says
# more about what else the two shared cores were doing than about the code.
TARGET_RATE_RATIO = 0.8  # requests per second ≥ 0.8 × the floor's
TARGET_P99_RATIO = 1.2  # p99 ≤ 1.2 × the floor's
TARGET_IMPORT_RATIO = 2.0  # import_istat's time ≤ 2 × the raw floor's

# wrk calls done() once at the end of a run: one JSON line with what the report needs.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, "non2xx": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Endpoint:
    label: str
    path: str
    floor: str
    compare: str  # how its content is checked against the floor's: "rows" (HTML) or "json"


ENDPOINTS = (
    Endpoint("members page", "/members/", "/floor/members/", "rows"),
    Endpoint("members API", "/api/v1/members", "/floor/api/members", "json"),
    Endpoint("statistics API", "/api/v1/statistics", "/floor/api/statistics", "json"),
)

# The pages cache their content (ADR 0003) while their floors build it on every request.
COOPERATION = (
    Endpoint("map GeoJSON", "/cooperation/places.geojson", "/floor/cooperation/places.geojson", "json"),
    Endpoint("cooperation overview", "/cooperation/", "/floor/cooperation/", "rows"),
)


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    non2xx: int
    errors: int


@dataclass(frozen=True)
class Measured:
    endpoint: Endpoint
    status: int
    content: str
    same: bool  # the content check passed
    real: Load | None
    floor: Load

    @property
    def rate_ratio(self) -> float:
        assert self.real is not None
        return (self.real.requests / self.real.seconds) / (self.floor.requests / self.floor.seconds)

    @property
    def p99_ratio(self) -> float:
        assert self.real is not None
        return self.real.p99_ms / self.floor.p99_ms


def say(text: str) -> None:
    print(text, flush=True)


class StepFailed(Exception):
    """A command of the bench failed; the message ends with its output."""


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StepFailed(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def build(env: dict[str, str]) -> None:
    """A fresh database: migrations, the demo network (profile, capital, size classes), 8,500 members."""
    cocopa = str(BIN / "cocopa")
    run([cocopa, "migrate", "--noinput", "-v0"], env)
    run([cocopa, "load_demo"], env)
    run([sys.executable, "-m", "bench.build", str(MEMBERS), str(INITIATIVES)], env)
    run([cocopa, "collectstatic", "--noinput", "-v0"], env)


def wrk(port: int, path: str, seconds: int, script: Path) -> Load:
    args = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script)]
    done = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=False
    )
    line = next((x for x in reversed(done.stdout.splitlines()) if x.startswith("{")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"bench: wrk failed on {path}:\n{done.stdout}{done.stderr}")
    r = json.loads(line)
    return Load(
        requests=r["requests"],
        seconds=r["duration_us"] / 1e6,
        p50_ms=r["p50_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        max_ms=r["max_us"] / 1000,
        non2xx=r["non2xx"],
        errors=r["errors"],
    )


def measure(port: int, path: str, script: Path) -> Load:
    wrk(port, path, WARMUP_SECONDS, script)
    load = wrk(port, path, MEASURE_SECONDS, script)
    # wrk leaves up to CLIENTS requests behind in the workers and the listen queue: let the
    # server finish them, so that they do not count against what is measured next.
    time.sleep(min(load.max_ms / 1000, 30))
    return load


def _json_difference(real: Any, floor: Any, where: str = "") -> str:
    """Where two JSON values first differ, or '' when they are equal."""
    if isinstance(real, dict) and isinstance(floor, dict):
        for key in sorted(set(real) | set(floor)):
            if key not in real or key not in floor:
                return f"{where}.{key} only in the {'floor' if key in floor else 'endpoint'}"
            found = _json_difference(real[key], floor[key], f"{where}.{key}")
            if found:
                return found
        return ""
    if isinstance(real, list) and isinstance(floor, list):
        if len(real) != len(floor):
            return f"{where}: {len(real)} items, the floor {len(floor)}"
        for i, (a, b) in enumerate(zip(real, floor, strict=True)):
            found = _json_difference(a, b, f"{where}[{i}]")
            if found:
                return found
        return ""
    return "" if real == floor else f"{where or 'body'}: {real!r} ≠ floor {floor!r}"


def same_content(endpoint: Endpoint, real: bytes, floor: bytes) -> tuple[bool, str]:
    """Whether the endpoint's response holds its floor's content, and how it compares."""
    if endpoint.compare == "json":
        try:
            difference = _json_difference(json.loads(real), json.loads(floor))
        except ValueError:
            return False, "the endpoint's response is not JSON"
        return (True, "identical JSON") if not difference else (False, f"differs at {difference}")
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", floor.decode())
    page = html.unescape(real.decode())
    shown = sum(1 for name, _population in rows if html.unescape(name) in page)
    return bool(rows) and shown == len(rows), f"{shown} of the floor's {len(rows)} names on the page"


def measure_endpoints(port: int, script: Path, endpoints: tuple[Endpoint, ...] = ENDPOINTS) -> list[Measured]:
    results = []
    for endpoint in endpoints:
        status, body = get(port, endpoint.path)
        floor_status, floor_body = get(port, endpoint.floor)
        if floor_status != 200:
            sys.exit(f"bench: the floor {endpoint.floor} answered {floor_status}:\n{floor_body[:2000]!r}")
        same, content = (
            same_content(endpoint, body, floor_body) if status == 200 else (False, f"HTTP {status}")
        )
        say(f"  {endpoint.label}: {endpoint.path} answers {status}; {content}")
        floor = measure(port, endpoint.floor, script)
        real = measure(port, endpoint.path, script) if status == 200 else None
        results.append(Measured(endpoint, status, content, same, real, floor))
    return results


def import_rounds(env: dict[str, str], tmp: Path) -> list[dict[str, Any]]:
    """Each round in a new process, on a new copy of an empty migrated database."""
    data = Path(env["COCOPA_SHARED_DATA"]) / "istat" / "comuni.json"
    if not data.is_file():
        raise StepFailed(f"{data} is missing (set COCOPA_SHARED_DATA)")
    template = tmp / "template.sqlite3"
    run(
        [str(BIN / "cocopa"), "migrate", "--noinput", "-v0"], {**env, "DATABASE_URL": f"sqlite:///{template}"}
    )
    with sqlite3.connect(template) as con:
        con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy
    con.close()
    rounds = []
    for _ in range(IMPORT_ROUNDS):
        out = run([sys.executable, "-m", "bench.istat", str(data), str(template), str(tmp)], env)
        result = json.loads(out.strip().splitlines()[-1])
        if "error" in result["django"]:
            raise StepFailed(result["django"]["error"])
        rounds.append(result)
    return rounds


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _rate(load: Load) -> str:
    return f"{load.requests / load.seconds:.0f}" if load.requests and load.seconds > 0 else "0"


def no_answer(load: Load, who: str) -> str | None:
    """Why `load` gives no rate to compare with (a ratio would divide by zero), or None.

    Under load on shared cores a floor or an endpoint can answer nothing in the measured
    seconds; that is a failed check with its reason, not a ZeroDivisionError ending the part.
    """
    if load.requests <= 0:
        return f"{who} answered no request in {load.seconds:.0f} s"
    if load.seconds <= 0 or load.p99_ms <= 0:
        return (
            f"{who} measured no time ({load.requests} requests in {load.seconds:g} s, p99 {load.p99_ms:g} ms)"
        )
    return None


def pages_report(measured: list[Measured], part: Part) -> list[str]:
    """The latency table; each page's targets go to `part`."""
    lines = [
        f"## Pages under {CLIENTS} concurrent clients (wrk, {MEASURE_SECONDS} s after a {WARMUP_SECONDS} s warm-up)",
        "",
        f"Targets, for every page: requests per second ≥ {TARGET_RATE_RATIO}× its floor's, p99 ≤"
        f" {TARGET_P99_RATIO}× its floor's p99, the floor's content, and no error under load."
        " The milliseconds are printed for reading, not judged: on shared cores they follow the load.",
        "",
        "| endpoint | p50 | p99 | floor p50 | floor p99 | req/s | floor req/s | req/s ratio | p99 ratio"
        " | content vs floor |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in measured:
        f, label = m.floor, m.endpoint.label
        part.check(f"{label}: the floor's content", m.same, m.content)
        if m.real is None:
            lines.append(
                f"| {label} `{m.endpoint.path}` | — | — | {_ms(f.p50_ms)} | {_ms(f.p99_ms)} | — | {_rate(f)}"
                f" | — | — | not measured: HTTP {m.status} |"
            )
            continue
        r = m.real
        unmeasured = no_answer(f, "the floor") or no_answer(r, "the page")
        if unmeasured:
            lines.append(
                f"| {label} `{m.endpoint.path}` | {_ms(r.p50_ms)} | {_ms(r.p99_ms)} | {_ms(f.p50_ms)}"
                f" | {_ms(f.p99_ms)} | {_rate(r)} | {_rate(f)} | — | — | not compared: {unmeasured} |"
            )
            part.check(f"{label}: req/s ≥ {TARGET_RATE_RATIO}× the floor's", False, unmeasured)
            part.check(f"{label}: p99 ≤ {TARGET_P99_RATIO}× the floor's", False, unmeasured)
            continue
        lines.append(
            f"| {label} `{m.endpoint.path}` | {_ms(r.p50_ms)} | {_ms(r.p99_ms)} | {_ms(f.p50_ms)} | {_ms(f.p99_ms)}"
            f" | {_rate(r)} | {_rate(f)} | {m.rate_ratio:.2f}× | {m.p99_ratio:.2f}× | {m.content} |"
        )
        part.check(
            f"{label}: req/s ≥ {TARGET_RATE_RATIO}× the floor's",
            m.rate_ratio >= TARGET_RATE_RATIO,
            f"{m.rate_ratio:.2f}×",
        )
        part.check(
            f"{label}: p99 ≤ {TARGET_P99_RATIO}× the floor's",
            m.p99_ratio <= TARGET_P99_RATIO,
            f"{m.p99_ratio:.2f}×",
        )
        errors = sum(load.non2xx + load.errors for load in (r, f))
        part.check(
            f"{label}: no error under load",
            not errors,
            f"{r.non2xx} non-2xx and {r.errors} socket errors; the floor {f.non2xx} and {f.errors}",
        )
    return lines


def import_report(rounds: list[dict[str, Any]], part: Part) -> list[str]:
    """The import table; its targets go to `part`."""
    django_s = [r["django"]["seconds"] for r in rounds]
    raw_s = [r["raw"]["seconds"] for r in rounds]
    ratio = statistics.median(django_s) / statistics.median(raw_s)
    last = rounds[-1]
    written = (last["django"]["authorities"], last["django"]["figures"])
    floor_written = (last["raw"]["authorities"], last["raw"]["figures"])
    part.check(
        "the floor writes the import's rows", written == floor_written, f"{written} and {floor_written}"
    )
    part.check(
        f"import_istat ≤ {TARGET_IMPORT_RATIO}× the floor's time",
        ratio <= TARGET_IMPORT_RATIO,
        f"{ratio:.2f}×",
    )
    return [
        "## ISTAT import (7,904 municipalities and their 2011 population)",
        "",
        f"Target: import_istat ≤ {TARGET_IMPORT_RATIO}× the raw sqlite3 executemany floor (medians of {IMPORT_ROUNDS}).",
        "",
        "| | median | rounds | rows written (authorities, figures) |",
        "|---|---|---|---|",
        f"| import_istat | {statistics.median(django_s):.3f} s | {', '.join(f'{s:.3f}' for s in django_s)}"
        f" | {written[0]}, {written[1]} |",
        f"| raw executemany | {statistics.median(raw_s):.3f} s | {', '.join(f'{s:.3f}' for s in raw_s)}"
        f" | {floor_written[0]}, {floor_written[1]} |",
        "",
        f"Ratio: {ratio:.2f}× the floor. import_istat returned {last['django']['summary']}.",
    ]


def _commit() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def measure_pages(env: dict[str, str], workers: int, tmp: Path, *, only_cooperation: bool) -> list[Measured]:
    started = time.monotonic()
    say(f"Building a network of {MEMBERS:,} members plus the demo network in {tmp} …")
    build(env)
    say(f"  built in {time.monotonic() - started:.0f} s")
    say(f"Serving it with gunicorn ({workers} sync workers); measuring:")
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    with serve(env, tmp / "gunicorn.log", workers=workers, ready="/floor/members/", who="bench") as port:
        endpoints = COOPERATION if only_cooperation else ENDPOINTS + COOPERATION
        return measure_endpoints(port, script, endpoints)


def main(*, only_cooperation: bool = False) -> list[Part]:
    """The pages and the ISTAT import, or with only_cooperation (`python -m bench cooperation`) the
    cooperation pages: one part each, each failing on its own (the import runs if the pages fail)."""
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    workers = 2 * cores + 1
    tmp = Path(tempfile.mkdtemp(prefix="cocopa-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(REPO),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'network.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "WARNING",
        "COCOPA_SHARED_DATA": os.environ.get("COCOPA_SHARED_DATA", str(REPO.parent / "shared" / "data")),
    }
    sections: list[str] = []
    pages = Part("cooperation pages" if only_cooperation else "pages")

    def measure_and_report_pages() -> Part:
        if shutil.which("wrk") is None:
            raise StepFailed("wrk is missing: apt-get install wrk (make bench does it when run as root).")
        measured = measure_pages(env, workers, tmp, only_cooperation=only_cooperation)
        sections.extend(["", *pages_report(measured, pages)])
        return pages

    istat = Part("ISTAT import")

    def measure_and_report_import() -> Part:
        say(f"Timing the ISTAT import, {IMPORT_ROUNDS} rounds …")
        sections.extend(["", *import_report(import_rounds(env, tmp), istat)])
        return istat

    try:
        parts = [run_part(pages.name, measure_and_report_pages)]
        if not only_cooperation:
            parts.append(run_part(istat.name, measure_and_report_import))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        "# cocopa benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}",
        f"- commit: {_commit()}",
        f"- machine: {cores} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}",
        f"- server: gunicorn, {workers} sync workers (2 × cores + 1), DEBUG off, the real settings and middleware",
        f"- load average (1 min) at start and end: {load_before:.1f}, {os.getloadavg()[0]:.1f}"
        " (anything else running on the machine shifts the absolute figures; ratios are taken back to back)",
        f"- data: the demo network plus {MEMBERS:,} synthetic member municipalities (cocopa.testing.make_members)"
        f" and {INITIATIVES:,} synthetic initiatives (cocopa.cooperation.testing.make_portfolio)",
        f"- bench time: {time.monotonic() - started:.0f} s",
        *sections,
    ]
    lines += [f"\n{part.name}: did not finish: {part.error}" for part in parts if part.error]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    say("")
    say("\n".join(lines))
    say(f"\n(written to {RESULTS.relative_to(REPO)})")
    return parts
