"""Writes to the cooperation registry: loading the demo portfolio from its data file."""

import datetime as dt
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

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
from cocopa.core.dates import parse_partial
from cocopa.core.errors import InputFileError
from cocopa.core.models import Source
from cocopa.members import queries as member_queries
from cocopa.network.models import FieldOfAction, FieldOfIntervention

DEMO_FILE = "initiatives.yaml"


def demo_path() -> Path:
    return Path(str(resources.files("cocopa.cooperation") / "data" / DEMO_FILE))


def load_demo(path: Path | None = None) -> int:
    """Load the demo portfolio (after the network, whose sources and fields it cites); all or nothing.

    Returns the number of initiatives loaded. The caller owns the audit event.
    """
    path = path or demo_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InputFileError(str(path), None, None, str(err)) from err
    with transaction.atomic():
        return _Loader(str(path), data).load()


def _tr(prefix: str, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {f"{prefix}_it": value}
    return {f"{prefix}_{lang}": text for lang, text in value.items() if lang in ("it", "en")}


class _Loader:
    def __init__(self, path: str, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.sources = {s.code: s for s in Source.objects.all()}
        self.kinds: dict[str, InitiativeKind] = {}
        self.orgs: dict[str, Organisation] = {}
        self.initiatives: dict[str, Initiative] = {}
        # Fields are named by their English name, which the data file and the network's share.
        self.actions = {str(getattr(f, "name_en", "")): f for f in FieldOfAction.objects.all()}
        self.interventions = {str(getattr(f, "name_en", "")): f for f in FieldOfIntervention.objects.all()}

    def fail(self, where: str, problem: str) -> InputFileError:
        return InputFileError(self.path, None, where, problem)

    def source(self, code: str | None, where: str) -> Source | None:
        if not code:
            return None
        try:
            return self.sources[code]
        except KeyError:
            raise self.fail(where, f"unknown source {code!r}") from None

    def lookup(self, table: dict[str, Any], key: str, where: str, what: str) -> Any:
        try:
            return table[key]
        except KeyError:
            raise self.fail(where, f"unknown {what} {key!r}") from None

    def date(self, text: Any, where: str, *, end: bool = False) -> tuple[dt.date | None, str]:
        if text in (None, ""):
            return None, "day"
        try:
            value, precision = parse_partial(str(text), end=end)
        except ValueError as err:
            raise self.fail(where, str(err)) from None
        return value, precision.value

    def clean(self, obj: models.Model, where: str) -> None:
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as err:
            raise self.fail(
                where, "; ".join(f"{k}: {' '.join(v)}" for k, v in err.message_dict.items())
            ) from None

    def load(self) -> int:
        for s in self.data.get("sources", []):
            self.sources[s["code"]] = Source.objects.create(
                code=s["code"],
                title=s["title"],
                url=s.get("url", ""),
                published=s.get("published", ""),
                kind=s.get("kind", ""),
                note=s.get("note", ""),
            )
        for i, k in enumerate(self.data.get("kinds", [])):
            self.kinds[k["key"]] = InitiativeKind.objects.create(
                key=k["key"], order=i, **_tr("name", k["name"])
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
                **_tr("rationale", m.get("rationale")),
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
                **_tr("text", c["text"]),
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
            **_tr("title", item["title"]),
            **_tr("description", item.get("description")),
            **_tr("notes", item.get("notes")),
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
                **_tr("title", d["title"]),
            )
