"""The registry's initiatives as one IATI 2.03 `iati-activities` file (STYLE §12).

Pure: it writes the records iati_source reads (iati_source.read; an Initiative instance given
instead is turned into its record by iati_source.from_model) as XML with lxml; it runs no query of
its own. The file is streamed with
`lxml.etree.xmlfile`: one `<iati-activity>` is built, written and dropped at a time, so memory
does not grow with the number of activities.

Choices worth knowing:
- Texts people read are written as one `<narrative xml:lang="…">` per filled language
  (modeltranslation columns `title_it`, `title_en` …), then the ones an import kept in other
  languages (`narratives`), each with its own language. The activity declares no default
  language: names of organisations and places are proper names, written in the language stored
  with them (`name_lang`) and without one when it is not known, so no Italian is claimed for
  "Commune de Ouahigouya". A text whose language the publisher did not give has no xml:lang.
- Dates are stored already resolved from the precision the source gave (cocopa.core.dates):
  "2015" is 2015-01-01 as a start and 2015-12-31 as an end, which is what `iso-date` gets.
- Recipient countries and regions share one 100 % (IATI rule). When no percentage is stored,
  or the stored ones are a rounded equal split (33.33 × 3, as load_demo stores them), the
  exporter writes the exact equal split in hundredths (33.34 + 33.33 + 33.33). Other stored
  percentages are written as they are; iati_checks reports them when they do not sum to 100.
- Sectors are the initiative's own (`Sector`: any vocabulary, with the percentages stored) when
  it has any; otherwise, as a software default, the DAC 5-digit codes (vocabulary 1) from the
  SectorMapping of its fields of intervention, or of its fields of action when it has none, in
  equal shares (iati_source.mapped_sectors).
- `related-activity type="3"` (sibling): cocopa's "related initiatives" is a symmetric link
  between the network's own activities (phases or strands of one programme, a mission and the
  project it prepared). IATI's RelatedActivityType has no plain "related": 1/2 (parent/child)
  need a direction the registry does not record, 4 (co-funded) and 5 (third party: another
  publisher's report of the same activity) say something else. Sibling, "shares a common
  parent", is the closest symmetric type.
- Amounts are in their own currency, else in the initiative's default currency; an initiative
  without one is written as EUR (`CURRENCY`, the software default, labelled so in the office).
- Another publisher's activity (`Activity.held`, written by `export_iati --publisher`) is written
  as it came, without the network's defaults: recipient percentages as stored (none where the
  file gave none, even when they do not sum to 100), the default currency only when the file
  declared one, a location's exactness only when given, the reporting organisation's names in
  every language (`ReportingOrg.narratives`) and each organisation as that mention named it
  (iati_source.as_published).
- `last-updated-datetime` is when the initiative last changed, from the change history
  (iati_updated.last_changed, passed as `last_updated`); without a date for it the attribute is
  left out (it is optional) rather than given the export time. Callers that pass no
  `last_updated` at all get the export time, as before.
"""

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from cocopa.cooperation import iati_source as source
from cocopa.cooperation.iati_source import CENT as CENT
from cocopa.cooperation.iati_source import (  # what callers of this module use by its name here
    CHUNK_SIZE as CHUNK_SIZE,
)
from cocopa.cooperation.iati_source import HUNDRED as HUNDRED
from cocopa.cooperation.iati_source import Activity, Texts
from cocopa.cooperation.iati_source import equal_split as equal_split
from cocopa.cooperation.iati_source import languages as languages
from cocopa.cooperation.iati_source import rows as rows
from cocopa.cooperation.iati_source import sector_codes as sector_codes
from cocopa.cooperation.iati_source import texts as texts
from cocopa.cooperation.models import Initiative
from cocopa.core.errors import Conflict

VERSION = "2.03"
CURRENCY = "EUR"
DEFAULT_LANGUAGE = "it"
SECTOR_VOCABULARY = "1"  # OECD DAC CRS 5-digit
RELATED_TYPE = "3"  # sibling; see the module docstring
SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/4326"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 does not allow (lxml refuses them): dropped from texts.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class IatiNotConfigured(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "iati_not_configured",
            _(
                "Set IATI_REPORTING_ORG_REF to the network's IATI organisation identifier to publish IATI data."
            ),
        )


@dataclass(frozen=True)
class ReportingOrg:
    ref: str
    name: str
    type: str
    # Another publisher's names as its file gave them (Publisher.narratives); when empty, `name`
    # is written without a language (the network's own, from the settings).
    narratives: Texts = ()


