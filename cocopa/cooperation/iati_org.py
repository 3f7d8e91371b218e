"""The network as one IATI 2.03 `iati-organisations` file (issue 15, point 6b).

Pure writer (lxml), like iati.py: the caller gives the reporting organisation, the total budgets
and the documents. What goes in:

- `organisation-identifier`, `name` and `reporting-org`: the network itself, from the same
  settings as the activity file (IATI_REPORTING_ORG_REF, _NAME, _TYPE).
- `total-budget`, one per calendar year (the Italian public bodies' financial year): the sum of
  the budgets the registry holds for the activities in the activity file whose period lies within
  that year. Nothing is estimated: a year with no budget has no total, a budget whose period runs
  across two calendar years is not split between them but left out of the totals and named
  (`total_budgets` returns it), status 2 (committed) only when every budget of the year is
  committed, else 1 (indicative). The demo network holds no budget figures, so its file has no
  total-budget at all.
- `document-link`: the documents the caller gives (the library's public documents,
  `cocopa.library.iati`; cooperation cannot read the library, which stands above it).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, cast

from lxml import etree

from cocopa.cooperation import iati, models
from cocopa.cooperation.iati_source import Texts

SCHEMA_FILE = "iati-organisations-schema.xsd"
COMMITTED = "2"
INDICATIVE = "1"


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
class TotalBudget:
    year: int
    value: Decimal
    status: str  # BudgetStatus: 1 indicative, 2 committed
    budgets: int  # how many activity budgets it sums

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


def total_budgets(identifiers: Collection[str]) -> tuple[list[TotalBudget], list[str]]:
    """The network's total budget per calendar year, from the budgets of the activities named
    (those in the activity file), and the budgets left out for running across two years."""
    sums: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    committed: dict[int, bool] = defaultdict(lambda: True)
    left_out = []
    rows = (
        models.Budget.objects.filter(initiative__identifier__in=list(identifiers))
        .order_by("initiative__identifier", "period_start", "pk")
        .values_list("initiative__identifier", "period_start", "period_end", "value", "status")
    )
    for identifier, start, end, value, status in rows.iterator():
        if start.year != end.year:
            left_out.append(f"{identifier}: {start} – {end}")
            continue
        sums[start.year] += value
        counts[start.year] += 1
        committed[start.year] = committed[start.year] and status == COMMITTED
    totals = [
        TotalBudget(year, sums[year], COMMITTED if committed[year] else INDICATIVE, counts[year])
        for year in sorted(sums)
    ]
    return totals, left_out


_SUB = etree.SubElement


def organisation(
    *,
    reporting: iati.ReportingOrg,
    budgets: Iterable[TotalBudget],
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
    for total in budgets:
        el = _SUB(root, "total-budget", {"status": total.status})
        _SUB(el, "period-start", {"iso-date": total.period_start.isoformat()})
        _SUB(el, "period-end", {"iso-date": total.period_end.isoformat()})
        value = _SUB(el, "value", {"currency": iati.CURRENCY, "value-date": total.period_start.isoformat()})
        value.text = f"{total.value:f}"
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
    budgets: Iterable[TotalBudget],
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
        organisation(reporting=reporting, budgets=budgets, documents=documents, last_updated=last_updated)
    )
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def schema_errors(source: BinaryIO | str | bytes, schema_dir: str, *, limit: int = 50) -> list[str]:
    """What the official 2.03 organisations XSD finds wrong with a file ([] when it validates)."""
    xsd = etree.XMLSchema(etree.parse(str(Path(schema_dir) / SCHEMA_FILE)))
    tree = etree.fromstring(source) if isinstance(source, bytes) else etree.parse(source)
    if xsd.validate(tree):
        return []
    log = cast("Iterable[etree._LogEntry]", xsd.error_log)
    return [f"line {e.line}: {e.message}" for e in log][:limit]
