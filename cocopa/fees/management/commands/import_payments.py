from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.core.errors import DomainError
from cocopa.fees import services


class Command(BaseCommand):
    help = (
        "Record the incoming transfers of a bank CSV export (date, amount, payer, reference), matched to "
        "assessments by code or to members by payer name. Unmatched rows are listed and queued for the "
        "office (/fees/payments/unmatched/). A "
        "malformed file is rejected with its line and field and nothing is written (exit status 1)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = services.import_payments(options["file"], actor=None)
        except DomainError as err:
            raise CommandError(f"{err.code}: {err.message}") from err
        for u in result.unmatched:
            self.stdout.write(
                f"unmatched\tline {u.line}\t{u.why}\t{u.row.paid_on.isoformat()}\t{u.row.amount}\t"
                f"{u.row.payer}\t{u.row.reference}"
            )
        self.stdout.write(
            f"{result.created} payments recorded ({result.by_reference} by reference, {result.by_name} by payer "
            f"name), {result.duplicates} already imported, {len(result.unmatched)} unmatched "
            f"({result.queued} queued for matching by hand)."
        )