def reporting_org_from_settings() -> ReportingOrg:
    """The reporting organisation from the settings; never an invented identifier."""
    ref = str(getattr(settings, "IATI_REPORTING_ORG_REF", "") or "").strip()
    if not ref:
        raise IatiNotConfigured()
    return ReportingOrg(
        ref=ref,
        name=str(settings.IATI_REPORTING_ORG_NAME),
        type=str(settings.IATI_REPORTING_ORG_TYPE),
    )


def activity_identifier(reporting_ref: str, identifier: str) -> str:
    """Stable: the reporting organisation's identifier followed by the initiative's own."""
    return f"{reporting_ref}-{identifier}"


def published_identifier(reporting_ref: str, initiative: Activity) -> str:
    """The identifier as published: the one kept from the file it came from (another publisher's,
    case kept), else the reporting organisation's followed by the initiative's own."""
    return initiative.iati_identifier or activity_identifier(reporting_ref, initiative.identifier)


# ---------------------------------------------------------------- shares (pure, shared with iati_checks)


class _Share(Protocol):
    """A recipient country or region: a model instance or an iati_source record."""

    @property
    def percentage(self) -> Decimal | None: ...


def recipient_shares(countries: Sequence[_Share], regions: Sequence[_Share]) -> list[Decimal] | None:
    """Percentages for countries then regions, summing to 100; None when the stored ones cannot be."""
    recipients: list[_Share] = [*countries, *regions]
    stored = [r.percentage for r in recipients]
    if not recipients:
        return []
    if all(p is None for p in stored):
        return equal_split(len(recipients))
    if any(p is None for p in stored):
        return None
    given = [Decimal(p) for p in stored if p is not None]
    if sum(given) == HUNDRED:
        return given
    split = equal_split(len(recipients))
    if len(set(given)) == 1 and abs(sum(given) - HUNDRED) <= CENT * len(recipients):
        return split  # a rounded equal split, as load_demo stores it
    return None


# ---------------------------------------------------------------- elements


class _Writer(Protocol):
    def write(self, data: bytes, /) -> object: ...


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


_SUB = etree.SubElement


def narratives(parent: etree._Element, found: Texts) -> etree._Element:
    """One narrative per text, with its language; none claimed for a text whose language is unknown."""
    for lang, text in found:
        _SUB(parent, "narrative", {XML_LANG: lang} if lang else {}).text = _clean(text)
    return parent


def _name(parent: etree._Element, name: str, lang: str = "", others: Texts = ()) -> None:
    """A proper name: in its language when known, without one otherwise, then its other languages."""
    if name.strip():
        _SUB(parent, "narrative", {XML_LANG: lang} if lang else {}).text = _clean(name)
    narratives(parent, others)


def _amount(value: Decimal) -> str:
    return f"{value:f}"


def _org(parent: etree._Element, tag: str, org: source.Org | None) -> None:
    if org is None:
        return
    attrs = {}
    if org.ref:
        attrs["ref"] = org.ref
    if org.type:
        attrs["type"] = org.type
    el = _SUB(parent, tag, attrs)
    _name(el, org.name, org.name_lang, org.names)


def reporting_org(parent: etree._Element, reporting: ReportingOrg) -> None:
    el = _SUB(parent, "reporting-org", {"ref": reporting.ref, "type": reporting.type})
    if reporting.narratives:
        narratives(el, reporting.narratives)
    else:
        _name(el, reporting.name)


def participating_orgs(parent: etree._Element, initiative: Activity) -> None:
    for part in initiative.participations:
        org = part.organisation
        attrs = {"role": part.role}
        if org.type:
            attrs["type"] = org.type
        if org.ref:
            attrs["ref"] = org.ref
        el = _SUB(parent, "participating-org", attrs)
        _name(el, org.name, org.name_lang, org.names)


def activity_dates(parent: etree._Element, initiative: Activity) -> None:
    for code, value in (
        ("1", initiative.planned_start),
        ("2", initiative.actual_start),
        ("3", initiative.planned_end),
        ("4", initiative.actual_end),
    ):
        if value is not None:
            _SUB(parent, "activity-date", {"type": code, "iso-date": value.isoformat()})


