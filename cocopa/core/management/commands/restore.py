"""cocopa restore FILE: load a backup into a new, migrated, empty database (see core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocopa.core import audit, backup


class Command(BaseCommand):
    help = "Restore a `cocopa backup` zip into an empty database (run `cocopa migrate` first); refuses otherwise."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            summary = backup.restore(file)
        except backup.BackupError as err:
            raise CommandError(err.message) from err
        count, broken = audit.verify()
        chain = (
            f"audit chain of {count} entries intact"
            if broken is None
            else f"AUDIT CHAIN BROKEN at seq {broken.seq}"
        )
        self.stdout.write(
            f"Restored {summary.rows} rows of {summary.models} models and {summary.files} files; {chain}."
        )
        if broken is not None:
            raise CommandError(f"The restored audit chain is broken at seq {broken.seq}: {broken.reason}.")
