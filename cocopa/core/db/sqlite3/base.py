"""Django's SQLite backend that creates the database file with mode 0600.

The SQLite file holds password hashes, sessions and TOTP keys. SQLite creates a missing file with
the process umask (usually 0644: world-readable), and creates its -wal and -shm files with the
mode of the database file, so making the database file private before the first connection makes
all three private. An existing file that others may read is tightened the same way, so an
installation made before this backend is fixed at its next start. In-memory databases are left
alone. Settings select it for every sqlite:// DATABASE_URL (cocopa/settings.py).
"""

import os
import stat
from typing import Any

from django.db.backends.sqlite3 import base

PRIVATE = 0o600
SIDE_FILES = ("", "-wal", "-shm", "-journal")


def make_private(name: str) -> None:
    """Create `name` empty with mode 0600 (an empty file is an empty SQLite database), or take
    group and other permissions away from an existing one and its side files."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    try:
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        for suffix in SIDE_FILES:
            path = name + suffix
            try:
                mode = os.stat(path).st_mode
                if stat.S_IMODE(mode) & 0o077:
                    os.chmod(path, stat.S_IMODE(mode) & 0o700)
            except FileNotFoundError:
                continue
            except PermissionError:
                # Someone else's file (a shared read-only copy, say): theirs to protect.
                continue


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        make_private(str(conn_params.get("database", "")))
        return super().get_new_connection(conn_params)