def recipients(parent: etree._Element, initiative: Activity) -> None:
    countries, regions = initiative.countries, initiative.regions
    if initiative.held:  # as it came: the stored shares, none where the file gave none
        shares: list[Decimal | None] = [c.percentage for c in countries] + [r.percentage for r in regions]
    else:
        shares = [*(recipient_shares(countries, regions) or [])]
    shares += [None] * (len(countries) + len(regions) - len(shares))
    for country, share in zip(countries, shares[: len(countries)], strict=True):
        el = _SUB(parent, "recipient-country", {"code": country.code})
        if share is not None:
            el.set("percentage", _amount(share))
    for region, share in zip(regions, shares[len(countries) :], strict=True):
        el = _SUB(parent, "recipient-region", {"code": region.code, "vocabulary": region.vocabulary})
        if share is not None:
            el.set("percentage", _amount(share))


def locations(parent: etree._Element, initiative: Activity) -> None:
    for place in initiative.places:
        x = place.details
        el = _SUB(parent, "location", {"ref": x.ref} if x is not None and x.ref else {})
        if x is not None and x.reach:
            _SUB(el, "location-reach", {"code": x.reach})
        if x is not None:
            _coded(el, "location-id", ("vocabulary", "code"), x.location_ids)
        name = _SUB(el, "name")
        _name(name, place.name, place.name_lang, place.names)
        if not len(name):
            el.remove(name)
        if x is not None:
            for tag, found in (
                ("description", x.description),
                ("activity-description", x.activity_description),
            ):
                if found:
                    narratives(_SUB(el, tag), found)
            _coded(el, "administrative", ("vocabulary", "level", "code"), x.administrative)
        if place.latitude is not None and place.longitude is not None:
            point = _SUB(el, "point", {"srsName": SRS_NAME})
            _SUB(point, "pos").text = f"{place.latitude:f} {place.longitude:f}"
        if place.exactness:  # empty only where another publisher gave none
            _SUB(el, "exactness", {"code": place.exactness})
        if x is not None and x.location_class:
            _SUB(el, "location-class", {"code": x.location_class})
        if x is not None and x.feature_designation:
            _SUB(el, "feature-designation", {"code": x.feature_designation})


def sectors(parent: etree._Element, initiative: Activity) -> None:
    for sector in initiative.sectors:
        attrs = {"vocabulary": sector.vocabulary}
        if sector.vocabulary_uri:
            attrs["vocabulary-uri"] = sector.vocabulary_uri
        attrs["code"] = sector.code
        if sector.percentage is not None:
            attrs["percentage"] = _amount(sector.percentage)
        _name(_SUB(parent, "sector", attrs), sector.name, sector.name_lang)


def _currency(initiative: Activity) -> str:
    """The activity's default currency: the stored one, else EUR (the software default) for the
    network's own; "" (none declared) for another publisher's activity whose file declared none."""
    return initiative.default_currency or ("" if initiative.held else CURRENCY)


def _value(parent: etree._Element, amount: Decimal, currency: str, value_date: dt.date) -> None:
    """A <value>; its currency left out only when neither the value nor the activity gives one."""
    attrs = {"currency": currency} if currency else {}
    _SUB(parent, "value", {**attrs, "value-date": value_date.isoformat()}).text = _amount(amount)


def _coded(parent: etree._Element, tag: str, names: tuple[str, ...], rows: source.Coded) -> None:
    """One element per stored row, its attributes by `names` ("" for an attribute not given)."""
    for row in rows:
        _SUB(parent, tag, {name: value for name, value in zip(names, row, strict=False) if value})


def extras_before_budgets(parent: etree._Element, initiative: Activity) -> None:
    """tag … default-tied-status, as an import kept them (the schema puts them between sector
    and budget; activity-scope is written by scope())."""
    x = initiative.extras
    if x is None:
        return
    _coded(parent, "tag", ("vocabulary", "code", "vocabulary-uri"), x.tags)
    _coded(
        parent, "humanitarian-scope", ("type", "vocabulary", "code", "vocabulary-uri"), x.humanitarian_scopes
    )
    _coded(
        parent, "policy-marker", ("vocabulary", "code", "significance", "vocabulary-uri"), x.policy_markers
    )
    for tag, code in (
        ("collaboration-type", x.collaboration_type),
        ("default-flow-type", x.default_flow_type),
        ("default-finance-type", x.default_finance_type),
    ):
        if code:
            _SUB(parent, tag, {"code": code})
    _coded(parent, "default-aid-type", ("vocabulary", "code"), x.default_aid_types)
    if x.default_tied_status:
        _SUB(parent, "default-tied-status", {"code": x.default_tied_status})


