import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cocopa.office import reminders


class Command(BaseCommand):
    help = (
        "List the deadlines the office must see: terms ending within --days days, bodies that cannot "
        "reach their quorum, members without an Assembly representative. With --email, also mail them "
        "to the peace office staff through Django's mail backend. Exit status 0 either way."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Look this many days ahead (default 30).")
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--email", action="store_true", help="Mail the list to the peace office staff.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days: give a number of days, 0 or more")
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date: {options['date']!r} is not a date (YYYY-MM-DD)") from None
        found = reminders.collect(today, options["days"])
        for r in found:
            due = f" ({r.due.isoformat()})" if r.due else ""
            self.stdout.write(f"{r.kind}\t{r.subject}\t{r.detail}{due}")
        self.stderr.write(f"{len(found)} reminders on {today.isoformat()}.")
        if options["email"]:
            sent = reminders.send(found, today)
            self.stderr.write(f"Mailed to {sent} recipients.")
