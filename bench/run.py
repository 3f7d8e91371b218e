"""`make bench`: the public endpoints' latency and the ISTAT import time, each against its floor.

See bench/README.md for what is measured and why. Everything runs on loopback, in a temporary
folder that is removed at the end; the report goes to bench/results/latest.md.
"""

import datetime as dt
import html
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results" / "latest.md"

MEMBERS = 8_500  # Mayors for Peace's size
INITIATIVES = 10_000  # the cooperation pages' scale in the issue
CLIENTS = 20
WARMUP_SECONDS = 3
MEASURE_SECONDS = 10
IMPORT_ROUNDS = 3
TARGET_P99_RATIO = 1.5
TARGET_P99_MS = 50.0
TARGET_IMPORT_RATIO = 2.0

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

# The issue sets them the absolute target only; their floors build the content on every request.
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
    real: Load | None
    floor: Load


def say(text: str) -> None:
    print(text, flush=True)


class StepFailed(Exception):
    """A command of the bench failed; the message ends with its output."""


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StepFailed(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def build(env: dict[str, str]) -> None:
    """A fresh database: migrations, the demo network (profile, capital, size classes), 8,500 members."""
    cocopa = str(BIN / "cocopa")
    run([cocopa, "migrate", "--noinput", "-v0"], env)
    run([cocopa, "load_demo"], env)
    run([sys.executable, "-m", "bench.build", str(MEMBERS), str(INITIATIVES)], env)
    run([cocopa, "collectstatic", "--noinput", "-v0"], env)


@contextmanager
def serve(env: dict[str, str], workers: int, log: Path) -> Iterator[int]:
    port = free_port()
    args = [str(BIN / "gunicorn"), "cocopa.wsgi", "-b", f"127.0.0.1:{port}", "--workers", str(workers)]
    args += ["--no-control-socket", "--error-logfile", str(log), "--log-level", "warning"]
    server = subprocess.Popen(args, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/floor/members/")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"bench: gunicorn did not start; see its log:\n{log.read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


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


def same_content(endpoint: Endpoint, real: bytes, floor: bytes) -> str:
    """How the endpoint's response compares with its floor's."""
    if endpoint.compare == "json":
        try:
            difference = _json_difference(json.loads(real), json.loads(floor))
        except ValueError:
            return "the endpoint's response is not JSON"
        return "identical JSON" if not difference else f"differs at {difference}"
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", floor.decode())
    page = html.unescape(real.decode())
    shown = sum(1 for name, _population in rows if html.unescape(name) in page)
    return f"{shown} of the floor's {len(rows)} names on the page"


def measure_endpoints(port: int, script: Path, endpoints: tuple[Endpoint, ...] = ENDPOINTS) -> list[Measured]:
    results = []
    for endpoint in endpoints:
        status, body = get(port, endpoint.path)
        floor_status, floor_body = get(port, endpoint.floor)
        if floor_status != 200:
            sys.exit(f"bench: the floor {endpoint.floor} answered {floor_status}:\n{floor_body[:2000]!r}")
        content = same_content(endpoint, body, floor_body) if status == 200 else "not measured"
        say(f"  {endpoint.label}: {endpoint.path} answers {status}; {content}")
        floor = measure(port, endpoint.floor, script)
        real = measure(port, endpoint.path, script) if status == 200 else None
        results.append(Measured(endpoint, status, content, real, floor))
    return results


def import_rounds(env: dict[str, str], tmp: Path) -> list[dict[str, Any]]:
    """Each round in a new process, on a new copy of an empty migrated database."""
    data = Path(env["COCOPA_SHARED_DATA"]) / "istat" / "comuni.json"
    if not data.is_file():
        return [{"error": f"{data} is missing (set COCOPA_SHARED_DATA)"}]
    template = tmp / "template.sqlite3"
    try:
        return _import_rounds(env, data, template, tmp)
    except StepFailed as err:
        say(f"bench: {err}")
        last = str(err).strip().splitlines()[-1]
        return [{"error": f"the import benchmark failed: {last}"}]


def _import_rounds(env: dict[str, str], data: Path, template: Path, tmp: Path) -> list[dict[str, Any]]:
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
        rounds.append(result)
        if "error" in result["django"]:
            break
    return rounds


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(
    results: list[Measured],
    cooperation: list[Measured],
    rounds: list[dict[str, Any]],
    context: dict[str, str],
    elapsed: float,
) -> list[str]:
    lines = ["# cocopa benchmark", ""]
    lines += [f"- {key}: {value}" for key, value in context.items()]
    lines += [f"- bench time: {elapsed:.0f} s", ""]
    lines += (
        []
        if not results
        else [
            f"## Latency under {CLIENTS} concurrent clients (wrk, {MEASURE_SECONDS} s after a {WARMUP_SECONDS} s warm-up)",
            "",
            f"Targets: p99 ≤ {TARGET_P99_RATIO}× the floor's p99, and p99 ≤ {TARGET_P99_MS:.0f} ms.",
            "",
            "| endpoint | p50 | p99 | floor p50 | floor p99 | p50 ratio | p99 ratio | req/s | floor req/s"
            " | ≤ 1.5× floor | ≤ 50 ms | content vs floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
    )
    for m in results:
        f = m.floor
        floor_cols = f"{_ms(f.p50_ms)} | {_ms(f.p99_ms)}"
        floor_rate = f"{f.requests / f.seconds:.0f}"
        if m.real is None:
            lines.append(
                f"| {m.endpoint.label} `{m.endpoint.path}` | — | — | {floor_cols} | — | — | — | {floor_rate}"
                f" | not there yet (HTTP {m.status}) | — | — |"
            )
            continue
        r = m.real
        p50_ratio, p99_ratio = r.p50_ms / f.p50_ms, r.p99_ms / f.p99_ms
        lines.append(
            f"| {m.endpoint.label} `{m.endpoint.path}` | {_ms(r.p50_ms)} | {_ms(r.p99_ms)} | {floor_cols}"
            f" | {p50_ratio:.2f}× | {p99_ratio:.2f}× | {r.requests / r.seconds:.0f} | {floor_rate}"
            f" | {_verdict(p99_ratio <= TARGET_P99_RATIO)} | {_verdict(r.p99_ms <= TARGET_P99_MS)} | {m.content} |"
        )
    failures = [
        f"{m.endpoint.label}: {load.non2xx} non-2xx answers and {load.errors} socket errors ({which})"
        for m in [*results, *cooperation]
        for which, load in (("endpoint", m.real), ("floor", m.floor))
        if load is not None and (load.non2xx or load.errors)
    ]
    lines += ["", *(f"- {line}" for line in failures)] if failures else []
    lines += [
        "",
        f"## Cooperation pages with {INITIATIVES:,} initiatives (target: p99 ≤ {TARGET_P99_MS:.0f} ms)",
        "",
        "| endpoint | p50 | p99 | floor p99 | p99 ratio | req/s | floor req/s | ≤ 50 ms | content vs floor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in cooperation:
        f = m.floor
        if m.real is None:
            lines.append(
                f"| {m.endpoint.label} `{m.endpoint.path}` | — | — | {_ms(f.p99_ms)} | — | —"
                f" | {f.requests / f.seconds:.0f} | not measured (HTTP {m.status}) | — |"
            )
            continue
        r = m.real
        lines.append(
            f"| {m.endpoint.label} `{m.endpoint.path}` | {_ms(r.p50_ms)} | {_ms(r.p99_ms)} | {_ms(f.p99_ms)}"
            f" | {r.p99_ms / f.p99_ms:.2f}× | {r.requests / r.seconds:.0f} | {f.requests / f.seconds:.0f}"
            f" | {_verdict(r.p99_ms <= TARGET_P99_MS)} | {m.content} |"
        )
    if not rounds:  # `python -m bench cooperation`: the cooperation pages only
        return lines
    lines += ["", "## ISTAT import (7,904 municipalities and their 2011 population)", ""]
    lines += [f"Target: import_istat ≤ {TARGET_IMPORT_RATIO}× the raw sqlite3 executemany floor.", ""]
    errors = [
        r.get("error") or r["django"].get("error") for r in rounds if "error" in r or "error" in r["django"]
    ]
    if errors:
        lines.append(f"Not measured: {errors[0]}")
    else:
        django_s = [r["django"]["seconds"] for r in rounds]
        raw_s = [r["raw"]["seconds"] for r in rounds]
        ratio = statistics.median(django_s) / statistics.median(raw_s)
        last = rounds[-1]
        lines += [
            "| | median | rounds | rows written (authorities, figures) |",
            "|---|---|---|---|",
            f"| import_istat | {statistics.median(django_s):.3f} s | {', '.join(f'{s:.3f}' for s in django_s)}"
            f" | {last['django']['authorities']}, {last['django']['figures']} |",
            f"| raw executemany | {statistics.median(raw_s):.3f} s | {', '.join(f'{s:.3f}' for s in raw_s)}"
            f" | {last['raw']['authorities']}, {last['raw']['figures']} |",
            "",
            f"Ratio: {ratio:.2f}× the floor: target {_verdict(ratio <= TARGET_IMPORT_RATIO)}."
            f" import_istat returned {last['django']['summary']}.",
        ]
    return lines


def _commit() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def measure_all(
    env: dict[str, str], workers: int, tmp: Path, *, only_cooperation: bool = False
) -> tuple[list[Measured], list[Measured], list[dict[str, Any]]]:
    started = time.monotonic()
    say(f"Building a network of {MEMBERS:,} members plus the demo network in {tmp} …")
    build(env)
    say(f"  built in {time.monotonic() - started:.0f} s")
    say(f"Serving it with gunicorn ({workers} sync workers); measuring:")
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    with serve(env, workers, tmp / "gunicorn.log") as port:
        results = [] if only_cooperation else measure_endpoints(port, script)
        cooperation = measure_endpoints(port, script, COOPERATION)
    if only_cooperation:
        return results, cooperation, []
    say(f"Timing the ISTAT import, {IMPORT_ROUNDS} rounds …")
    return results, cooperation, import_rounds(env, tmp)


def main(*, only_cooperation: bool = False) -> None:
    """Everything, or with only_cooperation (`python -m bench cooperation`) the cooperation pages."""
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk is missing: apt-get install wrk (make bench does it when run as root).")
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
    try:
        results, cooperation, rounds = measure_all(env, workers, tmp, only_cooperation=only_cooperation)
    except StepFailed as err:
        sys.exit(f"bench: {err}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    context = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "machine": f"{cores} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}",
        "server": f"gunicorn, {workers} sync workers (2 × cores + 1), DEBUG off, the real settings and middleware",
        "load average (1 min) at start and end": f"{load_before:.1f}, {os.getloadavg()[0]:.1f}"
        " (anything else running on the machine shifts the absolute figures; ratios are taken back to back)",
        "data": f"the demo network plus {MEMBERS:,} synthetic member municipalities (cocopa.testing.make_members)"
        f" and {INITIATIVES:,} synthetic initiatives (cocopa.cooperation.testing.make_portfolio)",
    }
    lines = report(results, cooperation, rounds, context, time.monotonic() - started)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    say("")
    say("\n".join(lines))
    say(f"\n(written to {RESULTS.relative_to(REPO)})")