def budgets(parent: etree._Element, initiative: Activity) -> None:
    default = _currency(initiative)
    for budget in initiative.budgets:
        el = _SUB(parent, "budget", {"type": budget.type, "status": budget.status})
        _SUB(el, "period-start", {"iso-date": budget.period_start.isoformat()})
        _SUB(el, "period-end", {"iso-date": budget.period_end.isoformat()})
        _value(el, budget.value, budget.currency or default, budget.value_date or budget.period_start)


def planned_disbursements(parent: etree._Element, initiative: Activity) -> None:
    default = _currency(initiative)
    for d in initiative.planned_disbursements:
        el = _SUB(parent, "planned-disbursement", {"type": d.type} if d.type else {})
        _SUB(el, "period-start", {"iso-date": d.period_start.isoformat()})
        if d.period_end is not None:
            _SUB(el, "period-end", {"iso-date": d.period_end.isoformat()})
        _value(el, d.value, d.currency or default, d.value_date or d.period_start)
        _org(el, "provider-org", d.provider)
        _org(el, "receiver-org", d.receiver)


def transactions(parent: etree._Element, initiative: Activity) -> None:
    default = _currency(initiative)
    for tx in initiative.transactions:
        el = _SUB(parent, "transaction", ({"ref": tx.reference} if tx.reference else {}))
        _SUB(el, "transaction-type", {"code": tx.type})
        _SUB(el, "transaction-date", {"iso-date": tx.date.isoformat()})
        _value(el, tx.value, tx.currency or default, tx.value_date or tx.date)
        if tx.description:
            narratives(_SUB(el, "description"), tx.description)
        _org(el, "provider-org", tx.provider)
        _org(el, "receiver-org", tx.receiver)


def document_links(parent: etree._Element, initiative: Activity) -> None:
    for doc in initiative.documents:
        el = _SUB(parent, "document-link", {"url": doc.url, "format": doc.format})
        narratives(_SUB(el, "title"), doc.title)
        _SUB(el, "category", {"code": doc.category})
        if doc.language:
            _SUB(el, "language", {"code": doc.language})
        if doc.published_on:
            _SUB(el, "document-date", {"iso-date": doc.published_on.isoformat()})


def related_activities(parent: etree._Element, initiative: Activity, reporting: ReportingOrg) -> None:
    if initiative.related_activities:  # as a file gave them: they win over the registry's links
        for ref, type_ in initiative.related_activities:
            _SUB(parent, "related-activity", {"ref": ref, "type": type_})
        return
    published = initiative.related_published or ("",) * len(initiative.related)
    for other, as_published in zip(initiative.related, published, strict=True):
        _SUB(
            parent,
            "related-activity",
            {"ref": as_published or activity_identifier(reporting.ref, other), "type": RELATED_TYPE},
        )


def results(parent: etree._Element, initiative: Activity) -> None:
    for result in initiative.results:
        el = _SUB(parent, "result", {"type": result.type})
        narratives(_SUB(el, "title"), result.title)
        if result.description:
            narratives(_SUB(el, "description"), result.description)
        for indicator in result.indicators:
            ind = _SUB(
                el,
                "indicator",
                {"measure": indicator.measure, "ascending": "1" if indicator.ascending else "0"},
            )
            narratives(_SUB(ind, "title"), indicator.title)
            if indicator.baselines:
                for m in indicator.baselines:
                    _measure(ind, "baseline", m)
            elif indicator.baseline_year:
                baseline = _SUB(ind, "baseline", {"year": str(indicator.baseline_year)})
                if indicator.baseline_value is not None:
                    baseline.set("value", _amount(indicator.baseline_value))
            for period in indicator.periods:
                p = _SUB(ind, "period")
                _SUB(p, "period-start", {"iso-date": period.period_start.isoformat()})
                _SUB(p, "period-end", {"iso-date": period.period_end.isoformat()})
                for tag, given, single in (
                    ("target", period.targets, period.target),
                    ("actual", period.actuals, period.actual),
                ):
                    if given:
                        for m in given:
                            _measure(p, tag, m)
                    elif single is not None:
                        _SUB(p, tag, {"value": _amount(single)})


def _measure(parent: etree._Element, tag: str, m: source.Measure) -> None:
    """A baseline, target or actual as a file gave it: dimensions, then the comment."""
    attrs = {
        name: value
        for name, value in (("year", m.year), ("iso-date", m.iso_date), ("value", m.value))
        if value
    }
    el = _SUB(parent, tag, attrs)
    for name, value in m.dimensions:
        _SUB(el, "dimension", {"name": name, "value": value})
    if m.comment:
        narratives(_SUB(el, "comment"), m.comment)


