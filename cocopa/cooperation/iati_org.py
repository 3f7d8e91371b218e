"""The network as one IATI 2.03 `iati-organisations` file (issue 15, point 6).

Pure: `figures()` sums the records iati_source reads (the activities of the network's own
activity file, never another publisher's held ones: the caller passes what iati_checks lets into
the activity file) and the writer builds the file with lxml. What goes in, in the schema's order:

- `organisation-identifier`, `name` and `reporting-org`: the network itself, from the same
  settings as the activity file (IATI_REPORTING_ORG_REF, _NAME, _TYPE).
- `total-budget`, one per calendar year (the Italian public bodies' financial year) and currency:
  the sum of the activities' budgets whose period lies within that year. Where an activity has a
  revised budget (type 2) for the same period as an original one (type 1), only the revised one
  counts, as IATI's budget types mean. Status 2 (committed) only when every budget summed is
  committed, else 1 (indicative).
- `recipient-region-budget` and `recipient-country-budget`, per region or country, year and
  currency: each of those budgets shared out by the activity's recipient percentages, the ones
  its activity file declares (`iati.recipient_shares`: countries and regions together make 100 %),
  each share to the cent. An activity without a recipient counts in the total only.
- `total-expenditure`, per calendar year and currency: the activities' disbursements (transaction
  type 3) and expenditures (4) dated within that year, IATI's "spend".
- `document-link`: the documents the caller gives (the library's public documents,
  `cocopa.library.iati`; cooperation cannot read the library, which stands above it).

Nothing is estimated or converted: amounts in different currencies are never added together (one
figure per currency, each with its own), a year without budgets has no total, and a budget whose
period runs across two calendar years is not split between them but left out of every figure
and named (`Figures.left_out`). The demo network holds no budget or transaction figures, so its
file has none of these elements.

`ruleset_findings()` checks a written file against the IATI Standard Ruleset's rules for
organisation files (IATI-Rulesets, standard.json, `/iati-organisations/iati-organisation…`):
periods in order and of at most a year, identifiers without / & | ? or surrounding spaces, a
default language and currency, last-updated-datetime not in the future.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, cast

from lxml import etree

from cocopa.cooperation import iati, iati_source
from cocopa.cooperation.iati_source import Activity, Texts

SCHEMA_FILE = "iati-organisations-schema.xsd"
COMMITTED = "2"
INDICATIVE = "1"
ORIGINAL = "1"
REVISED = "2"
# IATI TransactionType codes whose sum is the organisation's expenditure ("spend").
SPEND = ("3", "4")


@dataclass(frozen=True)
class OrgDocument:
    """A public document of the network, as a `document-link` of its organisation file."""

    url: str
    format: str  # IANA media type (IATI FileFormat)
    title: Texts
    category: str  # IATI DocumentCategory, B-codes for organisations
    language: str = ""  # ISO 639-1, empty when no source says
    date: dt.date | None = None


@dataclass(frozen=True)
class Figure:
    """One figure of the organisation file: a sum for a calendar year in one currency, for the
    whole network, or for one recipient country or region."""

    year: int
    currency: str  # ISO 4217
    value: Decimal
    count: int  # how many activity budgets or transactions it sums
    status: str = ""  # BudgetStatus for budgets: 1 indicative, 2 committed; "" for expenditure
    country: str = ""  # ISO 3166-1 alpha-2, for a recipient-country-budget
    region: str = ""  # region code, for a recipient-region-budget
    vocabulary: str = ""  # its RegionVocabulary

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


@dataclass
class Figures:
    """What the organisation file says in figures, and what it leaves out (one line each)."""

    total_budgets: list[Figure] = field(default_factory=list)
    region_budgets: list[Figure] = field(default_factory=list)
    country_budgets: list[Figure] = field(default_factory=list)
    expenditure: list[Figure] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    # The activities that gave a figure (their changes date the file).
    identifiers: list[str] = field(default_factory=list)


# A figure's key: (year, currency), or with a country or a region.
Key = tuple[Any, ...]


class _Sums:
    """Sums by key (year, currency, …), with how many amounts each holds and whether all are committed."""

    def __init__(self) -> None:
        self.value: dict[Key, Decimal] = defaultdict(Decimal)
        self.count: dict[Key, int] = defaultdict(int)
        self.committed: dict[Key, bool] = defaultdict(lambda: True)

    def add(self, key: Key, value: Decimal, status: str = "") -> None:
        self.value[key] += value
        self.count[key] += 1
        self.committed[key] = self.committed[key] and status == COMMITTED

    def items(self) -> Iterator[tuple[Key, Decimal, int, bool]]:
        for key in sorted(self.value, key=lambda k: tuple(str(part) for part in k)):
            yield key, self.value[key], self.count[key], self.committed[key]


def counted_budgets(activity: Activity) -> list[iati_source.Budget]:
    """The activity's budgets that count: a revised budget replaces the original one of the same period."""
    revised = {(b.period_start, b.period_end) for b in activity.budgets if b.type == REVISED}
    return [b for b in activity.budgets if b.type == REVISED or (b.period_start, b.period_end) not in revised]


