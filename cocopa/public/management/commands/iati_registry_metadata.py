import json
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cocopa.core.errors import DomainError
from cocopa.public import iati as publication

# The IATI Registry's dataset names: lower-case letters, digits, "-" and "_".
ALLOWED = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class Command(BaseCommand):
    help = (
        "Print, as JSON, the metadata the IATI Registry asks for each of the network's IATI datasets "
        "(name, title, file URL, activity count, last update): the activity file, or, above "
        f"{publication.ACTIVITIES_PER_FILE} activities (software default, setting IATI_ACTIVITIES_PER_FILE), "
        "one per start year or per country, and the organisation file. The URLs are COCOPA_SITE_URL "
        "followed by the files' stable paths (/iati/…)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--publisher",
            default=getattr(settings, "IATI_REGISTRY_PUBLISHER", ""),
            help="The network's publisher name on the IATI Registry (default: IATI_REGISTRY_PUBLISHER).",
        )
        parser.add_argument(
            "--per-file",
            type=int,
            default=None,
            help="Activities above which the activity file is registered in parts (default: "
            f"IATI_ACTIVITIES_PER_FILE, else {publication.ACTIVITIES_PER_FILE}, the software default).",
        )
        parser.add_argument(
            "--split",
            choices=publication.SPLITS,
            default="year",
            help="How a large activity file is split for the Registry: per start year (default) or per "
            "recipient country (the activities with several countries or a region in one more file).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="every_file",
            help="List every file at its address, the whole file and every part, each with "
            '"registered": whether the Registry is given it (never both a file and its parts).',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        publisher = str(options["publisher"] or "").strip()
        if not publisher:
            raise CommandError(
                "publisher: give the network's IATI Registry publisher name with --publisher "
                "or the IATI_REGISTRY_PUBLISHER setting"
            )
        if not set(publisher) <= ALLOWED:
            raise CommandError(
                f"publisher: {publisher!r} may hold only lower-case letters, digits, '-' and '_' "
                "(as the IATI Registry names datasets)"
            )
        if options["per_file"] is not None and options["per_file"] < 1:
            raise CommandError("per-file: give a number of activities of at least 1")
        try:
            found = publication.datasets(
                publisher,
                today=timezone.localdate(),
                per_file=options["per_file"],
                split=options["split"],
                every_file=options["every_file"],
            )
            _data, left_out = publication.organisation_file(now=timezone.now())
        except DomainError as err:
            raise CommandError(f"{err.code}: {err.message}") from err
        rows = [
            {**d.as_dict(), "registered": d.registered} if options["every_file"] else d.as_dict()
            for d in found
        ]
        self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
        # What the organisation file leaves out, never in silence (the initiatives left out of the
        # activity file are what `cocopa export_iati` and the office's IATI page report).
        for line in left_out:
            self.stderr.write(f"left out of the organisation file: {line}")
