"""What the bench's parts share to run the application the production way: a free loopback
port, a GET, gunicorn as `make run` starts it, and a part's measurement in a fresh process."""

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


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


@contextmanager
def serve(env: dict[str, str], log: Path, *, workers: int, ready: str, who: str) -> Iterator[int]:
    """gunicorn on a free loopback port until the block ends, once `ready` answers 200."""
    port = free_port()
    args = [str(BIN / "gunicorn"), "cocopa.wsgi", "-b", f"127.0.0.1:{port}", "--workers", str(workers)]
    args += ["--no-control-socket", "--error-logfile", str(log), "--log-level", "warning"]
    server = subprocess.Popen(args, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, ready)[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{who}: gunicorn did not start; see its log:\n{log.read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def worker(module: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run `python -m module _worker args…` (a measurement in a fresh process); its last line's JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, "_worker", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"{module}: {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
