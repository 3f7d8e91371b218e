"""The demo network's documents library, from its data file: documents the sources name, each
with one version that is the address where it is published (never a made-up file)."""

from pathlib import Path

from django.db import transaction

from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.models import Source
from cocopa.library import services
from cocopa.members.models import LocalAuthority


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "library.yaml"


def load(path: Path | None = None) -> int:
    """Load the documents (after the network, whose sources and members they cite); returns how many."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    members = {a.istat_code: a for a in LocalAuthority.objects.exclude(istat_code=None) if a.istat_code}
    rows = data.get("documents") or []
    with transaction.atomic():
        for i, row in enumerate(rows):
            where = f"documents[{i}]"
            date, precision = reader.date(row.get("date"), where)
            texts = {**translated("title", row["title"]), **translated("description", row.get("description"))}
            services.add_document(
                actor=None,  # the system loads the demo; no rule is asked
                title_it=texts["title_it"],
                title_en=texts.get("title_en", ""),
                description_it=texts.get("description_it", ""),
                description_en=texts.get("description_en", ""),
                kind=row["kind"],
                language=row.get("language", ""),
                date=date,
                date_precision=precision,
                member=reader.lookup(members, str(row["member"]), where, "member")
                if row.get("member")
                else None,
                source=reader.source(row.get("source"), where),
                url=row["url"],
            )
    return len(rows)
