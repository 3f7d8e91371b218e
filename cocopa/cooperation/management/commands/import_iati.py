from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.cooperation import iati_import


class Command(BaseCommand):
    help = (
        "Import the activities of an IATI 2.0x activity file: all or nothing; lists what it skipped. "
        "A rejected file is reported as FILE:LINE: <element>: problem. Running it twice changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="An IATI activity file (root <iati-activities>).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = iati_import.import_file(path)
        except iati_import.IatiFileRejected as err:
            for p in err.problems:
                where = f"<{p.element}>: " if p.element else ""
                self.stderr.write(f"{path}:{p.line or '?'}: {where}{p.problem}")
            raise CommandError(
                f"{path}: rejected ({len(err.problems)} problems); nothing was imported."
            ) from err
        if report.organisation_file:
            self.stdout.write(f"{path.name}: organisation file, 0 activities: nothing to import.")
        else:
            self.stdout.write(
                f"{path.name}: {report.activities} activities: {report.created} created, "
                f"{report.updated} updated, {report.unchanged} unchanged."
            )
        if report.skipped:
            self.stdout.write("Skipped (element: count):")
            for name, count in report.skipped.items():
                self.stdout.write(f"  {name}: {count}")
        for warning in report.warnings:
            self.stdout.write(f"Warning: {warning}")
