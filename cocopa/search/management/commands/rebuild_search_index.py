from typing import Any

from django.core.management.base import BaseCommand

from cocopa.search import index


class Command(BaseCommand):
    help = "Write the public search's index anew from the members, initiatives, resolutions and meetings."

    def handle(self, *args: Any, **options: Any) -> None:
        written = index.rebuild()
        self.stdout.write(f"{written} search entries written.")
