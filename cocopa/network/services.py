"""Writes to the network: loading the demo network from its data file."""

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction

from cocopa.core import audit
from cocopa.core.dates import parse_partial
from cocopa.core.errors import Conflict, InputFileError
from cocopa.core.models import Source
from cocopa.members.models import (
    AdhesionAct,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    ReportedCount,
    SizeClass,
)
from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website

DEMO_FILE = "cocopa.yaml"


def demo_path() -> Path:
    return Path(str(resources.files("cocopa.network") / "data" / DEMO_FILE))


def is_empty() -> bool:
    """True when no network has been loaded or entered yet."""
    return not (NetworkProfile.objects.exists() or LocalAuthority.objects.exists() or Source.objects.exists())


@dataclass(frozen=True)
class LoadSummary:
    sources: int
    authorities: int
    memberships: int
    population_figures: int


def load_demo(path: Path | None = None, *, actor: User | None = None) -> LoadSummary:
    """Load the network described in the data file into an empty database, all or nothing."""
    path = path or demo_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InputFileError(str(path), None, None, str(err)) from err
    with transaction.atomic():
        if not is_empty():
            raise Conflict(
                "database_not_empty",
                "The database already holds a network; load_demo only fills an empty one.",
            )
        loader = _Loader(str(path), data)
        summary = loader.load()
        audit.record(actor, "network.demo_loaded", None, {"file": path.name, **summary.__dict__})
    return summary


