"""Where the factsheet's commands put a PDF: standard output for `-o -`, else a file written beside
the target and renamed, so a failure never leaves half a PDF behind."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def write_pdf(command: BaseCommand, document: bytes, output: str) -> Path | None:
    """The file written, or None when the PDF went to standard output."""
    if output == "-":
        command.stdout.buffer.write(document)  # type: ignore[attr-defined]
        return None
    target = Path(output)
    if not target.parent.is_dir():
        raise CommandError(f"-o: the folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".pdf.part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(document)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