def _datetime(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def activity(
    initiative: Activity,
    *,
    reporting: ReportingOrg,
    generated_at: dt.datetime,
    last_updated: Mapping[str, dt.datetime] | None = None,
) -> etree._Element:
    """One `<iati-activity>`, its elements in the schema's order."""
    updated = generated_at if last_updated is None else last_updated.get(initiative.identifier)
    attrs = {"last-updated-datetime": _datetime(updated)} if updated is not None else {}
    if currency := _currency(initiative):
        attrs["default-currency"] = currency
    root = etree.Element("iati-activity", attrs)
    if initiative.extras is not None:
        if initiative.extras.humanitarian is not None:
            root.set("humanitarian", "1" if initiative.extras.humanitarian else "0")
        if initiative.extras.hierarchy is not None:
            root.set("hierarchy", str(initiative.extras.hierarchy))
    _SUB(root, "iati-identifier").text = published_identifier(reporting.ref, initiative)
    reporting_org(root, reporting)
    narratives(_SUB(root, "title"), initiative.title)
    narratives(_SUB(root, "description", {"type": "1"}), initiative.description)
    participating_orgs(root, initiative)
    if initiative.status:
        _SUB(root, "activity-status", {"code": initiative.status})
    activity_dates(root, initiative)
    if initiative.extras is not None and initiative.extras.scope:
        _SUB(root, "activity-scope", {"code": initiative.extras.scope})
    recipients(root, initiative)
    locations(root, initiative)
    sectors(root, initiative)
    extras_before_budgets(root, initiative)
    budgets(root, initiative)
    planned_disbursements(root, initiative)
    transactions(root, initiative)
    document_links(root, initiative)
    related_activities(root, initiative, reporting)
    results(root, initiative)
    return root


def _root_attrs(generated_at: dt.datetime) -> dict[str, str]:
    return {"version": VERSION, "generated-datetime": _datetime(generated_at)}


def _stream(
    initiatives: Iterable[Activity | Initiative],
    out: _Writer,
    *,
    reporting: ReportingOrg,
    generated_at: dt.datetime,
    last_updated: Mapping[str, dt.datetime] | None = None,
) -> Iterator[None]:
    """Write the file to `out`, pausing after the declaration, each activity and the end."""
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", _root_attrs(generated_at)):
            xf.write("\n")
            yield
            for initiative in initiatives:
                xf.write(
                    activity(
                        source.as_activity(initiative),
                        reporting=reporting,
                        generated_at=generated_at,
                        last_updated=last_updated,
                    )
                )
                xf.write("\n")
                yield
    yield


def write_activities(
    initiatives: Iterable[Activity | Initiative],
    out: BinaryIO,
    *,
    reporting: ReportingOrg,
    generated_at: dt.datetime,
    last_updated: Mapping[str, dt.datetime] | None = None,
) -> None:
    """Stream one iati-activities file with an activity per initiative, in the order given."""
    for _step in _stream(
        initiatives, out, reporting=reporting, generated_at=generated_at, last_updated=last_updated
    ):
        pass


class _Chunks:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def iter_activities(
    initiatives: Iterable[Activity | Initiative],
    *,
    reporting: ReportingOrg,
    generated_at: dt.datetime,
    last_updated: Mapping[str, dt.datetime] | None = None,
) -> Iterator[bytes]:
    """The same file as write_activities, as chunks of bytes (for a streaming HTTP response)."""
    chunks = _Chunks()
    for _step in _stream(
        initiatives, chunks, reporting=reporting, generated_at=generated_at, last_updated=last_updated
    ):
        data = chunks.take()
        if data:
            yield data


# ---------------------------------------------------------------- the official schema (optional)


def schema(schema_dir: str) -> etree.XMLSchema:
    """The official 2.03 activities schema from a folder holding the four XSD files."""
    path = Path(schema_dir) / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(source: BinaryIO | str, schema_dir: str, *, limit: int = 50) -> list[str]:
    """What the XSD finds wrong with an iati-activities file ([] when it validates)."""
    xsd = schema(schema_dir)
    if xsd.validate(etree.parse(source)):
        return []
    log = cast("Iterable[etree._LogEntry]", xsd.error_log)  # iterable; lxml-stubs do not say so
    return [f"line {e.line}: {e.message}" for e in log][:limit]
