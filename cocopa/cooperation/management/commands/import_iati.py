from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.cooperation import iati_import


class Command(BaseCommand):
    help = (
        "Import the activities of an IATI 2.0x activity file: all or nothing; lists what it skipped. "
        "The file is validated first (safe XML, version, schema, codelists, the IATI Standard Ruleset); "
        "every problem is reported as FILE:LINE: <element>: problem [rule] (severity). Errors refuse "
        "the file; activities the export would refuse refuse it too unless --allow-warnings is given, "
        "when they are imported and marked. Running it twice changes nothing. "
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
        parser.add_argument(
            "--allow-warnings",
            action="store_true",
            help=(
                "Import activities that break rules of the IATI Standard the export applies (they "
                "cannot be exported until fixed); each is marked with its findings."
            ),
        )

    def problem(self, path: Path, p: iati_import.Problem) -> str:
        where = f"<{p.element}>: " if p.element else ""
        rule = f" [{p.rule}]" if p.rule else ""
        severity = f" ({p.severity})" if p.rule else ""
        return f"{path}:{p.line or '?'}: {where}{p.problem}{rule}{severity}"

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = iati_import.import_file(
                path, update_held=options["update_held"], allow_warnings=options["allow_warnings"]
            )
        except iati_import.IatiFileNeedsAllowWarnings as err:
            for p in err.problems:
                self.stderr.write(self.problem(path, p))
            raise CommandError(
                f"{path}: not imported: {len(err.problems)} problems would keep its activities out of "
                "the IATI export. Fix the file, or import it anyway with --allow-warnings "
                "(the activities are marked with their findings)."
            ) from err
        except iati_import.IatiFileRejected as err:
            for p in err.problems:
                self.stderr.write(self.problem(path, p))
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
        if report.marked:
            self.stdout.write(
                f"{report.marked} activities imported with findings that keep them out of the IATI "
                "export (marked: see “findings of the IATI import” in the admin)."
            )
        for issue in report.findings:
            self.stdout.write(self.problem(path, iati_import.Problem.of(issue)))
        if report.skipped:
            self.stdout.write("Skipped (element: count):")
            for name, count in report.skipped.items():
                self.stdout.write(f"  {name}: {count}")
        for warning in report.warnings:
            self.stdout.write(f"Warning: {warning}")