def _tr(prefix: str, value: Any) -> dict[str, str]:
    """{'it': …, 'en': …} → {'name_it': …, 'name_en': …}; a plain string is Italian."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {f"{prefix}_it": value}
    return {f"{prefix}_{lang}": text for lang, text in value.items() if lang in ("it", "en")}


class _Loader:
    def __init__(self, path: str, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.sources: dict[str, Source] = {}

    def fail(self, where: str, problem: str) -> InputFileError:
        return InputFileError(self.path, None, where, problem)

    def clean(self, obj: models.Model, where: str) -> None:
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as err:
            raise self.fail(
                where, "; ".join(f"{k}: {' '.join(v)}" for k, v in err.message_dict.items())
            ) from None

    def source(self, code: str | None, where: str) -> Source | None:
        if not code:
            return None
        try:
            return self.sources[code]
        except KeyError:
            raise self.fail(where, f"unknown source {code!r}") from None

    def source_list(self, codes: list[str], where: str) -> list[Source]:
        return [s for s in (self.source(code, where) for code in codes) if s is not None]

    def date(self, text: Any, where: str, *, end: bool = False) -> tuple[dt.date | None, str]:
        if text in (None, ""):
            return None, "day"
        try:
            value, precision = parse_partial(str(text), end=end)
        except ValueError as err:
            raise self.fail(where, str(err)) from None
        return value, precision.value

    def load(self) -> LoadSummary:
        for s in self.data.get("sources", []):
            self.sources[s["code"]] = Source.objects.create(
                code=s["code"],
                title=s["title"],
                url=s.get("url", ""),
                published=s.get("published", ""),
                kind=s.get("kind", ""),
                note=s.get("note", ""),
                date_uncertain=bool(s.get("date_uncertain")),
            )
        for c in self.data.get("size_classes", []):
            SizeClass.objects.create(key=c["key"], lower_bound=c["lower_bound"], **_tr("name", c["name"]))
        authorities = [self.authority(i, a) for i, a in enumerate(self.data.get("authorities", []))]
        self.profile()
        self.taxonomies()
        for i, c in enumerate(self.data.get("reported_counts", [])):
            on, precision = self.date(c.get("date"), f"reported_counts[{i}].date")
            ReportedCount.objects.create(
                on=on,
                on_precision=precision,
                date_text=c.get("date_text", ""),
                municipalities=c.get("municipalities"),
                source=self.source(c.get("source"), f"reported_counts[{i}]"),
                uncertain=bool(c.get("uncertain")),
                conflicts_with=self.source(c.get("conflicts_with"), f"reported_counts[{i}]"),
                **_tr("text", c["text"]),
            )
        return LoadSummary(
            sources=len(self.sources),
            authorities=len(authorities),
            memberships=Membership.objects.count(),
            population_figures=PopulationFigure.objects.count(),
        )

    def authority(self, i: int, a: dict[str, Any]) -> LocalAuthority:
        where = f"authorities[{i}] ({a.get('name')})"
        authority = LocalAuthority(
            kind=a["kind"],
            name=a["name"],
            istat_code=a.get("istat_code") or None,
            province_code=a.get("province_code", ""),
            statistical_code=a.get("statistical_code", ""),
            cadastral_code=a.get("cadastral_code", ""),
            region_name=a.get("region_name", ""),
            province_name=a.get("province_name", ""),
            names_in_sources=a.get("names_in_sources", ""),
            **_tr("notes", a.get("notes")),
        )
        self.clean(authority, where)
        authority.save()
        for j, p in enumerate(a.get("population", [])):
            on, precision = self.date(p.get("date"), f"{where}.population[{j}].date")
            PopulationFigure.objects.create(
                authority=authority,
                value=p["value"],
                reference_date=on,
                reference_precision=precision,
                reference_text=p.get("date_text", ""),
                source=self.source(p.get("source"), where),
                uncertain=bool(p.get("uncertain")),
                preferred=bool(p.get("preferred")),
                **_tr("basis", p.get("basis")),
            )
        periods = []
        for j, m in enumerate(a.get("memberships", [])):
            start, start_precision = self.date(m["start"], f"{where}.memberships[{j}].start")
            end, end_precision = self.date(m.get("end"), f"{where}.memberships[{j}].end", end=True)
            assert start is not None
            period = Membership(
                authority=authority,
                start_on=start,
                start_precision=start_precision,
                start_basis=m["start_basis"],
                start_source=self.source(m.get("start_source"), where),
                end_on=end,
                end_precision=end_precision,
                end_basis=m.get("end_basis", ""),
                end_source=self.source(m.get("end_source"), where),
                **_tr("notes", m.get("notes")),
            )
            self.clean(period, f"{where}.memberships[{j}]")
            period.save()
            periods.append(period)
        for j, act in enumerate(a.get("acts", [])):
            on, precision = self.date(act.get("date"), f"{where}.acts[{j}].date")
            in_force, _ = self.date(act.get("in_force_on"), f"{where}.acts[{j}].in_force_on")
            AdhesionAct.objects.create(
                authority=authority,
                membership=periods[act["period"]] if "period" in act else None,
                kind=act["kind"],
                number=act.get("number", ""),
                adopted_on=on,
                adopted_precision=precision,
                in_force_on=in_force,
                source=self.source(act.get("source"), where),
                **_tr("body", act.get("body")),
                **_tr("notes", act.get("notes")),
            )
        for j, e in enumerate(a.get("evidence", [])):
            on, precision = self.date(e.get("date"), f"{where}.evidence[{j}].date")
            codes = e.get("sources") or []
            MembershipEvidence.objects.create(
                authority=authority,
                on=on,
                on_precision=precision,
                date_text=e.get("date_text", ""),
                source=self.source(codes[0] if codes else None, where),
                uncertain=bool(e.get("uncertain")),
                **_tr("what", e["what"]),
            )
        return authority

    def profile(self) -> None:
        p = self.data["profile"]
        founded, founded_precision = self.date(p.get("founded"), "profile.founded")
        motto = p.get("motto", {})
        motto_on, _ = self.date(motto.get("date"), "profile.motto.date")
        contacts = p.get("contacts", {})
        territory = p.get("territory", {})
        NetworkProfile.objects.create(
            acronym=p["acronym"],
            founded_on=founded,
            founded_precision=founded_precision,
            motto_author=motto.get("author", ""),
            motto_on=motto_on,
            motto_source=self.source(motto.get("source"), "profile.motto"),
            territory=self._find(territory.get("authority"), "profile.territory.authority"),
            capital=self._find(p.get("capital"), "profile.capital"),
            phones=", ".join(contacts.get("phones", [])),
            fax=contacts.get("fax", ""),
            email=contacts.get("email", ""),
            contact_source=self.source(contacts.get("source"), "profile.contacts"),
            **_tr("name", p["name"]),
            **_tr("description", p.get("description")),
            **_tr("motto_quote", motto.get("quote")),
            **_tr("motto_occasion", motto.get("occasion")),
            **_tr("territory_name", territory.get("name")),
            **_tr("address", contacts.get("address")),
            **_tr("contact_note", contacts.get("note")),
        )
        for i, c in enumerate(self.data.get("founding_claims", [])):
            on, precision = self.date(c["date"], f"founding_claims[{i}].date")
            assert on is not None
            claim = FoundingClaim.objects.create(
                on=on, on_precision=precision, uncertain=bool(c.get("uncertain")), **_tr("fact", c["fact"])
            )
            claim.sources.set(self.source_list(c.get("sources", []), f"founding_claims[{i}]"))
        for i, w in enumerate(self.data.get("websites", [])):
            site = Website.objects.create(
                url=w["url"], current=bool(w.get("current")), order=i, **_tr("note", w.get("note"))
            )
            site.sources.set(self.source_list(w.get("sources", []), f"websites[{i}]"))

    def _find(self, code: str | None, where: str) -> LocalAuthority | None:
        """An authority by its ISTAT code, or a supra-municipal one by its statistical code."""
        if not code:
            return None
        found = (
            LocalAuthority.objects.filter(istat_code=code).first()
            or LocalAuthority.objects.filter(statistical_code=code).first()
        )
        if found is None:
            raise self.fail(where, f"no authority with code {code!r} in the file")
        return found

    def taxonomies(self) -> None:
        for i, f in enumerate(self.data.get("fields_of_action", [])):
            FieldOfAction.objects.create(
                order=i,
                source=self.source(f.get("source"), f"fields_of_action[{i}]"),
                **_tr("name", f["name"]),
                **_tr("description", f.get("description")),
            )
        for i, f in enumerate(self.data.get("fields_of_intervention", [])):
            parent = FieldOfIntervention.objects.create(
                order=i,
                source=self.source(f.get("source"), f"fields_of_intervention[{i}]"),
                **_tr("name", f["name"]),
            )
            for j, child in enumerate(f.get("children", [])):
                FieldOfIntervention.objects.create(
                    parent=parent, order=j, source=parent.source, **_tr("name", child["name"])
                )
