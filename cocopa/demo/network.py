"""The demo network (profile, members, conventions, populations, sources, fields) from its data file."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from cocopa.core import audit, datafile
from cocopa.core.datafile import translated
from cocopa.core.errors import Conflict
from cocopa.core.models import Source
from cocopa.core.roles import Actor
from cocopa.members.models import (
    AdhesionAct,
    Convention,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    ReportedCount,
    SizeClass,
)
from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "cocopa.yaml"


def is_empty() -> bool:
    """True when no network has been loaded or entered yet."""
    return not (NetworkProfile.objects.exists() or LocalAuthority.objects.exists() or Source.objects.exists())


@dataclass(frozen=True)
class LoadSummary:
    sources: int
    authorities: int
    memberships: int
    population_figures: int


def load(path: Path | None = None, *, actor: Actor = None) -> LoadSummary:
    """Load the network described in the data file into an empty database, all or nothing."""
    path = path or data_file()
    data = datafile.read(path)
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


class _Loader(datafile.Reader):
    def __init__(self, path: str, data: dict[str, Any]) -> None:
        super().__init__(path)
        self.data = data
        self.conventions: dict[str, Convention] = {}

    def load(self) -> LoadSummary:
        self.create_sources(self.data.get("sources", []))
        for c in self.data.get("size_classes", []):
            SizeClass.objects.create(
                key=c["key"], lower_bound=c["lower_bound"], **translated("name", c["name"])
            )
        for i, c in enumerate(self.data.get("conventions", [])):
            self.convention(i, c)
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
                **translated("text", c["text"]),
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
            **translated("notes", a.get("notes")),
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
                **translated("basis", p.get("basis")),
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
                **translated("notes", m.get("notes")),
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
                convention=self.lookup(self.conventions, act["convention"], where, "convention")
                if "convention" in act
                else None,
                source=self.source(act.get("source"), where),
                **translated("body", act.get("body")),
                **translated("notes", act.get("notes")),
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
                **translated("what", e["what"]),
            )
        return authority

    def convention(self, i: int, c: dict[str, Any]) -> None:
        where = f"conventions[{i}] ({c.get('key')})"
        start, start_precision = self.date(c["start"], f"{where}.start")
        end, _ = self.date(c.get("end"), f"{where}.end", end=True)
        assert start is not None
        convention = Convention(
            kind=c["kind"],
            start_on=start,
            start_precision=start_precision,
            end_on=end,
            withdrawal_notice_days=c.get("withdrawal_notice_days"),
            document_url=c.get("document_url", ""),
            source=self.source(c.get("source"), where),
            **translated("title", c["title"]),
            **translated("rules", c.get("rules")),
            **translated("notes", c.get("notes")),
        )
        self.clean(convention, where)
        convention.save()
        self.conventions[c["key"]] = convention

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
            **translated("name", p["name"]),
            **translated("description", p.get("description")),
            **translated("motto_quote", motto.get("quote")),
            **translated("motto_occasion", motto.get("occasion")),
            **translated("territory_name", territory.get("name")),
            **translated("address", contacts.get("address")),
            **translated("contact_note", contacts.get("note")),
        )
        for i, c in enumerate(self.data.get("founding_claims", [])):
            on, precision = self.date(c["date"], f"founding_claims[{i}].date")
            assert on is not None
            claim = FoundingClaim.objects.create(
                on=on,
                on_precision=precision,
                uncertain=bool(c.get("uncertain")),
                **translated("fact", c["fact"]),
            )
            claim.sources.set(self.source_list(c.get("sources", []), f"founding_claims[{i}]"))
        for i, w in enumerate(self.data.get("websites", [])):
            site = Website.objects.create(
                url=w["url"], current=bool(w.get("current")), order=i, **translated("note", w.get("note"))
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
                **translated("name", f["name"]),
                **translated("description", f.get("description")),
            )
        for i, f in enumerate(self.data.get("fields_of_intervention", [])):
            parent = FieldOfIntervention.objects.create(
                order=i,
                source=self.source(f.get("source"), f"fields_of_intervention[{i}]"),
                **translated("name", f["name"]),
            )
            for j, child in enumerate(f.get("children", [])):
                FieldOfIntervention.objects.create(
                    parent=parent, order=j, source=parent.source, **translated("name", child["name"])
                )
