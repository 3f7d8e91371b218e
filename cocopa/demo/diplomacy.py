"""The demo's city diplomacy (demo/data/diplomacy.yaml): kinds of agreement, the local
authorities abroad, agreements and missions, each with its source. Loaded after the network,
the initiatives and the library it links."""

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from cocopa.cooperation.models import Initiative
from cocopa.core import datafile
from cocopa.core.datafile import translated as _translated
from cocopa.core.models import Source
from cocopa.diplomacy import services
from cocopa.diplomacy.models import Agreement, AgreementKind, ForeignAuthority
from cocopa.diplomacy.services import AgreementInput, ForeignAuthorityInput, MissionInput, ParticipantInput
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority


def translated(prefix: str, value: Any) -> dict[str, Any]:
    return _translated(prefix, value)


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "diplomacy.yaml"


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _members(reader: datafile.Reader, slugs: list[Any], where: str) -> list[LocalAuthority]:
    found = []
    for slug in slugs:
        member = member_queries.by_slug(str(slug)).first()
        if member is None:
            raise reader.fail(where, f"unknown member {slug!r}")
        found.append(member)
    return found


def _source(reader: datafile.Reader, row: dict[str, Any], where: str) -> Source:
    source = reader.source(row.get("source"), f"{where}.source")
    if source is None:
        raise reader.fail(where, "a demo fact cites its source")
    return source


def load(path: Path | None = None) -> tuple[int, int]:
    """Write the register through its services; how many agreements and missions."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    initiatives = {i.identifier: i for i in Initiative.objects.all()}
    with transaction.atomic():
        for row in data.get("kinds") or []:
            AgreementKind.objects.create(key=row["key"], name_it=row["it"], name_en=row.get("en", ""))
        kinds = {k.key: k for k in AgreementKind.objects.all()}
        abroad: dict[str, ForeignAuthority] = {}
        for row in data.get("foreign_authorities") or []:
            abroad[row["key"]] = services.create_foreign_authority(
                ForeignAuthorityInput(
                    name=row["name"],
                    country=row["country"],
                    latitude=_decimal(row.get("latitude")),
                    longitude=_decimal(row.get("longitude")),
                    website=row.get("website", ""),
                ),
                actor=None,
            )
        agreements: dict[str, Agreement] = {}
        for i, row in enumerate(data.get("agreements") or []):
            where = f"agreements[{i}]"
            agreements[row["key"]] = services.create_agreement(
                AgreementInput(
                    kind=reader.lookup(kinds, row["kind"], f"{where}.kind", "kind"),
                    **translated("title", row["title"]),
                    **translated("description", row.get("description")),
                    **translated("uncertain_note", row.get("uncertain_note")),
                    signed_on=str(row.get("signed_on") or ""),
                    ended_on=str(row.get("ended_on") or ""),
                    uncertain=bool(row.get("uncertain")),
                    source=_source(reader, row, where),
                    members=_members(reader, row.get("members") or [], f"{where}.members"),
                    foreign_authorities=[
                        reader.lookup(abroad, k, f"{where}.foreign_authorities", "authority abroad")
                        for k in row.get("foreign_authorities") or []
                    ],
                    initiatives=[
                        reader.lookup(initiatives, k, f"{where}.initiatives", "initiative")
                        for k in row.get("initiatives") or []
                    ],
                ),
                actor=None,  # the system loads the demo; no rule is asked
            )
        missions = data.get("missions") or []
        for i, row in enumerate(missions):
            where = f"missions[{i}]"
            services.create_mission(
                MissionInput(
                    direction=row["direction"],
                    **translated("title", row["title"]),
                    **translated("purpose", row.get("purpose")),
                    **translated("outcomes", row.get("outcomes")),
                    **translated("uncertain_note", row.get("uncertain_note")),
                    place=row.get("place", ""),
                    country=row.get("country", ""),
                    latitude=_decimal(row.get("latitude")),
                    longitude=_decimal(row.get("longitude")),
                    started_on=str(row.get("started_on") or ""),
                    ended_on=str(row.get("ended_on") or ""),
                    uncertain=bool(row.get("uncertain")),
                    source=_source(reader, row, where),
                    members=_members(reader, row.get("members") or [], f"{where}.members"),
                    initiatives=[
                        reader.lookup(initiatives, k, f"{where}.initiatives", "initiative")
                        for k in row.get("initiatives") or []
                    ],
                    agreements=[
                        reader.lookup(agreements, k, f"{where}.agreements", "agreement")
                        for k in row.get("agreements") or []
                    ],
                    participants=[
                        ParticipantInput(
                            **translated("office", p["office"]),
                            name=p.get("name", ""),
                            public_office=bool(p.get("public_office")),
                            member=(
                                _members(reader, [p["member"]], f"{where}.participants")[0]
                                if p.get("member")
                                else None
                            ),
                        )
                        for p in row.get("participants") or []
                    ],
                ),
                actor=None,
            )
    return len(agreements), len(missions)
