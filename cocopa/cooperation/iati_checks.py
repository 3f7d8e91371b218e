"""Checks run before the IATI export, modelled on the IATI Validator's rules that matter here.

Each finding names the initiative and the field to fix, with a stable rule code from
iati_rules.RULES, the one list of rules the import (iati_validate) applies too. Errors keep an
initiative out of the export (its activity would be invalid against the schema, or wrong by the
IATI rules); warnings are reported but do not. Pure: reads the records iati_source reads (an
Initiative instance given instead is turned into its record by iati_source.from_model), no
queries of its own.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Literal, TypeVar

from cocopa.cooperation import codelists, iati, iati_rules, iati_source
from cocopa.cooperation.iati_source import Activity
from cocopa.cooperation.models import Initiative

Severity = Literal["error", "warning"]
_Item = TypeVar("_Item", Activity, Initiative)


@dataclass(frozen=True)
class Finding:
    initiative: str  # the initiative's identifier
    field: str  # what to fix, as the registry names it: "status", "budgets[0].period_end" …
    rule: str  # stable code
    message: str
    severity: Severity = "error"
    line: int | None = None  # in the file, for a finding of an import (iati_validate); None on export

    @property
    def rule_text(self) -> str:
        """What the rule asks, the same words on the way in and out."""
        return iati_rules.rule(self.rule).text

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if k != "line"}

    def __str__(self) -> str:
        return f"{self.severity}: {self.initiative}: {self.field}: {self.message} [{self.rule}]"


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, month=3, day=1)


class _Checker:
    def __init__(self, initiative: Activity, today: dt.date) -> None:
        self.initiative = initiative
        self.today = today
        self.findings: list[Finding] = []

    def add(self, field: str, rule: str, message: str, severity: Severity | None = None) -> None:
        # The rule's severity from the shared list unless given; an unknown rule id fails here.
        known = iati_rules.rule(rule)
        self.findings.append(
            Finding(self.initiative.identifier, field, rule, message, severity or known.severity)
        )

    def code(self, field: str, codelist: str, code: str) -> None:
        if not codelists.is_valid(codelist, code):
            self.add(field, "unknown_code", f"{code!r} is not a code of the IATI {codelist} codelist")

    def run(self) -> list[Finding]:
        self.texts()
        self.status()
        self.dates()
        self.recipients()
        self.places()
        self.sectors()
        self.participations()
        self.budgets()
        self.transactions()
        self.documents()
        self.results()
        return self.findings

    def texts(self) -> None:
        i = self.initiative
        if not i.title:
            self.add("title", "title_missing", "an activity needs a title in at least one language")
        if not i.description:
            self.add("description", "description_missing", "the schema requires a description (type 1)")

    def status(self) -> None:
        if self.initiative.default_currency:
            self.code("default_currency", "Currency", self.initiative.default_currency)
        if not self.initiative.status:
            self.add("status", "status_missing", "activity-status is mandatory in IATI 2.03; set the status")
        else:
            self.code("status", "ActivityStatus", self.initiative.status)

    def dates(self) -> None:
        i = self.initiative
        if i.planned_start is None and i.actual_start is None:
            self.add(
                "planned_start",
                "start_date_missing",
                "IATI requires a start date (activity-date type 1 planned or 2 actual)",
            )
        for name in ("actual_start", "actual_end"):
            value = getattr(i, name)
            if value is not None and value > self.today:
                self.add(name, "actual_date_in_future", f"an actual date cannot be in the future ({value})")
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            a, b = getattr(i, start), getattr(i, end)
            if a is not None and b is not None and b < a:
                self.add(end, "end_before_start", f"{end} {b} is before {start} {a}")

    def recipients(self) -> None:
        countries, regions = self.initiative.countries, self.initiative.regions
        for n, c in enumerate(countries):
            self.code(f"countries[{n}].code", "Country", c.code)
        for n, r in enumerate(regions):
            self.code(f"regions[{n}].vocabulary", "RegionVocabulary", r.vocabulary)
            if r.vocabulary == "1":
                self.code(f"regions[{n}].code", "Region", r.code)
        if iati.recipient_shares(countries, regions) is None:
            stored = [c.percentage for c in countries] + [r.percentage for r in regions]
            given = sum((Decimal(p) for p in stored if p is not None), Decimal(0))
            self.add(
                "countries.percentage",
                "recipient_percentages_not_100",
                f"recipient country and region percentages must all be given and sum to 100 (they sum to {given})",
            )
        if not countries and not regions:
            self.add("countries", "recipient_missing", "no recipient country or region", "warning")

    def places(self) -> None:
        for n, place in enumerate(self.initiative.places):
            if place.exactness:  # optional in IATI: empty where another publisher gave none
                self.code(f"places[{n}].exactness", "GeographicExactness", place.exactness)
            if (place.latitude is None) != (place.longitude is None):
                self.add(
                    f"places[{n}].latitude", "point_incomplete", "a point needs both latitude and longitude"
                )

    def sectors(self) -> None:
        i = self.initiative
        if not i.sectors:
            self.add(
                "fields_of_intervention",
                "sector_missing",
                "no DAC sector: map its fields of intervention (or of action) to sector codes",
                "warning",
            )
        # The initiative's own sectors are fixed where they are; the default, in its fields.
        by_vocabulary: dict[str, list[Decimal | None]] = {}
        for n, sector in enumerate(i.sectors):
            where = "fields_of_intervention" if i.sectors_from_fields else f"sectors[{n}].code"
            if sector.vocabulary == "1":
                self.code(where, "Sector", sector.code)
            elif sector.vocabulary == "2":
                self.code(where, "SectorCategory", sector.code)
            if not i.sectors_from_fields:
                self.code(f"sectors[{n}].vocabulary", "SectorVocabulary", sector.vocabulary)
            by_vocabulary.setdefault(sector.vocabulary, []).append(sector.percentage)
        for vocabulary, shares in by_vocabulary.items():
            # IATI: within a vocabulary, one sector may leave out its percentage (100 %); several
            # must each give one, summing to 100.
            if len(shares) == 1 and shares[0] is None:
                continue
            if any(p is None for p in shares) or sum(p for p in shares if p is not None) != iati.HUNDRED:
                self.add(
                    "fields_of_intervention" if i.sectors_from_fields else "sectors",
                    "sector_percentages_not_100",
                    f"sector percentages of vocabulary {vocabulary} must all be given and sum to 100",
                )

    def participations(self) -> None:
        parts = self.initiative.participations
        if not parts:
            self.add(
                "participations", "participating_org_missing", "IATI requires a participating organisation"
            )
        for n, part in enumerate(parts):
            org = part.organisation
            where = f"participations[{n}]"
            if not org.ref.strip() and not org.name.strip():
                self.add(
                    f"{where}.organisation",
                    "participating_org_unnamed",
                    "a participating organisation needs an identifier or a name",
                )
            self.code(f"{where}.role", "OrganisationRole", part.role)
            if org.type:
                self.code(f"{where}.organisation.type", "OrganisationType", org.type)

    def budgets(self) -> None:
        for n, b in enumerate(self.initiative.budgets):
            where = f"budgets[{n}]"
            if b.currency:
                self.code(f"{where}.currency", "Currency", b.currency)
            if b.period_end < b.period_start:
                self.add(
                    f"{where}.period_end",
                    "budget_end_before_start",
                    "the budget period ends before it starts",
                )
            elif b.period_end >= _one_year_after(b.period_start):
                self.add(
                    f"{where}.period_end",
                    "budget_period_too_long",
                    f"a budget period must not be longer than one year ({b.period_start} to {b.period_end})",
                )
            self.code(f"{where}.type", "BudgetType", b.type)
            self.code(f"{where}.status", "BudgetStatus", b.status)

    def transactions(self) -> None:
        for n, t in enumerate(self.initiative.transactions):
            where = f"transactions[{n}]"
            if t.currency:
                self.code(f"{where}.currency", "Currency", t.currency)
            self.code(f"{where}.type", "TransactionType", t.type)
            if t.date > self.today:
                self.add(
                    f"{where}.date",
                    "transaction_date_in_future",
                    f"a transaction cannot be dated in the future ({t.date})",
                )
            if t.value_date is not None and t.value_date > self.today:
                self.add(
                    f"{where}.value_date",
                    "value_date_in_future",
                    f"a transaction's value-date cannot be in the future ({t.value_date})",
                )
            for side in ("provider", "receiver"):
                org = getattr(t, side)
                if org is not None and org.type:
                    self.code(f"{where}.{side}.type", "OrganisationType", org.type)

    def documents(self) -> None:
        for n, d in enumerate(self.initiative.documents):
            where = f"documents[{n}]"
            self.code(f"{where}.category", "DocumentCategory", d.category)
            if d.language:
                self.code(f"{where}.language", "Language", d.language)
            if not d.title:
                self.add(f"{where}.title", "document_title_missing", "a document link needs a title")

    def results(self) -> None:
        for n, r in enumerate(self.initiative.results):
            where = f"results[{n}]"
            self.code(f"{where}.type", "ResultType", r.type)
            if not r.title:
                self.add(f"{where}.title", "result_title_missing", "a result needs a title")
            indicators = r.indicators
            if not indicators:
                self.add(
                    f"{where}.indicators",
                    "result_without_indicator",
                    "the schema requires an indicator per result",
                )
            for m, ind in enumerate(indicators):
                self.code(f"{where}.indicators[{m}].measure", "IndicatorMeasure", ind.measure)
                if not ind.title:
                    self.add(
                        f"{where}.indicators[{m}].title",
                        "indicator_title_missing",
                        "an indicator needs a title",
                    )
                for k, p in enumerate(ind.periods):
                    if p.period_end < p.period_start:
                        self.add(
                            f"{where}.indicators[{m}].periods[{k}].period_end",
                            "end_before_start",
                            "the indicator period ends before it starts",
                        )


def check_initiative(initiative: Activity | Initiative, *, today: dt.date) -> list[Finding]:
    return _Checker(iati_source.as_activity(initiative), today).run()


def check(initiatives: Iterable[Activity | Initiative], *, today: dt.date) -> list[Finding]:
    """Every finding for every initiative, in order."""
    return [f for i in initiatives for f in check_initiative(i, today=today)]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def exportable(initiatives: Iterable[_Item], findings: list[Finding], *, today: dt.date) -> Iterator[_Item]:
    """The initiatives without errors, one at a time, as given; every finding is appended to `findings`."""
    for initiative in initiatives:
        found = check_initiative(initiative, today=today)
        findings.extend(found)
        if not has_errors(found):
            yield initiative
