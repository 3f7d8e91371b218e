"""Limits on what an import accepts, checked before a file is read.

An import reads the whole file into memory (an XML tree, a JSON document): a 200 MB IATI file took
2.26 GB. So a file over COCOPA_MAX_IMPORT_MB is refused with a message before anything is read.
The limit is a software default, not a rule of the network (see settings.py).
"""

import os

from django.conf import settings


def max_import_bytes() -> int:
    return int(float(settings.COCOPA_MAX_IMPORT_MB) * 1024 * 1024)


def too_big(path: str | os.PathLike[str]) -> str | None:
    """Why the file is refused for its size, or None (a missing file is the reader's to report)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None
    limit = max_import_bytes()
    if size <= limit:
        return None
    return (
        f"the file is {size / 1024 / 1024:.1f} MB, more than the {settings.COCOPA_MAX_IMPORT_MB} MB "
        "an import accepts (setting COCOPA_MAX_IMPORT_MB)"
    )
