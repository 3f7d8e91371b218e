import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cocopa.fees import services


class Command(BaseCommand):
    help = (
        "E-mail each representative of a member owing fees for a past year (those with an e-mail address). "
        "`cocopa reminders` lists the same arrears to the office."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date: {options['date']!r} is not a date (YYYY-MM-DD)") from None
        done = services.send_fee_reminders(today, actor=None)
        for member, reason in done.not_mailed:
            self.stdout.write(f"Not mailed: {member}: {reason}.")
        self.stdout.write(
            f"{done.mailed} fee reminders mailed on {today.isoformat()}; "
            f"{len(done.not_mailed)} members in arrears not mailed."
        )
