"""Limits on what an import accepts, checked before a file is read.

An import holds what it read of a file in memory (records of an IATI file parsed as a stream, about
12 × its size with the planned rows; the JSON document of an ISTAT file); a 200 MB IATI file once
took 2.26 GB. So a file over COCOPA_MAX_IMPORT_MB is refused before anything is read, with a message
that names the file, its size, the limit and the setting.
The limit is a software default, not a rule of the network (see settings.py).
"""

import os

from django.conf import settings


def max_import_bytes() -> int:
    return int(float(settings.COCOPA_MAX_IMPORT_MB) * 1024 * 1024)


def megabytes(size: float) -> str:
    """A size in MB as the messages give it: one decimal, none when whole."""
    return f"{size / 2**20:.1f}".removesuffix(".0")


def refusal(name: str, size: int) -> str:
    """The refusal of a file over the limit: the file, its size, the limit and the setting to raise."""
    return (
        f"{name} is {megabytes(size)} MB, more than the {megabytes(max_import_bytes())} MB an import accepts"
        " (setting COCOPA_MAX_IMPORT_MB)"
    )


def too_big(path: str | os.PathLike[str]) -> str | None:
    """Why the file is refused for its size, or None (a missing file is the reader's to report)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None
    if size <= max_import_bytes():
        return None
    return refusal(os.path.basename(path), size)
