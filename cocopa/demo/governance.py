"""The demo network's bodies, positions, people, offices and mandates from their data file."""

from pathlib import Path
from typing import Any

from django.db import transaction

from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.models import Source
from cocopa.governance.models import Body, Mandate, Office, Person, Position
from cocopa.members.models import LocalAuthority


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "governance.yaml"


def load(path: Path | None = None) -> int:
    """Load the bodies, people and mandates of the data file (after the network); returns mandates."""
    path = path or data_file()
    data = datafile.read(path)
    with transaction.atomic():
        return _DemoLoader(str(path), data).load()


class _DemoLoader(datafile.Reader):
    def __init__(self, path: str, data: dict[str, Any]) -> None:
        super().__init__(path, {s.code: s for s in Source.objects.all()})
        self.data = data
        self.authorities: dict[str, LocalAuthority] = {
            a.istat_code: a for a in LocalAuthority.objects.exclude(istat_code=None) if a.istat_code
        }
        self.bodies: dict[str, Body] = {}
        self.people: dict[str, Person] = {}

    def authority(self, code: Any, where: str) -> LocalAuthority:
        return self.lookup(self.authorities, str(code), where, "authority (ISTAT code)")  # type: ignore[no-any-return]

    def load(self) -> int:
        for i, row in enumerate(self.data.get("bodies") or []):
            where = f"bodies[{i}] ({row.get('key')})"
            body = Body(
                key=row["key"],
                kind=row["kind"],
                order=row.get("order", 0),
                min_seats=row.get("min_seats"),
                term_years=row.get("term_years"),
                term_uncertain=bool(row.get("term_uncertain")),
                source=self.source(row.get("source"), f"{where}.source"),
                term_source=self.source(row.get("term_source"), f"{where}.term_source"),
                **translated("name", row["name"]),
                **translated("description", row.get("description")),
            )
            self.clean(body, where)
            body.save()
            self.bodies[body.key] = body
            for j, p in enumerate(row.get("positions") or []):
                position = Position(
                    body=body,
                    key=p["key"],
                    seats=p.get("seats"),
                    holder=p.get("holder", Position.Holder.PERSON),
                    order=j,
                    **translated("name", p["name"]),
                )
                self.clean(position, f"{where}.positions[{j}]")
                position.save()
        for i, row in enumerate(self.data.get("people") or []):
            where = f"people[{i}] ({row.get('name')})"
            person = Person.objects.create(name=row["name"])
            self.people[row["key"]] = person
            for j, o in enumerate(row.get("offices") or []):
                w = f"{where}.offices[{j}]"
                start, start_precision = self.date(o.get("start"), f"{w}.start")
                end, end_precision = self.date(o.get("end"), f"{w}.end", end=True)
                office = Office(
                    person=person,
                    authority=self.authority(o["authority"], f"{w}.authority"),
                    kind=o["kind"],
                    title=o.get("title", ""),
                    start_on=start,
                    start_precision=start_precision,
                    end_on=end,
                    end_precision=end_precision,
                    source=self.source(o.get("source"), f"{w}.source"),
                )
                self.clean(office, w)
                office.save()
        mandates = []
        for i, row in enumerate(self.data.get("mandates") or []):
            where = f"mandates[{i}]"
            body = self.lookup(self.bodies, row["body"], f"{where}.body", "body")
            position = self.lookup(
                {p.key: p for p in body.positions.all()}, row["position"], f"{where}.position", "position"
            )
            start, start_precision = self.date(row.get("start"), f"{where}.start")
            end, end_precision = self.date(row.get("end"), f"{where}.end", end=True)
            mandate = Mandate(
                body=body,
                position=position,
                person=self.lookup(self.people, row["person"], f"{where}.person", "person")
                if row.get("person")
                else None,
                authority=self.authority(row["authority"], f"{where}.authority")
                if row.get("authority")
                else None,
                affiliation=row.get("affiliation", ""),
                start_on=start,
                start_precision=start_precision,
                end_on=end,
                end_precision=end_precision,
                began=row["began"],
                ended=row.get("ended", ""),
                uncertain=bool(row.get("uncertain")),
                source=self.source(row.get("source"), f"{where}.source"),
                **translated("notes", row.get("notes")),
            )
            self.clean(mandate, where)
            mandates.append(mandate)
        Mandate.objects.bulk_create(mandates)
        return len(mandates)
