"""The demo network's events register, from its data file: the dated events of the shared facts,
recorded through the events services as the peace office would (after the registers they link)."""

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from cocopa.cooperation.models import Initiative
from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.models import Source
from cocopa.events import services
from cocopa.events.models import EventKind
from cocopa.events.services import EventInput
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "events.yaml"


def load(path: Path | None = None) -> int:
    """Add the usual kinds, then record the events; how many events."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    initiatives = {i.identifier: i for i in Initiative.objects.all()}
    fields = {f.name_en: f for f in FieldOfAction.objects.all()}  # type: ignore[attr-defined]
    rows = data.get("events") or []
    with transaction.atomic():
        services.add_standard_kinds(actor=None)  # the system loads the demo; no rule is asked
        kinds = {k.key: k for k in EventKind.objects.all()}

        def member(slug: object, where: str) -> LocalAuthority:
            found = member_queries.by_slug(str(slug)).first()
            if found is None:
                raise reader.fail(where, f"unknown member {slug!r}")
            return found

        for i, row in enumerate(rows):
            where = f"events[{i}]"
            if not row.get("sources"):
                raise reader.fail(f"{where}.sources", "a demo event cites the sources of its fact")
            texts: dict[str, Any] = {
                **translated("title", row["title"]),
                **translated("description", row.get("description")),
                **translated("uncertain_note", row.get("uncertain_note")),
            }
            services.create_event(
                EventInput(
                    **texts,
                    kind=reader.lookup(kinds, str(row["kind"]), f"{where}.kind", "kind of event"),
                    start=str(row["start"]),
                    end=str(row.get("end") or ""),
                    field_of_action=reader.lookup(fields, row["field_of_action"], where, "field of action")
                    if row.get("field_of_action")
                    else None,
                    address=row.get("address", ""),
                    place_authority=member(row["place"], f"{where}.place") if row.get("place") else None,
                    country=row.get("country", ""),
                    latitude=Decimal(row["latitude"]) if row.get("latitude") else None,
                    longitude=Decimal(row["longitude"]) if row.get("longitude") else None,
                    organisers=[member(s, f"{where}.organisers") for s in row.get("organisers") or []],
                    participants=[member(s, f"{where}.participants") for s in row.get("participants") or []],
                    initiatives=[
                        reader.lookup(initiatives, str(key), f"{where}.initiatives", "initiative")
                        for key in row.get("initiatives") or []
                    ],
                    countries=[str(c) for c in row.get("countries") or []],
                    sources=reader.source_list(row["sources"], f"{where}.sources"),
                    uncertain=bool(row.get("uncertain")),
                ),
                actor=None,
            )
    return len(rows)