def _share(value: Decimal, percentage: Decimal) -> Decimal:
    return (value * percentage / iati.HUNDRED).quantize(iati.CENT)


def figures(activities: Iterable[Activity]) -> Figures:
    """The network's budgets per year (in total, per region, per country) and its expenditure per
    year, each per currency, from the activities given (those of the activity file)."""
    totals, regions, countries, spend = _Sums(), _Sums(), _Sums(), _Sums()
    found = Figures()
    for activity in activities:
        default = activity.default_currency or iati.CURRENCY
        used = False
        shares = iati.recipient_shares(activity.countries, activity.regions)
        budgets = counted_budgets(activity)
        if budgets and shares is None:
            found.left_out.append(
                f"{activity.identifier}: recipient percentages that do not sum to 100: "
                "its budgets count in the total only"
            )
        for budget in budgets:
            if budget.period_start.year != budget.period_end.year:
                found.left_out.append(
                    f"{activity.identifier}: budget {budget.period_start} – {budget.period_end} "
                    "runs across two calendar years"
                )
                continue
            year, currency = budget.period_start.year, budget.currency or default
            totals.add((year, currency), budget.value, budget.status)
            used = True
            for country, pct in zip(activity.countries, shares or [], strict=False):
                countries.add((year, country.code, currency), _share(budget.value, pct), budget.status)
            for region, pct in zip(activity.regions, (shares or [])[len(activity.countries) :], strict=False):
                key = (year, region.vocabulary, region.code, currency)
                regions.add(key, _share(budget.value, pct), budget.status)
        for tx in activity.transactions:
            if tx.type in SPEND:
                spend.add((tx.date.year, tx.currency or default), tx.value)
                used = True
        if used:
            found.identifiers.append(activity.identifier)

    def status(committed: bool) -> str:
        return COMMITTED if committed else INDICATIVE

    for (year, currency), value, n, committed in totals.items():
        found.total_budgets.append(Figure(int(year), str(currency), value, n, status(committed)))
    for (year, vocabulary, code, currency), value, n, committed in regions.items():
        found.region_budgets.append(
            Figure(
                int(year),
                str(currency),
                value,
                n,
                status(committed),
                region=str(code),
                vocabulary=str(vocabulary),
            )
        )
    for (year, code, currency), value, n, committed in countries.items():
        found.country_budgets.append(
            Figure(int(year), str(currency), value, n, status(committed), country=str(code))
        )
    for (year, currency), value, n, _committed in spend.items():
        found.expenditure.append(Figure(int(year), str(currency), value, n))
    return found


_SUB = etree.SubElement


def _period_value(el: etree._Element, figure: Figure) -> None:
    _SUB(el, "period-start", {"iso-date": figure.period_start.isoformat()})
    _SUB(el, "period-end", {"iso-date": figure.period_end.isoformat()})
    value = _SUB(el, "value", {"currency": figure.currency, "value-date": figure.period_start.isoformat()})
    value.text = f"{figure.value:f}"


def organisation(
    *,
    reporting: iati.ReportingOrg,
    figures: Figures,
    documents: Iterable[OrgDocument],
    last_updated: dt.datetime | None,
) -> etree._Element:
    """One `<iati-organisation>`, its elements in the schema's order."""
    attrs = {iati.XML_LANG: iati.DEFAULT_LANGUAGE, "default-currency": iati.CURRENCY}
    if last_updated is not None:
        attrs = {"last-updated-datetime": last_updated.isoformat(timespec="seconds"), **attrs}
    root = etree.Element("iati-organisation", attrs)
    _SUB(root, "organisation-identifier").text = reporting.ref
    name = _SUB(root, "name")
    _SUB(name, "narrative").text = reporting.name
    iati.reporting_org(root, reporting)
    for total in figures.total_budgets:
        _period_value(_SUB(root, "total-budget", {"status": total.status}), total)
    for region in figures.region_budgets:
        el = _SUB(root, "recipient-region-budget", {"status": region.status})
        _SUB(el, "recipient-region", {"vocabulary": region.vocabulary, "code": region.region})
        _period_value(el, region)
    for country in figures.country_budgets:
        el = _SUB(root, "recipient-country-budget", {"status": country.status})
        _SUB(el, "recipient-country", {"code": country.country})
        _period_value(el, country)
    for spent in figures.expenditure:
        _period_value(_SUB(root, "total-expenditure"), spent)
    for doc in documents:
        el = _SUB(root, "document-link", {"format": doc.format, "url": doc.url})
        iati.narratives(_SUB(el, "title"), doc.title)
        _SUB(el, "category", {"code": doc.category})
        if doc.language:
            _SUB(el, "language", {"code": doc.language})
        if doc.date is not None:
            _SUB(el, "document-date", {"iso-date": doc.date.isoformat()})
    return root


