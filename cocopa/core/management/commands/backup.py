"""cocopa backup FILE [--encrypt]: every row and every uploaded file in one zip (see core.backup)."""

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocopa.core import backup

PASSPHRASE_ENV = "COCOPA_BACKUP_PASSPHRASE"


def passphrase_from_env_or_prompt(*, confirm: bool) -> str:
    """COCOPA_BACKUP_PASSPHRASE, else asked on the terminal (twice when choosing one)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(f"Set {PASSPHRASE_ENV}, or run the command on a terminal to be asked for it.")
    first = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise CommandError("The two passphrases differ. Nothing was written.")
    return first


class Command(BaseCommand):
    help = (
        "Write every row and every uploaded file to one zip (mode 0600), to restore with "
        "`cocopa restore FILE`. Sessions are never in it; TOTP keys only with --encrypt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help=f"Seal the backup with a passphrase ({PASSPHRASE_ENV}, else asked); it then also "
            "holds the staff's TOTP keys, so they need not enrol again after a restore.",
        )

    def handle(self, *args: Any, file: Path, encrypt: bool, **options: Any) -> None:
        passphrase = passphrase_from_env_or_prompt(confirm=True) if encrypt else None
        try:
            summary = backup.backup(file, passphrase=passphrase)
        except backup.BackupError as err:
            raise CommandError(err.message) from err
        sealed = "encrypted, with the TOTP keys" if encrypt else "not encrypted, without the TOTP keys"
        self.stdout.write(
            f"Backed up {summary.rows} rows of {summary.models} models and {summary.files} files to "
            f"{file} ({sealed}; readable by its owner only)."
        )
