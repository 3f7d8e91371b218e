"""The demo network's fee schedules, as the sources attest them, from their data file."""

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from cocopa.core import audit, datafile
from cocopa.core.models import Source
from cocopa.fees.models import FeeSchedule


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "fees.yaml"


def load(path: Path | None = None) -> int:
    """Load the fee schedules the sources attest (after the network, whose sources they cite);
    returns how many. Never assessments or payments: no source gives one."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    with transaction.atomic():
        for i, row in enumerate(data.get("schedules") or []):
            where = f"schedules[{i}] ({row.get('year')})"
            schedule = FeeSchedule(
                year=row["year"],
                kind=row["kind"],
                rate=Decimal(row["rate"]) if row.get("rate") is not None else None,
                pro_rata=row.get("pro_rata", FeeSchedule.ProRata.NONE),
                source=reader.source(row.get("source"), where),
                notes=row.get("notes", ""),
            )
            reader.clean(schedule, where)
            schedule.save()
        count = len(data.get("schedules") or [])
        audit.record(None, "fees.demo_loaded", None, {"schedules": count})
    return count
