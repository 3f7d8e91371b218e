"""The demo cooperation portfolio (initiatives, partners, places, the seed's claims) from its data file."""

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from cocopa.cooperation.models import (
    DateClaim,
    Document,
    Initiative,
    InitiativeKind,
    Organisation,
    Participation,
    Place,
    PortfolioClaim,
    RecipientCountry,
    SectorMapping,
)
from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.models import Source
from cocopa.members import queries as member_queries
from cocopa.network.models import FieldOfAction, FieldOfIntervention


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "initiatives.yaml"


def load(path: Path | None = None) -> int:
    """Load the demo portfolio (after the network, whose sources and fields it cites); all or nothing.

    Returns the number of initiatives loaded. The caller owns the audit event.
    """
    path = path or data_file()
    data = datafile.read(path)
    with transaction.atomic():
        return _Loader(str(path), data).load()


class _Loader(datafile.Reader):
    def __init__(self, path: str, data: dict[str, Any]) -> None:
        super().__init__(path, {s.code: s for s in Source.objects.all()})
        self.data = data
        self.kinds: dict[str, InitiativeKind] = {}
        self.orgs: dict[str, Organisation] = {}
        self.initiatives: dict[str, Initiative] = {}
        # Fields are named by their English name, which the data file and the network's share.
        self.actions = {str(getattr(f, "name_en", "")): f for f in FieldOfAction.objects.all()}
        self.interventions = {str(getattr(f, "name_en", "")): f for f in FieldOfIntervention.objects.all()}

    def load(self) -> int:
        self.create_sources(self.data.get("sources", []))
        for i, k in enumerate(self.data.get("kinds", [])):
            self.kinds[k["key"]] = InitiativeKind.objects.create(
                key=k["key"], order=i, **translated("name", k["name"])
            )
        for i, m in enumerate(self.data.get("sector_mappings", [])):
            where = f"sector_mappings[{i}]"
            mapping = SectorMapping(
                field_of_intervention=self.lookup(
                    self.interventions, m["field_of_intervention"], where, "field"
                )
                if "field_of_intervention" in m
                else None,
                field_of_action=self.lookup(self.actions, m["field_of_action"], where, "field")
                if "field_of_action" in m
                else None,
                code=m["code"],
                exact=m.get("exact", True),
                **translated("rationale", m.get("rationale")),
            )
            self.clean(mapping, where)
            mapping.save()
        for i, o in enumerate(self.data.get("organisations", [])):
            authority = None
            if o.get("authority"):
                authority = member_queries.by_slug(o["authority"]).first()
                if authority is None:
                    raise self.fail(f"organisations[{i}]", f"no authority {o['authority']!r}")
            self.orgs[o["key"]] = Organisation.objects.create(
                name=o["name"],
                ref=o.get("ref", ""),
                type=o.get("type", ""),
                country=o.get("country", ""),
                authority=authority,
            )
        for i, c in enumerate(self.data.get("portfolio_claims", [])):
            PortfolioClaim.objects.create(
                country=c["country"],
                initiatives=c.get("initiatives"),
                period=c.get("period", ""),
                source=self.lookup(self.sources, c["source"], f"portfolio_claims[{i}]", "source"),
                **translated("text", c["text"]),
            )
        for i, item in enumerate(self.data.get("initiatives", [])):
            self.initiative(i, item)
        for i, item in enumerate(self.data.get("initiatives", [])):
            related = [
                self.lookup(self.initiatives, r, f"initiatives[{i}].related", "initiative")
                for r in item.get("related", [])
            ]
            self.initiatives[item["identifier"]].related.add(*related)
        return len(self.initiatives)

    def initiative(self, i: int, item: dict[str, Any]) -> None:
        where = f"initiatives[{i}] ({item.get('identifier')})"
        dates: dict[str, Any] = {}
        for name in ("planned_start", "actual_start", "planned_end", "actual_end"):
            value, precision = self.date(item.get(name), f"{where}.{name}", end=name.endswith("end"))
            dates[name] = value
            dates[f"{name}_precision"] = precision
        initiative = Initiative(
            identifier=item["identifier"],
            kind=self.lookup(self.kinds, item["kind"], where, "kind"),
            status=item.get("status", ""),
            uncertain=bool(item.get("uncertain")),
            **dates,
            **translated("title", item["title"]),
            **translated("description", item.get("description")),
            **translated("notes", item.get("notes")),
        )
        self.clean(initiative, where)
        initiative.save()
        self.initiatives[initiative.identifier] = initiative
        initiative.fields_of_action.set(
            [self.lookup(self.actions, f, where, "field of action") for f in item.get("fields_of_action", [])]
        )
        initiative.fields_of_intervention.set(
            [
                self.lookup(self.interventions, f, where, "field of intervention")
                for f in item.get("fields_of_intervention", [])
            ]
        )
        initiative.sources.set([s for s in (self.source(c, where) for c in item.get("sources", [])) if s])
        countries = item.get("countries", [])
        share = (Decimal(100) / len(countries)).quantize(Decimal("0.01")) if len(countries) > 1 else None
        for code in countries:
            RecipientCountry.objects.create(initiative=initiative, code=code, percentage=share)
        for j, p in enumerate(item.get("places", [])):
            geonames = p.get("geonames")
            Place.objects.create(
                initiative=initiative,
                name=p["name"],
                country=p.get("country", ""),
                latitude=p.get("latitude"),
                longitude=p.get("longitude"),
                exactness=Place.Exactness.APPROXIMATE,
                source=self.source("GEONAMES", f"{where}.places[{j}]") if geonames else None,
            )
        for j, part in enumerate(item.get("participations", [])):
            Participation.objects.create(
                initiative=initiative,
                organisation=self.lookup(
                    self.orgs, part["org"], f"{where}.participations[{j}]", "organisation"
                ),
                role=part["role"],
                lead=bool(part.get("lead")),
                share=part.get("share"),
            )
        for j, c in enumerate(item.get("date_claims", [])):
            DateClaim.objects.create(
                initiative=initiative,
                which=c["which"],
                text=str(c["text"]),
                used=bool(c.get("used")),
                source=self.source(c.get("source"), f"{where}.date_claims[{j}]"),
            )
        for j, d in enumerate(item.get("documents", [])):
            on, _ = self.date(d.get("date"), f"{where}.documents[{j}].date")
            Document.objects.create(
                initiative=initiative,
                url=d["url"],
                language=d.get("language", ""),
                published_on=on,
                **translated("title", d["title"]),
            )
