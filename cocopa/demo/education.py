"""The demo network's peace education, from its data file: the brochure's topics and the
programmes the sources describe, written through the education services. No school activity:
no source gives one (see the data file's header)."""

from pathlib import Path

from django.db import transaction

from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.models import Source
from cocopa.education import services
from cocopa.education.services import ProgrammeInput
from cocopa.network.models import FieldOfAction


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "education.yaml"


def load(path: Path | None = None) -> int:
    """Load the topics and programmes (after the network, whose sources and fields they cite);
    returns how many programmes."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    fields = {f.name_it: f for f in FieldOfAction.objects.all()}  # type: ignore[attr-defined]
    rows = data.get("programmes") or []
    with transaction.atomic():
        topics = {}
        for i, row in enumerate(data.get("topics") or []):
            where = f"topics[{i}]"
            names = translated("name", row["name"])
            topics[row["key"]] = services.create_topic(
                row["key"],
                names["name_it"],
                names.get("name_en", ""),
                order=i,
                source=reader.source(row.get("source"), f"{where}.source"),
                actor=None,  # the system loads the demo; no rule is asked
            )
        for i, row in enumerate(rows):
            where = f"programmes[{i}]"
            if not row.get("source"):
                raise reader.fail(where, "a demo programme cites its source")
            field = row.get("field_of_action")
            services.create_programme(
                ProgrammeInput(
                    **translated("title", row["title"]),
                    **translated("description", row.get("description")),
                    **translated("method", row.get("method")),
                    slug=row["slug"],
                    from_year=row.get("from_year"),
                    to_year=row.get("to_year"),
                    partners="\n".join(row.get("partners") or []),
                    topics=[
                        reader.lookup(topics, k, f"{where}.topics", "topic") for k in row.get("topics") or []
                    ],
                    field_of_action=reader.lookup(
                        fields, field, f"{where}.field_of_action", "field of action"
                    )
                    if field
                    else None,
                    source=reader.source(row["source"], f"{where}.source"),
                ),
                actor=None,
            )
    return len(rows)
