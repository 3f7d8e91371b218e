import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cocopa.factsheet import pdf
from cocopa.factsheet.management.output import write_pdf
from cocopa.network import queries as network_queries
from cocopa.network.models import country_code


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise CommandError(f"--at: “{value}” is not a date in the form YYYY-MM-DD") from err


class Command(BaseCommand):
    help = (
        "Write the network's factsheet as an A4 PDF: its presentation regenerated from the data "
        "as it stood on a day (default today), in Italian or English."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        languages = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("--lang", choices=languages, default=settings.LANGUAGE_CODE)
        parser.add_argument("--at", help="the day the figures are taken on, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--country",
            help="ISO 3166-1 alpha-2 code of the country timeline (default: the one the office set, else PS)",
        )
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["at"]) if options["at"] else network_queries.today()
        country = options["country"]
        if country is not None:
            try:
                country = country_code(country)
            except ValidationError as err:
                raise CommandError(f"--country: {err.messages[0]}") from err
        document = pdf.factsheet_pdf(language=options["lang"], at=day, country=country)
        target = write_pdf(self, document, options["output"])
        if target is not None:
            self.stdout.write(
                f"{target}: factsheet of {day.isoformat()} in {options['lang']}, {len(document):,} bytes."
            )
