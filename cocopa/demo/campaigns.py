"""The demo network's campaigns, from their data file: each written through the campaigns'
services as the peace office would, with its source; adoptions only where a source says who
adopted and when (the network's own part where a source says it)."""

from pathlib import Path

from django.db import transaction

from cocopa.campaigns import services
from cocopa.campaigns.services import AdoptionInput, CampaignInput
from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.errors import DomainError
from cocopa.core.models import Source
from cocopa.members import queries as member_queries


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "campaigns.yaml"


def load(path: Path | None = None) -> int:
    """Write the campaigns and their adoptions (after the network, whose sources and members they
    cite); returns how many campaigns."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    rows = data.get("campaigns") or []
    with transaction.atomic():
        for i, row in enumerate(rows):
            where = f"campaigns[{i}]"
            if not row.get("source"):
                raise reader.fail(where, "a demo campaign cites the source of its fact")
            texts = {
                **translated("name", row["name"]),
                **translated("description", row.get("description")),
                **translated("note", row.get("note")),
            }
            try:
                campaign = services.create_campaign(
                    CampaignInput(
                        name_it=texts.get("name_it", ""),
                        name_en=texts.get("name_en", ""),
                        description_it=texts.get("description_it", ""),
                        description_en=texts.get("description_en", ""),
                        note_it=texts.get("note_it", ""),
                        note_en=texts.get("note_en", ""),
                        slug=str(row.get("slug") or ""),
                        kind=str(row.get("kind") or "other"),
                        promoter=str(row.get("promoter") or ""),
                        start=str(row.get("start") or ""),
                        end=str(row.get("end") or ""),
                        source=reader.source(row["source"], f"{where}.source"),
                        uncertain=bool(row.get("uncertain")),
                    ),
                    actor=None,  # the system loads the demo; no rule is asked
                )
                for j, adoption in enumerate(row.get("adoptions") or []):
                    at = f"{where}.adoptions[{j}]"
                    if not adoption.get("source"):
                        raise reader.fail(at, "a demo adoption cites its source")
                    member = None
                    if adoption.get("member"):
                        member = member_queries.by_slug(str(adoption["member"])).first()
                        if member is None:
                            raise reader.fail(f"{at}.member", f"unknown member {adoption['member']!r}")
                    note = translated("note", adoption.get("note"))
                    services.record_adoption(
                        campaign,
                        AdoptionInput(
                            member=member,
                            by_network=bool(adoption.get("network")),
                            adopted=str(adoption.get("adopted") or ""),
                            act_body=str(adoption.get("act_body") or ""),
                            act_number=str(adoption.get("act_number") or ""),
                            source=reader.source(adoption["source"], f"{at}.source"),
                            uncertain=bool(adoption.get("uncertain")),
                            note_it=note.get("note_it", ""),
                            note_en=note.get("note_en", ""),
                        ),
                        actor=None,
                    )
            except DomainError as err:
                raise reader.fail(f"{where}.{err.code}", err.message) from None
    return len(rows)
