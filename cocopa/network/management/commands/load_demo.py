from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.core.errors import DomainError
from cocopa.network import services


class Command(BaseCommand):
    help = "Load the Co.Co.Pa. network (profile, members, populations, sources) into an empty database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database holds data."
        )
        parser.add_argument("--file", type=Path, help="Another data file in the same format.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and not services.is_empty():
            self.stdout.write("The database already holds a network: nothing loaded.")
            return
        try:
            summary = services.load_demo(options["file"])
        except DomainError as err:
            raise CommandError(err.message) from err
        self.stdout.write(
            f"Loaded {summary.authorities} authorities, {summary.memberships} membership periods, "
            f"{summary.population_figures} population figures and {summary.sources} sources."
        )
