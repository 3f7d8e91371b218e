from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.core.errors import InputFileError
from cocopa.members import services


class Command(BaseCommand):
    help = (
        "Create or update municipalities and their 2011 census population from ISTAT's list "
        "(comuni.json or ISTAT's own ;-separated CSV). All or nothing; running it twice changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="comuni.json or ISTAT's Elenco comuni italiani CSV.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = services.import_istat(options["file"], actor=None)
        except InputFileError as err:
            raise CommandError(err.message) from err
        self.stdout.write(
            f"{options['file'].name}: {summary.created} authorities created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged; {summary.figures_created} population figures created, "
            f"{summary.figures_updated} updated."
        )
