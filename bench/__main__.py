"""`python -m bench [cooperation | factsheet | iati | iati-import]`: every part, or one, then the summary.

Exits 1 when a part did not finish or missed a target (bench/outcome.py), 0 otherwise.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from bench import factsheet, iati, iati_import, run
from bench.outcome import Part, finish, run_part


def factsheet_apart() -> Part:
    """The factsheet part in its own process (it sets Django up on its own scratch database)."""
    with tempfile.TemporaryDirectory(prefix="cocopa-bench-part-") as tmp:
        result = Path(tmp) / "part.json"
        done = subprocess.run(
            [sys.executable, "-m", "bench", "factsheet", "--part", str(result)], check=False
        )
        if not result.is_file():
            raise RuntimeError(f"python -m bench factsheet stopped ({done.returncode}) before its report")
        return Part.from_json(result.read_text())


def main(args: list[str]) -> int:
    if args[:1] == ["factsheet"]:  # the factsheet PDF only, about half a minute
        part = run_part("factsheet PDF", factsheet.main)
        if args[1:2] == ["--part"]:  # run by the whole bench, which makes the summary
            Path(args[2]).write_text(part.to_json())
            return 0
        return finish([part])
    if args == ["cooperation"]:  # the cooperation pages only, about two minutes
        return finish(run.main(only_cooperation=True))
    if args == ["iati"]:  # the IATI export only, about two minutes
        return finish([run_part("IATI export", iati.main)])
    if args == ["iati-import"]:  # the IATI import only, a few minutes
        return finish([run_part("IATI import", iati_import.main)])
    parts = [
        run_part("factsheet PDF", factsheet_apart),
        run_part("IATI export", iati.main),  # no server
        run_part("IATI import", iati_import.main),  # no server, each size in its own process
        *run.main(),  # the pages, then the ISTAT import
    ]
    return finish(parts)


sys.exit(main(sys.argv[1:]))