def organisation_file(
    *,
    reporting: iati.ReportingOrg,
    figures: Figures,
    documents: Iterable[OrgDocument],
    generated_at: dt.datetime,
    last_updated: dt.datetime | None,
) -> bytes:
    """The whole `iati-organisations` file: one organisation, so small enough to build at once."""
    root = etree.Element(
        "iati-organisations",
        {"version": iati.VERSION, "generated-datetime": generated_at.isoformat(timespec="seconds")},
    )
    root.append(
        organisation(reporting=reporting, figures=figures, documents=documents, last_updated=last_updated)
    )
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


# ---------------------------------------------------------------- the Standard Ruleset's organisation rules

# The elements with a period the Ruleset checks (date_order 8.6.3, time_limit 7.5.3).
PERIODS = (
    "total-budget",
    "recipient-org-budget",
    "recipient-region-budget",
    "recipient-country-budget",
    "total-expenditure",
)
# An identifier may not hold these (regex_matches 1.12.13, 1.18.13).
_FORBIDDEN = re.compile(r"[/&|?]")
# The Ruleset's time_limit: a period of at most a year (365 days between its first and last day).
MAX_PERIOD_DAYS = 365


@dataclass(frozen=True)
class OrgFinding:
    rule: str  # the IATI Standard Ruleset's id (e.g. "7.5.3"), or cocopa's iati_rules id
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.rule}]"


def _date(el: etree._Element | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(el.get("iso-date"))) if el is not None else None
    except ValueError:
        return None


def ruleset_findings(source: bytes, *, now: dt.datetime) -> list[OrgFinding]:
    """What the IATI Standard Ruleset's organisation rules find wrong with a file ([] when none)."""
    found: list[OrgFinding] = []
    root = etree.fromstring(source)
    for n, org in enumerate(root.iter("iati-organisation"), start=1):
        here = f"iati-organisation[{n}]"
        reporting = org.find("reporting-org")
        for tag, value, rule_chars, rule_spaces in (
            ("organisation-identifier", org.findtext("organisation-identifier") or "", "1.12.13", "1.12.1"),
            (
                "reporting-org/@ref",
                reporting.get("ref", "") if reporting is not None else "",
                "1.18.13",
                "1.18.1",
            ),
        ):
            if _FORBIDDEN.search(value):
                found.append(OrgFinding(rule_chars, f"{here}/{tag}", "must not contain /, &, | or ?"))
            if value != value.strip():
                found.append(OrgFinding(rule_spaces, f"{here}/{tag}", "must not start or end with spaces"))
        updated = org.get("last-updated-datetime")
        if updated and dt.datetime.fromisoformat(updated) > now:
            found.append(OrgFinding("11.4.1", f"{here}/@last-updated-datetime", "is in the future"))
        if not org.get(iati.XML_LANG) and any(
            not narrative.get(iati.XML_LANG) for narrative in org.iter("narrative")
        ):
            found.append(OrgFinding("4.5.1", here, "no default language and a narrative without one"))
        if not org.get("default-currency") and any(not v.get("currency") for v in org.iter("value")):
            found.append(OrgFinding("7.8.2", here, "no default currency and a value without one"))
        for tag in PERIODS:
            for i, el in enumerate(org.findall(tag), start=1):
                start, end = _date(el.find("period-start")), _date(el.find("period-end"))
                path = f"{here}/{tag}[{i}]"
                if start is None or end is None:
                    continue
                if end < start:
                    found.append(
                        OrgFinding(
                            "budget_end_before_start", path, "the period ends before it starts (8.6.3)"
                        )
                    )
                elif (end - start).days > MAX_PERIOD_DAYS:
                    found.append(
                        OrgFinding("budget_period_too_long", path, "the period is longer than a year (7.5.3)")
                    )
    return found


def schema_errors(source: BinaryIO | str | bytes, schema_dir: str, *, limit: int = 50) -> list[str]:
    """What the official 2.03 organisations XSD finds wrong with a file ([] when it validates)."""
    xsd = etree.XMLSchema(etree.parse(str(Path(schema_dir) / SCHEMA_FILE)))
    tree = etree.fromstring(source) if isinstance(source, bytes) else etree.parse(source)
    if xsd.validate(tree):
        return []
    log = cast("Iterable[etree._LogEntry]", xsd.error_log)
    return [f"line {e.line}: {e.message}" for e in log][:limit]
