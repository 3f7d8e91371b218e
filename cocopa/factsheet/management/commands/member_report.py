from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cocopa.factsheet import pdf, report_queries, report_rules
from cocopa.factsheet.management.output import write_pdf


class Command(BaseCommand):
    help = (
        "Write a member's yearly report (“what membership gave us”) as an A4 PDF, read from the "
        "registers, in Italian or English. The command is the office's: the fee is included."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        languages = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("code", help="the member's public code: its ISTAT code, e.g. 001272 for Torino")
        parser.add_argument("--year", help="the calendar year (default: the last complete one)")
        parser.add_argument("--lang", choices=languages, default=settings.LANGUAGE_CODE)
        parser.add_argument(
            "--without-fee", action="store_true", help="leave the fee out, as the public reads it"
        )
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        member = report_queries.member_by_slug(options["code"])
        if member is None:
            raise CommandError(f"code: no local authority has the code “{options['code']}”")
        today = timezone.localdate()
        choice = report_rules.choose_year(options["year"], today)
        if choice.error:
            raise CommandError(
                f"--year: “{options['year']}” is not a year from {report_rules.FIRST_YEAR} to "
                f"{report_rules.last_year(today)}"
            )
        document = pdf.member_report_pdf(
            language=options["lang"], member=member, year=choice.year, show_fee=not options["without_fee"]
        )
        target = write_pdf(self, document, options["output"])
        if target is not None:
            self.stdout.write(
                f"{target}: report of {member.name} for {choice.year} in {options['lang']}, {len(document):,} bytes."
            )
