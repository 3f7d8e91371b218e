from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.core.errors import DomainError
from cocopa.demo import services
from cocopa.members import services as members_services


class Command(BaseCommand):
    help = "Load the Co.Co.Pa. network (profile, members, populations, sources, initiatives) into an empty database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database holds data."
        )
        parser.add_argument("--file", type=Path, help="Another network data file in the same format.")
        parser.add_argument(
            "--initiatives", type=Path, help="Another initiatives data file in the same format."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and not services.is_empty():
            # A database loaded before the ISTAT list was shipped gets it now; then nothing.
            imported = members_services.import_istat_list(actor=None)
            added = f" Added {imported.created} municipalities of ISTAT's list." if imported else ""
            self.stdout.write(f"The database already holds a network: nothing loaded.{added}")
            return
        try:
            summary = services.load_demo(options["file"], options["initiatives"], actor=None, istat_list=True)
        except DomainError as err:
            raise CommandError(err.message) from err
        loaded = summary.network
        self.stdout.write(
            f"Loaded {loaded.authorities} authorities, {loaded.memberships} membership periods, "
            f"{loaded.population_figures} population figures, {summary.initiatives} initiatives, "
            f"{summary.mandates} mandates in the network's bodies, {summary.news} news posts, "
            f"{counted(summary.events, 'event')}, {counted(summary.agreements, 'agreement')}, "
            f"{counted(summary.missions, 'mission')}, {counted(summary.campaigns, 'campaign')}, "
            f"{counted(summary.programmes, 'education programme')} and "
            f"{loaded.sources} sources; "
            f"{summary.municipalities} more municipalities of ISTAT's list."
        )


def counted(n: int, thing: str) -> str:
    """One or more of a thing, in English (the summary is for whoever runs the command)."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"
