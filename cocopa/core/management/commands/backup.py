"""cocopa backup FILE: every row and every uploaded file in one zip (see core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocopa.core import backup


class Command(BaseCommand):
    help = "Write every row and every uploaded file to one zip, to restore with `cocopa restore FILE`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        summary = backup.backup(file)
        self.stdout.write(
            f"Backed up {summary.rows} rows of {summary.models} models and {summary.files} files to {file}."
        )
