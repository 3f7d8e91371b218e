"""`cocopa export_iati`: the network's activity file, the same as /iati/activities.xml and the API's
/api/v1/iati/activities.xml (public/iati.py `read`: agreements' documents, A09, included). It
lives in `public`, above cooperation and diplomacy, for that reason (docs/decisions/0008)."""

import sys
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cocopa.cooperation import iati, iati_checks, iati_source, iati_updated
from cocopa.cooperation.models import Initiative, Publisher
from cocopa.core.errors import DomainError
from cocopa.public import iati as publication


class Command(BaseCommand):
    help = (
        "Write the registry's initiatives as one IATI 2.03 iati-activities file. Initiatives the checks "
        "find errors in are left out; every finding goes to stderr with the initiative and the field to fix. "
        "With IATI_SCHEMA_DIR set, the file is also validated against the official XSD. "
        "Only the network's own activities are written; with --publisher REF, the activities held for "
        "that reporting organisation instead, as they came (for checks and round trips), none left out."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: standard output).")
        parser.add_argument(
            "--publisher",
            metavar="REF",
            help="Write the activities held for this other reporting organisation (its IATI identifier).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.held: Publisher | None = None
        if options["publisher"]:
            self.held = Publisher.objects.filter(ref=options["publisher"]).first()
            if self.held is None:
                known = ", ".join(Publisher.objects.values_list("ref", flat=True)) or "none"
                raise CommandError(
                    f"--publisher: no activities are held for {options['publisher']!r} (held: {known})."
                )
            reporting = iati.ReportingOrg(
                ref=self.held.ref,
                name=self.held.name,
                type=self.held.type,
                narratives=iati_source.names_of(self.held.narratives),
            )
        else:
            try:
                reporting = iati.reporting_org_from_settings()
            except DomainError as err:
                raise CommandError(f"{err.code}: {err.message}") from err
        output: Path | None = options["output"]
        schema_dir = str(getattr(settings, "IATI_SCHEMA_DIR", "") or "")
        if output is not None:
            with output.open("wb") as out:
                findings, written = self.export(out, reporting)
            errors = iati.schema_errors(str(output), schema_dir) if schema_dir else []
        else:
            with tempfile.TemporaryFile() as out:
                findings, written = self.export(out, reporting)
                out.seek(0)
                errors = iati.schema_errors(out, schema_dir) if schema_dir else []
                out.seek(0)
                _copy(out, sys.stdout.buffer)
        for finding in findings:
            self.stderr.write(str(finding))
        excluded = len({f.initiative for f in findings if f.severity == "error"})
        if self.held is not None:
            self.stderr.write(
                f"{written} activities held for {self.held.ref} written to {output or 'standard output'}, "
                f"as they came; {len(findings)} findings."
            )
        else:
            self.stderr.write(
                f"{written} activities written to {output or 'standard output'}; {excluded} initiatives "
                f"left out for errors; {len(findings)} findings."
            )
        if errors and self.held is not None:
            # Theirs as they came: what the schema says is worth knowing, not ours to refuse.
            self.stderr.write("The file does not validate against the IATI schema:\n" + "\n".join(errors))
        elif errors:
            raise CommandError("the file does not validate against the IATI schema:\n" + "\n".join(errors))
        elif schema_dir:
            self.stderr.write(f"Valid against the IATI 2.03 schema in {schema_dir}.")

    def export(self, out: BinaryIO, reporting: iati.ReportingOrg) -> tuple[list[iati_checks.Finding], int]:
        now = timezone.now()
        findings: list[iati_checks.Finding] = []
        written = 0

        def counted() -> Any:
            nonlocal written
            if self.held is not None:
                # Theirs, as they came: every one written, what the checks find only reported.
                activities = iati_source.read(Initiative.objects.filter(publisher=self.held))
                today = timezone.localdate(now)
                for activity in activities:
                    findings.extend(iati_checks.check_initiative(activity, today=today))
                    written += 1
                    yield activity
                return
            for initiative in publication.exportable(timezone.localdate(now), findings=findings):
                written += 1
                yield initiative

        iati.write_activities(
            counted(), out, reporting=reporting, generated_at=now, last_updated=iati_updated.last_changed()
        )
        return findings, written


def _copy(source: BinaryIO, target: BinaryIO) -> None:
    while block := source.read(1 << 16):
        target.write(block)
    target.flush()
