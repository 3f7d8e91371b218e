from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.cooperation import iati_import


class Command(BaseCommand):
    help = (
        "Import the activities of an IATI 2.0x activity file: all or nothing; lists what it skipped. "
        "A rejected file is reported as FILE:LINE: <element>: problem. Running it twice changes nothing. "
        "Activities of other publishers are held as theirs (read-only, never in the network's file); "
        "a file that would change one already held is refused unless --update-held is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="An IATI activity file (root <iati-activities>).")
        parser.add_argument(
            "--update-held",
            action="store_true",
            help="Update the activities already held for other publishers with what this file says.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = iati_import.import_file(path, update_held=options["update_held"])
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
        for ref, count in sorted(report.held.items()):
            self.stdout.write(
                f"Held for another publisher, {ref}: {count} activities (not the network's own)."
            )
        if report.skipped:
            self.stdout.write("Skipped (element: count):")
            for name, count in report.skipped.items():
                self.stdout.write(f"  {name}: {count}")
        for warning in report.warnings:
            self.stdout.write(f"Warning: {warning}")
