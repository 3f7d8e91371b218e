from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.core.errors import DomainError
from cocopa.fees import services


class Command(BaseCommand):
    help = (
        "Issue the year's fee assessments: one per member owing the year's fee, by the year's schedule. "
        "A second run creates nothing. Exit status 1 when refused (no schedule, missing populations)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = services.assess_fees(options["year"], actor=None)
        except DomainError as err:
            raise CommandError(f"{err.code}: {err.message}") from err
        if result.changed:
            self.stdout.write(
                f"{result.year}: {result.created} assessments created, total {result.total} EUR "
                f"({result.already} already assessed)."
            )
        else:
            self.stdout.write(f"{result.year}: nothing to do, {result.already} members already assessed.")
