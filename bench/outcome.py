"""What `make bench` decides: every part's targets, met or missed, and the exit status.

Pure on purpose (no Django, no server): cocopa/tests/test_bench_report.py checks that a part that
crashed, or a target missed, makes the run fail, without running the heavy parts.
"""

import json
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

SUMMARY = Path(__file__).resolve().parent / "results" / "summary.md"


@dataclass(frozen=True)
class Target:
    what: str  # "members API: requests per second ≥ 0.8× the floor's"
    met: bool
    figure: str  # what was measured: "0.93×"


@dataclass
class Part:
    name: str
    targets: list[Target] = field(default_factory=list)
    error: str = ""  # why the part did not finish; empty when it ran to the end

    def check(self, what: str, met: bool, figure: str) -> bool:
        self.targets.append(Target(what, met, figure))
        return met

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Part":
        data = json.loads(text)
        return cls(data["name"], [Target(**t) for t in data["targets"]], data["error"])


def run_part(name: str, measure: Callable[[], Part]) -> Part:
    """The part as measured, or, when it raised or exited, a part that failed with the error.

    The traceback goes to standard error and the next part still runs: one broken part must
    neither hide the others' figures nor pass for a success.
    """
    try:
        return measure()
    except (Exception, SystemExit) as err:  # the parts stop with sys.exit("bench: …") too
        traceback.print_exc()
        message = str(err).strip() or type(err).__name__
        return Part(name, error=message)


def summary(parts: list[Part]) -> tuple[list[str], int]:
    """The report's closing section and the exit status: 1 when a part failed or missed a target."""
    lines = ["## Summary", ""]
    failed = []
    for part in parts:
        if part.error:
            failed.append(f"{part.name}: FAILED, did not finish")
            last = part.error.splitlines()[-1]
            lines.append(f"- {part.name}: **FAILED**, did not finish: {last}")
            continue
        if not part.targets:
            failed.append(f"{part.name}: FAILED, measured nothing")
            lines.append(f"- {part.name}: **FAILED**, measured nothing")
            continue
        for target in part.targets:
            verdict = "met" if target.met else "**MISSED**"
            lines.append(f"- {part.name}: {target.what}: {target.figure}, {verdict}")
            if not target.met:
                failed.append(f"{part.name}: {target.what} MISSED ({target.figure})")
    lines.append("")
    if failed:
        lines += [f"make bench FAILED: {len(failed)} of the checks above:", *(f"- {f}" for f in failed)]
    else:
        lines.append("make bench passed: every part ran and met its targets.")
    return lines, 1 if failed else 0


def finish(parts: list[Part], path: Path = SUMMARY) -> int:
    """Print the summary, write it to `path`; the exit status for sys.exit."""
    lines, status = summary(parts)
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines), flush=True)
    return status
