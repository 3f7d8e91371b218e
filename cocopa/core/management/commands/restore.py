"""cocopa restore FILE: load a backup into a new, migrated, empty database (see core.backup)."""

import zipfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.base import DeserializationError

from cocopa.core import audit, backup
from cocopa.core.management.commands.backup import passphrase_from_env_or_prompt


class Command(BaseCommand):
    help = (
        "Restore a `cocopa backup` file into an empty database (run `cocopa migrate` first); "
        "refuses otherwise, writing nothing. An encrypted one asks for its passphrase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        passphrase = passphrase_from_env_or_prompt(confirm=False) if backup.is_encrypted(file) else None
        try:
            summary = backup.restore(file, passphrase=passphrase)
        except backup.BackupError as err:
            raise CommandError(err.message) from err
        except (DeserializationError, zipfile.BadZipFile) as err:
            # A part whose SHA-256 matched but whose rows do not load: the whole restore rolled back.
            raise CommandError(f"{file}: the backup does not load ({err}). Nothing was written.") from err
        count, broken = audit.verify()
        chain = (
            f"audit chain of {count} entries intact"
            if broken is None
            else f"AUDIT CHAIN BROKEN at seq {broken.seq}"
        )
        self.stdout.write(
            f"Restored {summary.rows} rows of {summary.models} models and {summary.files} files; {chain}."
        )
        if not summary.with_totp_keys:
            self.stdout.write(
                "The backup was not encrypted, so it held no TOTP keys: staff enrol their "
                "authenticator again, each with a link from `cocopa invite_to_enrol USERNAME`."
            )
        if broken is not None:
            raise CommandError(f"The restored audit chain is broken at seq {broken.seq}: {broken.reason}.")
