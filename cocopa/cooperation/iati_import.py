"""Import the activities of an IATI 2.0x activity file into the cooperation registry.

The import reads the whole file first (pure: XML to plain records plus a list of problems),
then writes everything in one transaction, or nothing when there is any problem.

The file is parsed once, as a stream: the staged validator (iati_validate: safe parsing,
version, schema, codelists for the file's version, the IATI Standard Ruleset) checks each
activity as its end tag is read and hands it to the reader (`_Reader.take`), which keeps plain
records; the element is then emptied, so no tree of the whole file is held (the validator and
the reader each used to parse it: twice the tree, some 17 MB of memory per MB of file). The
validator reports every problem with line, element, rule and text; what the reader took is used
only when the whole file passed. Its errors refuse the file. Its blocking
warnings (an activity the export would refuse: percentages not summing to 100, no status …)
refuse it too, unless the office passes ``allow_warnings`` (``import_iati --allow-warnings``):
then the file imports and each such initiative keeps the findings in ``import_findings``,
shown in the admin, until a later import of it is clean.

What the reader below then rejects (every problem is reported, with line and element):
- (the validator's: not well-formed XML, a root other than ``iati-activities``, with
  ``settings.IATI_SCHEMA_DIR`` set any error against the official 2.03 XSD); without the
  schema (it is not shipped) structural checks of the elements we map (identifier,
  reporting-org, title, the required parts of budgets, transactions and result periods);
- an unknown code on an element we map: activity-status, activity-date type, participating-org
  role and type, recipient-country, recipient-region of vocabulary 1 (OECD DAC), sector of
  vocabulary 1, budget type and status, transaction-type, provider/receiver-org type, currency
  of a value we store, document category and language, result type, indicator measure,
  location exactness. The IATI Validator only warns for an unknown DAC region, but we would
  publish the code again, so an activity-level region outside the list is rejected too.
  Codes on elements we skip are not checked: the official annotated example's region ``616``
  sits in a transaction's recipient-region (skipped), and MAEC's empty ``code=""`` attributes
  are on default-tied-status (skipped); both files import. Withdrawn codes are accepted with a
  warning: published data keeps the codes of the year it was written in.
- an impossible date (not YYYY-MM-DD, 2015-02-30) or an end before its start (activity
  planned/actual dates, budget, indicator period).

An organisation file (root ``iati-organisations``) has no activities: it imports as "0
activities, nothing to import", listed as skipped, so every file of the IATI examples imports.

Whose activity (issue 15): an activity is its reporting organisation and its full
``iati-identifier``, case kept. An activity reported by the network (the settings' reporting
organisation) creates or updates one of the network's own initiatives: the one whose published
identifier it is (``<our ref>-<identifier>``, or the one kept in ``iati_identifier``). An
activity reported by anyone else is stored as *theirs*, under its ``Publisher``, with its
identifier as published: it never matches, changes or replaces one of the network's own, even
when the part after the prefix is the same (another publisher's ``XI-TEST-1-lampedusa`` once
overwrote the network's ``lampedusa``). Once held, another publisher's activity is not updated
by a later file unless the office asks for it (``update_held``; ``--update-held``): the file is
refused whole, naming each activity it would change. A new initiative's slug (its public URL)
is the part after our prefix for our own activities, the whole identifier for theirs, lower
case; a hash keeps a too-long or already taken one unique. An own activity whose identifier is
not ``<our ref>-<slug>`` (another case, another prefix) keeps it in ``iati_identifier``, so the
export writes it back as it came.

Mapping: title and general description (type 1) → title/description in Italian and English.
A narrative's language is its xml:lang, else its nearest ancestor's (element, activity, file);
"" when none says, and then none is claimed. Italian and English go to the site's columns; every
other narrative is kept in the row's `narratives` JSON (`{"title": [["es", "…"]]}`), and when an
element has no Italian or English text, its first one is also shown in the Italian column (its
entry carries the text shown, so the export does not claim it Italian), with a warning. Names of
organisations, places and sectors keep their language (`name_lang`, other languages in `names`).
activity-status, activity-date (day precision), recipient-country/-region with percentages,
location (name, pos, exactness and its IATI details; without exactness, another publisher's
location keeps none and the network's own is approximate), participating-org (organisation matched
by ref, else by name, else created; existing organisations are never changed: a mention in
another publisher's activity keeps in `as_published` the names and type it gave where they differ
from the organisation's, and the Publisher keeps the reporting-org's names in every language),
budget, planned disbursement, transaction (types our model has: 1, 2, 3, 4, 11; with provider and receiver),
document-link (when its url is a URL), related-activity (kept as given in `RelatedActivity`,
and linked as a related initiative when both are in the file or already registered),
result/indicator/baselines/periods (with dimensions and comments). Humanitarian flag and scope,
hierarchy, activity scope, collaboration type, default flow, finance, aid types and tied status,
policy markers and tags are kept on the initiative as given (a code the 2.03 list lacks with a
warning). Sectors of every vocabulary are kept as the initiative's own
(`Sector`, with percentages, vocabulary-uri and name); DAC sectors (vocabulary 1) also give the
fields of intervention or action whose SectorMapping codes they cover (the friendly grouping).
Values keep their currency (a budget's or transaction's own only
when it differs from the activity's default-currency, which the initiative keeps) and value-date;
a value with neither its own currency nor a default is skipped with a warning. Texts longer than their column
are cut, with a warning. New initiatives get the kind "cooperation"; existing ones keep theirs.
Everything else is counted in the report under its path from <iati-activity> (HELD lists what
is held), so nothing is dropped in silence.

Re-importing updates in place and is idempotent: rows whose content is unchanged are not
saved again (no new history rows); the audit event is written only when something changed.
Rows are compared in any order, and the recipient shares, sectors and default currency of the
network's own count as unchanged when the exporter would write the file's values from what is
stored (100 % for a country without a share, the codes of the fields, EUR for none); another
publisher's only when stored as given. A date on the same day keeps the registry's precision. So
importing our own export over the registry changes nothing, and what IATI does not carry
(kinds, notes, sources, year precision, a place's country, a partner's share) stays.
Child rows that did change are replaced as a set (new primary keys).
"""

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from lxml import etree

from cocopa.cooperation import codelists, iati, iati_validate
from cocopa.cooperation import iati_source as source
from cocopa.cooperation.models import (
    Budget,
    Document,
    Indicator,
    IndicatorPeriod,
    Initiative,
    InitiativeKind,
    Organisation,
    Participation,
    Place,
    PlannedDisbursement,
    Publisher,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    SectorMapping,
    Transaction,
)
from cocopa.core import audit, bulk, dataversion
from cocopa.core import names as name_rules
from cocopa.core.errors import DomainError
from cocopa.core.roles import Actor

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("it", "en")
# RelatedActivityType (embedded list): 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party.
RELATED_TYPES = {"1", "2", "3", "4", "5"}
# Coded elements of an activity kept on the initiative: element → (field, codelist).
_EXTRA_CODES = {
    "activity-scope": ("scope", "ActivityScope"),
    "collaboration-type": ("collaboration_type", "CollaborationType"),
    "default-flow-type": ("default_flow_type", "FlowType"),
    "default-finance-type": ("default_finance_type", "FinanceType"),
    "default-tied-status": ("default_tied_status", "TiedStatus"),
}
# Repeated elements kept as rows of their attributes: element → attributes, in the stored order.
_EXTRA_ROWS = {
    "tag": ("vocabulary", "code", "vocabulary-uri"),
    "humanitarian-scope": ("type", "vocabulary", "code", "vocabulary-uri"),
    "policy-marker": ("vocabulary", "code", "significance", "vocabulary-uri"),
}
_EXTRA_FIELDS = {
    "tag": "tags",
    "humanitarian-scope": "humanitarian_scopes",
    "policy-marker": "policy_markers",
}

# What the registry holds of an organisation wherever one is named (reporting-org,
# participating-org, a transaction's or planned disbursement's provider-org and receiver-org).
_ORG_PARTS = ("", "/@ref", "/@type", "/narrative")
_ORGS = tuple(f"{org}{part}" for org in ("provider-org", "receiver-org") for part in _ORG_PARTS)

# What the registry holds, as paths from <iati-activity> ("@" marks an attribute; "narrative"
# stands for the narrative with its xml:lang). Every other element and non-empty attribute is
# counted in the report under its path (`_Reader.unheld`), so nothing is dropped in silence.
HELD = frozenset(
    {
        "@default-currency",
        "@humanitarian",
        "@hierarchy",
        *(f"{tag}{attr}" for tag in _EXTRA_CODES for attr in ("", "/@code")),
        "default-aid-type",
        "default-aid-type/@code",
        "default-aid-type/@vocabulary",
        *(f"{tag}{attr}" for tag, attrs in _EXTRA_ROWS.items() for attr in ("", *(f"/@{a}" for a in attrs))),
        "iati-identifier",
        # Who publishes an activity held for another publisher, exported under its names and type.
        *(f"reporting-org{part}" for part in _ORG_PARTS),
        "title",
        "title/narrative",
        "description",
        "description/@type",
        "description/narrative",
        *(f"participating-org{part}" for part in (*_ORG_PARTS, "/@role")),
        "activity-status",
        "activity-status/@code",
        "activity-date",
        "activity-date/@type",
        "activity-date/@iso-date",
        "recipient-country",
        "recipient-country/@code",
        "recipient-country/@percentage",
        "recipient-region",
        "recipient-region/@code",
        "recipient-region/@vocabulary",
        "recipient-region/@percentage",
        "location",
        "location/name",
        "location/name/narrative",
        "location/point",
        "location/point/@srsName",
        "location/point/pos",
        "location/exactness",
        "location/exactness/@code",
        "location/@ref",
        *(
            f"location/{tag}{attr}"
            for tag, attrs in (
                ("location-reach", ("code",)),
                ("location-class", ("code",)),
                ("feature-designation", ("code",)),
                ("location-id", ("vocabulary", "code")),
                ("administrative", ("vocabulary", "level", "code")),
                ("description", ("narrative",)),
                ("activity-description", ("narrative",)),
            )
            for attr in ("", *(f"/@{a}" if a != "narrative" else "/narrative" for a in attrs))
        ),
        "sector",
        "sector/@vocabulary",
        "sector/@vocabulary-uri",
        "sector/@code",
        "sector/@percentage",
        "sector/narrative",
        "budget",
        "budget/@type",
        "budget/@status",
        "budget/period-start",
        "budget/period-start/@iso-date",
        "budget/period-end",
        "budget/period-end/@iso-date",
        "budget/value",
        "budget/value/@currency",
        "budget/value/@value-date",
        "planned-disbursement",
        "planned-disbursement/@type",
        *(
            f"planned-disbursement/{part}"
            for part in (
                "period-start",
                "period-start/@iso-date",
                "period-end",
                "period-end/@iso-date",
                "value",
                "value/@currency",
                "value/@value-date",
                *_ORGS,
            )
        ),
        "transaction",
        "transaction/@ref",
        "transaction/transaction-type",
        "transaction/transaction-type/@code",
        "transaction/transaction-date",
        "transaction/transaction-date/@iso-date",
        "transaction/value",
        "transaction/value/@currency",
        "transaction/value/@value-date",
        "transaction/description",
        "transaction/description/narrative",
        *(f"transaction/{org}" for org in _ORGS),
        "document-link",
        "document-link/@url",
        "document-link/@format",
        "document-link/title",
        "document-link/title/narrative",
        "document-link/category",
        "document-link/category/@code",
        "document-link/language",
        "document-link/language/@code",
        "document-link/document-date",
        "document-link/document-date/@iso-date",
        "related-activity",
        "related-activity/@ref",
        "related-activity/@type",
        "result",
        "result/@type",
        "result/title",
        "result/title/narrative",
        "result/description",
        "result/description/narrative",
        "result/indicator",
        "result/indicator/@measure",
        "result/indicator/@ascending",
        "result/indicator/title",
        "result/indicator/title/narrative",
        "result/indicator/baseline",
        "result/indicator/baseline/@year",
        "result/indicator/baseline/@value",
        "result/indicator/baseline/@iso-date",
        *(
            f"result/indicator/{where}/{part}"
            for where in ("baseline", "period/target", "period/actual")
            for part in ("dimension", "dimension/@name", "dimension/@value", "comment", "comment/narrative")
        ),
        "result/indicator/period",
        *(
            f"result/indicator/period/{part}"
            for part in (
                "period-start",
                "period-start/@iso-date",
                "period-end",
                "period-end/@iso-date",
                "target",
                "target/@value",
                "actual",
                "actual/@value",
            )
        ),
    }
)
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")
_TOO_LARGE = Decimal("1e12")  # the registry's amounts have 14 digits, 2 after the point
_TRANSACTION_TYPES = {choice.value for choice in Transaction.Type}


@dataclass(frozen=True)
class Problem:
    line: int | None
    element: str
    problem: str
    rule: str = ""  # an id of iati_rules.RULES, for the validator's problems
    path: str = ""  # the element as an XPath, for the validator's problems
    severity: str = "error"

    def __str__(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        where = f"<{self.element}>" if self.element else "file"
        return f"{self.line or '?'}: {where}: {self.problem}{rule}"

    @classmethod
    def of(cls, issue: iati_validate.Issue) -> "Problem":
        severity = "warning, kept out of the export" if issue.blocks_export else issue.severity
        return cls(issue.line, issue.element, issue.message, issue.rule, issue.path, severity)


class IatiFileRejected(DomainError):
    """The file was not imported; every problem found, with its line and element."""

    code_name = "iati_file_rejected"

    def __init__(self, path: str, problems: list[Problem]) -> None:
        lines = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(self.code_name, f"{path}: {lines}{more}")
        self.path = path
        self.problems = problems


class HeldUpdateRefused(IatiFileRejected):
    """The file would change activities held for other publishers; the office did not ask for it."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__(path, problems)
        self.code = "iati_held_update_refused"


class IatiFileNeedsAllowWarnings(IatiFileRejected):
    """Valid, but activities the export would refuse: imported only with allow_warnings."""

    code_name = "iati_file_has_warnings"


@dataclass
class ImportReport:
    path: str
    activities: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Activities of other publishers in the file, by their reporting organisation's ref (they are
    # also counted in created/updated/unchanged): held as theirs, never the network's own.
    held: dict[str, int] = field(default_factory=dict)
    organisation_file: bool = False
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    findings: list[iati_validate.Issue] = field(default_factory=list)  # the validator's warnings
    marked: int = 0  # initiatives imported with findings that keep them out of the export


# ------------------------------------------------------------------ plain records (no ORM)


@dataclass
class _Org:
    ref: str
    name: str
    type: str
    name_lang: str = ""
    names: list[list[str]] = field(default_factory=list)
    # Every narrative as the mention gave it, [language, name] in the file's order (none for a
    # mention by ref alone, whose `name` is the ref): what a held activity writes back.
    given: list[list[str]] = field(default_factory=list)


@dataclass
class _Activity:
    line: int | None
    iati_identifier: str
    identifier: str
    reporting_ref: str
    fields: dict[str, Any]
    reporting_name: str = ""
    reporting_type: str = ""
    reporting_narratives: list[list[str]] = field(default_factory=list)  # every language, as given
    countries: list[dict[str, Any]] = field(default_factory=list)
    regions: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    participations: list[tuple[_Org, str]] = field(default_factory=list)
    budgets: list[dict[str, Any]] = field(default_factory=list)
    transactions: list[tuple[dict[str, Any], _Org | None, _Org | None]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    related_activities: list[dict[str, Any]] = field(default_factory=list)
    planned: list[tuple[dict[str, Any], _Org | None, _Org | None]] = field(default_factory=list)
    sectors: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)


def import_file(
    path: Path | str, *, actor: Actor = None, update_held: bool = False, allow_warnings: bool = False
) -> ImportReport:
    """Import an IATI activity file: all or nothing; raises IatiFileRejected with every problem.

    The validator goes first (see the module docstring): its errors refuse the file; its
    blocking warnings refuse it too (IatiFileNeedsAllowWarnings) unless `allow_warnings`, when
    the initiatives concerned are imported and marked. Activities of other publishers are held
    as theirs; one already held that the file would change is refused (HeldUpdateRefused, naming
    each) unless `update_held`.

    Plan, then write (docs/decisions/0012-imports-plan-then-write.md): the file is read and
    compared with the registry without a write transaction, so logins and pages keep answering
    on SQLite meanwhile; then the planned rows are written in one short transaction. When the
    registry changed while planning (a new data version), the plan is made again under the lock.
    """
    path = str(path)
    report = ImportReport(path)
    reader = _Reader(path, report)
    # One parse: the validator streams the file and hands each activity, checked, to the reader,
    # which keeps records only; what it read is used only when the file passed.
    checked = iati_validate.validate(path, each=reader.take)
    if checked.errors:
        raise IatiFileRejected(path, [Problem.of(i) for i in checked.errors])
    if checked.blocking and not allow_warnings:
        raise IatiFileNeedsAllowWarnings(path, [Problem.of(i) for i in checked.blocking])
    activities = reader.read(checked)
    if reader.problems:
        raise IatiFileRejected(path, _dedupe(reader.problems))
    marks = checked.marks()
    for a in activities:
        # A clean import of the activity clears an earlier mark.
        a.fields["import_findings"] = marks.get(a.line, "")
    report.marked = sum(1 for a in activities if a.fields["import_findings"])
    report.findings = checked.warnings
    report.activities = len(activities)
    plan = _plan(activities, report, update_held)
    try:
        with transaction.atomic():
            if plan.token is None or dataversion.token(lock=True) != plan.token:
                plan.discard()
                plan = _plan(activities, report, update_held)
            plan.apply(user=actor if actor is not None and actor.is_authenticated else None)
            if report.created or report.updated:
                audit.record(
                    actor,
                    "cooperation.iati_imported",
                    None,
                    {
                        "file": Path(path).name,
                        "created": report.created,
                        "updated": report.updated,
                        "held": report.held,
                        "update_held": update_held,
                    },
                )
    finally:
        plan.discard()
    report.skipped = dict(sorted((reader.skipped + Counter(report.skipped)).items()))
    report.warnings = [f"{w} (×{n})" if n > 1 else w for w, n in reader.warnings.items()]
    return report


def _plan(activities: list[_Activity], report: ImportReport, update_held: bool = False) -> "_Plan":
    """What to write, from reads only; the counts in `report` start again with each plan."""
    report.created = report.updated = report.unchanged = 0
    report.skipped = {}
    report.held = {}
    plan = _Plan(dataversion.token())
    planner = _Planner(report, plan, own_ref=_own_ref(), update_held=update_held)
    planner.write(activities)
    if planner.refused:
        raise HeldUpdateRefused(report.path, planner.refused)
    plan.prepare()
    return plan


def _own_ref() -> str:
    """The network's reporting organisation; without one, no activity of a file is the network's."""
    try:
        return iati.reporting_org_from_settings().ref
    except iati.IatiNotConfigured:
        return ""


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in line order; several problems of one element are all kept."""
    seen: set[tuple[int | None, str, str]] = set()
    kept = []
    for p in problems:
        if (p.line, p.element, p.problem) not in seen:
            seen.add((p.line, p.element, p.problem))
            kept.append(p)
    return sorted(kept, key=lambda p: p.line or 0)


def _language(tag: str | None) -> str:
    """The primary subtag of xml:lang, lower case: "EN-gb" is English."""
    return (tag or "").strip().split("-")[0].lower()


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


class _Reader:
    """XML to plain records; collects problems instead of stopping at the first."""

    def __init__(self, path: str, report: ImportReport) -> None:
        self.path = path
        self.report = report
        self.problems: list[Problem] = []
        self.skipped: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.default_lang = ""
        self.activities: list[_Activity] = []

    def fail(self, el: etree._Element | None, problem: str, element: str | None = None) -> None:
        name = element or (str(el.tag) if el is not None else "")
        self.problems.append(Problem(_line(el) if el is not None else None, name, problem))

    def take(self, el: etree._Element) -> None:
        """One <iati-activity> of the validator's stream, into a record (iati_validate.validate's `each`)."""
        if not self.activities:
            root = el.getparent()
            self.default_lang = _language(root.get(XML_LANG)) if root is not None else ""
        self.activities.append(self.activity(el))

    def read(self, checked: iati_validate.Validation) -> list[_Activity]:
        """The records taken from a file the validator passed, each activity once."""
        if checked.organisation_file:
            self.report.organisation_file = True
            self.skipped["iati-organisation"] += checked.organisations
            self.warnings["an organisation file has no activities: nothing to import"] += 1
            return []
        activities = self.activities
        seen: dict[tuple[str, str], _Activity] = {}
        for a in activities:
            key = (a.reporting_ref, a.iati_identifier)
            if a.iati_identifier and key in seen:
                self.problems.append(
                    Problem(
                        a.line,
                        "iati-identifier",
                        f"{a.iati_identifier!r} of {a.reporting_ref!r} appears twice in the file "
                        f"(also on line {seen[key].line or '?'})",
                    )
                )
            seen[key] = a
        return activities

    def unheld(self, el: etree._Element, path: str = "") -> None:
        """Count every element and non-empty attribute under `el` that HELD does not list, by path.

        An element not held is counted once, without what it contains; narratives are counted
        by language where they are read (narratives()), so only their elements' paths matter here.
        """
        for name, value in el.attrib.items():
            if not str(value).strip():
                continue  # an empty attribute (linked-data-uri="") carries nothing
            if name == XML_LANG:
                continue  # read wherever it is: it gives the language of the narratives below
            attr = str(name)
            key = f"{path}/@{attr}" if path else f"@{attr}"
            if key not in HELD:
                self.skipped[key] += 1
        for child in el.iterchildren():
            if not isinstance(child.tag, str):
                continue
            key = f"{path}/{child.tag}" if path else str(child.tag)
            if key in HELD:
                self.unheld(child, key)
            else:
                self.skipped[key] += 1

    # -------------------------------------------------------------- small readers

    def code(self, el: etree._Element, codelist: str, *, attr: str = "code", required: bool = True) -> str:
        value = (el.get(attr) or "").strip()
        if not value:
            if required:
                self.fail(el, f"missing {attr}")
            return ""
        if value not in codelists.codes(codelist, withdrawn=True):
            self.fail(el, f"unknown {codelist} code {value!r}")
        elif not codelists.is_valid(codelist, value):
            self.warnings[f"withdrawn {codelist} code {value!r} accepted"] += 1
        return value

    def kept_code(self, el: etree._Element, codelist: str) -> str:
        """A code kept as given on an element the registry only stores and writes back: one the
        2.03 list lacks (a 2.01 file's D03 aid type) is kept with a warning, not refused."""
        value = (el.get("code") or "").strip()
        if value and value not in codelists.codes(codelist, withdrawn=True):
            self.warnings[f"<{el.tag}> code {value!r} is not in the {codelist} codelist: kept as given"] += 1
        return value

    def date(
        self,
        el: etree._Element | None,
        *,
        attr: str = "iso-date",
        parent: etree._Element | None = None,
        what: str = "",
    ) -> dt.date | None:
        if el is None:
            if parent is not None:
                self.fail(parent, f"missing {what}")
            return None
        text = (el.get(attr) or "").strip()
        if not text:
            self.fail(el, f"missing {attr}")
            return None
        match = _DATE.match(text)
        try:
            if not match:
                raise ValueError
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            self.fail(el, f"impossible date {text!r} in {attr}")
            return None

    def decimal(
        self, el: etree._Element, text: str | None, what: str, *, required: bool = True
    ) -> Decimal | None:
        text = (text or "").strip()
        if not text:
            if required:
                self.fail(el, f"missing {what}")
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            if required:
                self.fail(el, f"{what} is not a number: {text!r}")
            else:
                self.warnings[f"<{el.tag}> {what} {text!r} is not a number: left empty"] += 1
            return None
        if not value.is_finite():
            self.fail(el, f"{what} is not a number: {text!r}")
            return None
        if abs(value) >= _TOO_LARGE:
            if required:
                return value  # value() leaves the budget or transaction out
            self.warnings[f"<{el.tag}> {what} {text!r} too large for the registry: left empty"] += 1
            return None
        return value.quantize(Decimal("0.01"))

    def percentage(self, el: etree._Element) -> Decimal | None:
        value = self.decimal(el, el.get("percentage"), "percentage", required=False)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            self.fail(el, f"percentage {value} is not between 0 and 100")
        return value

    def lang_of(self, n: etree._Element) -> str:
        """A narrative's language: its own xml:lang, else the nearest ancestor's (the activity's,
        the file's); "" when none says, and then none is claimed for it."""
        node: etree._Element | None = n
        while node is not None:
            value = node.get(XML_LANG)
            if value and value.strip():
                return _language(value)
            node = node.getparent()
        return ""

    def found(self, el: etree._Element | None) -> list[tuple[str, str]]:
        """(language, text) of every non-empty narrative of `el`, in the file's order."""
        if el is None:
            return []
        found = []
        for n in el.iterchildren("narrative"):
            text = (n.text or "").strip()
            if text:
                found.append((self.lang_of(n), text))
        return found

    def narratives(
        self,
        el: etree._Element | None,
        lang: str,
        prefix: str,
        max_length: int | None = None,
        *,
        warn: bool = True,
    ) -> dict[str, Any]:
        """<narrative>s as {prefix_it, prefix_en} (the site's columns) and, under
        "narratives:<prefix>", every other one as [language, text] (see module docstring)."""
        found = self.found(el)
        texts: dict[str, Any] = {}
        others: list[list[str]] = []
        for la, text in found:
            key = f"{prefix}_{la}"
            if la in LANGS and key not in texts:
                texts[key] = text
            else:
                others.append([la, text])
        if max_length:
            for key, text in texts.items():
                if len(text) > max_length:
                    texts[key] = text[: max_length - 1] + "…"
                    self.warnings[
                        f"<{el.tag if el is not None else ''}> text longer than {max_length} characters cut"
                    ] += 1
        if not texts and others:
            # The site shows Italian or English: the first text is shown in the Italian column, and
            # its entry keeps, third, what is shown, so the export does not claim it as Italian.
            la, text = others[0]
            shown = text[: max_length - 1] + "…" if max_length and len(text) > max_length else text
            texts[f"{prefix}_it"] = shown
            others[0] = [la, text, shown]
            if warn and el is not None:
                self.warnings[
                    f"<{el.tag}> with no Italian or English text: the {la or 'untagged'} text is shown, "
                    "with its language kept"
                ] += 1
        if others:
            texts[f"narratives:{prefix}"] = others
        return texts

    def org(self, el: etree._Element | None, lang: str) -> _Org | None:
        if el is None:
            return None
        ref = (el.get("ref") or "").strip()
        found = self.found(el)
        given = [[la, text] for la, text in found]
        # The name the registry shows: English, else Italian, else the first; the rest kept.
        first = next(
            (i for la in ("en", "it") for i, (lang_, _t) in enumerate(found) if lang_ == la),
            0,
        )
        name_lang, name = found.pop(first) if found else ("", ref)
        type_ = self.code(el, "OrganisationType", attr="type", required=False)
        if not name:
            self.warnings[f"<{el.tag}> with neither ref nor name skipped"] += 1
            return None
        if len(ref) > 100:
            self.fail(el, "ref longer than 100 characters")
        if problem := name_rules.problem(name):
            self.fail(el, f"organisation name {problem}")
        return _Org(ref, name[:300], type_, name_lang, [[la, text] for la, text in found], given)

    def value(self, el: etree._Element, currency: str) -> tuple[Decimal | None, dt.date | None, str, str]:
        """A <value>: amount, value-date, its currency ("" when it is the activity's default) and why
        it cannot be stored ("" when it can: a currency known, 14 digits)."""
        value_el = el.find("value")
        if value_el is None:
            self.fail(el, "missing <value>")
            return None, None, "", "no value"
        amount = self.decimal(value_el, value_el.text, "value")
        own = self.code(value_el, "Currency", attr="currency", required=False)
        when = self.date(value_el, attr="value-date") if value_el.get("value-date") else None
        if amount is not None and abs(amount) >= _TOO_LARGE:
            self.warnings[f"<{el.tag}> value too large for the registry: skipped"] += 1
            return amount, when, "", "too large"
        if not own and not currency:
            self.warnings[f"<{el.tag}> with no currency and no default-currency skipped"] += 1
            return amount, when, "", "no currency"
        return amount, when, "" if own == currency else own, ""

    def period(self, el: etree._Element) -> tuple[dt.date | None, dt.date | None]:
        start = self.date(el.find("period-start"), parent=el, what="<period-start>")
        end = self.date(el.find("period-end"), parent=el, what="<period-end>")
        if start and end and end < start:
            self.fail(el, f"period ends ({end}) before it starts ({start})")
        return start, end

    # -------------------------------------------------------------- an activity

    def activity(self, el: etree._Element) -> _Activity:
        lang = _language(el.get(XML_LANG)) or self.default_lang
        currency = self.code(el, "Currency", attr="default-currency", required=False)
        ident_el = el.find("iati-identifier")
        iati_id = (ident_el.text or "").strip() if ident_el is not None else ""
        if not iati_id:
            self.fail(ident_el if ident_el is not None else el, "missing iati-identifier", "iati-identifier")
        reporting = el.find("reporting-org")
        if reporting is None or not (reporting.get("ref") or "").strip():
            self.fail(
                reporting if reporting is not None else el, "missing reporting-org ref", "reporting-org"
            )
        ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
        title = el.find("title")
        fields: dict[str, Any] = {f"title_{la}": "" for la in LANGS} | {
            f"description_{la}": "" for la in LANGS
        }
        fields.update(self.narratives(title, lang, "title", 300))
        if not fields["title_it"] and not fields["title_en"]:
            self.fail(title if title is not None else el, "missing title", "title")
        fields.update(self.description(el, lang))
        _fold(fields)
        status = el.find("activity-status")
        fields["status"] = self.code(status, "ActivityStatus") if status is not None else ""
        fields.update(self.dates(el))
        fields["default_currency"] = currency
        fields.update(self.extras(el))
        activity = _Activity(_line(el), iati_id, identifier_for(iati_id, ref), ref, fields)
        if reporting is not None:
            # Who publishes it: what an activity held for another publisher is exported under.
            names = [n.text.strip() for n in reporting.iterchildren("narrative") if n.text and n.text.strip()]
            activity.reporting_name = names[0][:300] if names else ""
            activity.reporting_type = (reporting.get("type") or "").strip()[:3]
            activity.reporting_narratives = [[la, text] for la, text in self.found(reporting)]
        self.unheld(el)
        for c in el.iterchildren("recipient-country"):
            activity.countries.append({"code": self.code(c, "Country"), "percentage": self.percentage(c)})
        for r in el.iterchildren("recipient-region"):
            self.region(r, activity)
        for s in el.iterchildren("sector"):
            self.sector(s, lang, activity)
        for loc in el.iterchildren("location"):
            self.location(loc, lang, activity)
        for p in el.iterchildren("participating-org"):
            role = self.code(p, "OrganisationRole", attr="role")
            org = self.org(p, lang)
            if org is not None and role:
                activity.participations.append((org, role))
        for b in el.iterchildren("budget"):
            self.budget(b, currency, activity)
        for d in el.iterchildren("planned-disbursement"):
            self.planned_disbursement(d, lang, currency, activity)
        for t in el.iterchildren("transaction"):
            self.transaction(t, lang, currency, activity)
        for d in el.iterchildren("document-link"):
            self.document(d, lang, activity)
        for r in el.iterchildren("related-activity"):
            ref_ = (r.get("ref") or "").strip()
            type_ = (r.get("type") or "").strip()
            if ref_ and len(ref_) <= 200 and type_ in RELATED_TYPES:
                activity.related.append(ref_)
                activity.related_activities.append({"ref": ref_, "type": type_})
            elif ref_:
                self.skipped["related-activity (identifier too long or type unknown)"] += 1
        for r in el.iterchildren("result"):
            activity.results.append(self.result(r, lang))
        return activity

    def extras(self, el: etree._Element) -> dict[str, Any]:
        """What IATI carries beyond the registry's own fields (iati_source.Extras), as given."""
        flag = (el.get("humanitarian") or "").strip().lower()
        level = (el.get("hierarchy") or "").strip()
        found: dict[str, Any] = {
            "humanitarian": {"1": True, "true": True, "0": False, "false": False}.get(flag),
            "hierarchy": int(level) if level.isdigit() and 0 < int(level) < 32768 else None,
        }
        for tag, (name, codelist) in _EXTRA_CODES.items():
            coded = el.find(tag)
            found[name] = self.kept_code(coded, codelist) if coded is not None else ""
        aid_types = []
        for a in el.iterchildren("default-aid-type"):
            vocabulary = (a.get("vocabulary") or "").strip()  # none given: 1 (OECD DAC), kept unsaid
            code = self.kept_code(a, "AidType") if vocabulary in ("", "1") else (a.get("code") or "").strip()
            if code:
                aid_types.append([vocabulary, code])
        found["default_aid_types"] = aid_types
        for tag, attrs in _EXTRA_ROWS.items():
            found[_EXTRA_FIELDS[tag]] = [
                [(row.get(attr) or "").strip() for attr in attrs] for row in el.iterchildren(tag)
            ]
        return found

    def description(self, el: etree._Element, lang: str) -> dict[str, str]:
        general = [d for d in el.iterchildren("description") if (d.get("type") or "1") == "1"]
        for d in el.iterchildren("description"):
            if (d.get("type") or "1") != "1":
                self.skipped[f"description (type {d.get('type')})"] += 1
        texts: dict[str, list[str]] = {}
        others: list[list[str]] = []
        for d in general:
            for key, text in self.narratives(d, lang, "description").items():
                if key.startswith("narratives:"):
                    others += text
                else:
                    texts.setdefault(key, []).append(text)
        joined: dict[str, Any] = {key: "\n\n".join(parts) for key, parts in texts.items()}
        if others:
            joined["narratives:description"] = others
        return joined

    def dates(self, el: etree._Element) -> dict[str, Any]:
        names = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
        found: dict[str, Any] = dict.fromkeys(names.values())
        lines: dict[str, etree._Element] = {}
        for d in el.iterchildren("activity-date"):
            kind = self.code(d, "ActivityDateType", attr="type")
            when = self.date(d)
            if kind in names and when is not None:
                found[names[kind]] = when
                lines[names[kind]] = d
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if found[start] and found[end] and found[end] < found[start]:
                self.fail(
                    lines[end],
                    f"{end.replace('_', ' ')} {found[end]} is before {start.replace('_', ' ')} {found[start]}",
                )
        return found | {f"{name}_precision": "day" for name in names.values()}

    def region(self, r: etree._Element, activity: _Activity) -> None:
        vocabulary = (r.get("vocabulary") or "1").strip()
        if vocabulary == "1":
            code = self.code(r, "Region")
        else:
            self.code(r, "RegionVocabulary", attr="vocabulary")
            code = (r.get("code") or "").strip()
        if len(code) > 10 or len(vocabulary) > 3:
            self.skipped["recipient-region (code too long)"] += 1
            return
        activity.regions.append({"code": code, "vocabulary": vocabulary, "percentage": self.percentage(r)})

    def sector(self, s: etree._Element, lang: str, activity: _Activity) -> None:
        """Any vocabulary, kept as given; DAC codes (1) and categories (2) checked against their lists."""
        vocabulary = self.code(s, "SectorVocabulary", attr="vocabulary", required=False) or "1"
        if vocabulary == "1":
            code = self.code(s, "Sector")
        elif vocabulary == "2":
            code = self.code(s, "SectorCategory")
        else:
            code = (s.get("code") or "").strip()
            if not code:
                self.fail(s, "missing code")
        uri = (s.get("vocabulary-uri") or "").strip()
        if len(code) > 100 or len(uri) > 500:
            self.skipped["sector (code or vocabulary-uri too long)"] += 1
            return
        names = self.found(s)
        name_lang, name = names[0] if names else ("", "")
        if len(names) > 1:
            self.skipped["sector/narrative (beyond the first)"] += len(names) - 1
        activity.sectors.append(
            {
                "vocabulary": vocabulary,
                "vocabulary_uri": uri,
                "code": code,
                "percentage": self.percentage(s),
                "name": name[:300],
                "name_lang": name_lang,
            }
        )

    def location(self, loc: etree._Element, lang: str, activity: _Activity) -> None:
        names = self.found(loc.find("name"))
        # The name the registry shows: Italian, else English, else the first; the rest kept.
        first = next((i for la in ("it", "en") for i, (lang_, _t) in enumerate(names) if lang_ == la), 0)
        if not names:
            self.skipped["location (no name)"] += 1
            return
        name_lang, name = names.pop(first)
        if len(name) > 300:
            name = name[:299] + "…"
            self.warnings["<name> text longer than 300 characters cut"] += 1
        lat = lon = None
        pos = loc.find("point/pos")
        if pos is not None and pos.text:
            parts = pos.text.split()
            try:
                lat, lon = (Decimal(p).quantize(Decimal("0.000001")) for p in parts)
            except (InvalidOperation, ValueError):
                self.fail(pos, f"not a position (latitude longitude): {pos.text!r}")
            if lat is not None and lon is not None and not (abs(lat) <= 90 and abs(lon) <= 180):
                self.fail(pos, f"position out of range: {pos.text!r}")
        exactness_el = loc.find("exactness")
        exactness = ""  # not given: none claimed (the network's own get approximate, _Planner.places)
        if exactness_el is not None:
            exactness = self.code(exactness_el, "GeographicExactness")
            if exactness not in Place.Exactness.values:
                exactness = ""  # an unknown code refuses the file (code() said so)

        def code(tag: str) -> str:
            found = loc.find(tag)
            return (found.get("code") or "").strip() if found is not None else ""

        texts = {
            tag: [[la, text] for la, text in self.found(loc.find(tag))]
            for tag in ("description", "activity-description")
        }
        for tag, codelist in (
            ("location-reach", "GeographicLocationReach"),
            ("feature-designation", "LocationType"),
        ):
            coded = loc.find(tag)
            if coded is not None:
                self.kept_code(coded, codelist)
        reach, feature = code("location-reach"), code("feature-designation")
        activity.places.append(
            {
                "name": name,
                "name_lang": name_lang,
                "names": [[la, text] for la, text in names],
                "latitude": lat,
                "longitude": lon,
                "exactness": exactness,
                "ref": (loc.get("ref") or "").strip()[:200],
                "reach": reach[:1],
                "location_class": code("location-class")[:1],
                "feature_designation": feature[:10],
                "location_ids": [
                    [(i.get("vocabulary") or "").strip(), (i.get("code") or "").strip()]
                    for i in loc.iterchildren("location-id")
                ],
                "administrative": [
                    [(a.get(n) or "").strip() for n in ("vocabulary", "level", "code")]
                    for a in loc.iterchildren("administrative")
                ],
                "narratives": {tag: found for tag, found in texts.items() if found},
            }
        )

    def budget(self, b: etree._Element, currency: str, activity: _Activity) -> None:
        type_ = self.code(b, "BudgetType", attr="type", required=False) or "1"
        status = self.code(b, "BudgetStatus", attr="status", required=False) or "1"
        start, end = self.period(b)
        amount, when, value_currency, unfit = self.value(b, currency)
        if unfit:
            self.skipped[f"budget ({unfit})"] += 1
        elif start and end and amount is not None:
            activity.budgets.append(
                {
                    "period_start": start,
                    "period_end": end,
                    "value": amount,
                    "type": type_,
                    "status": status,
                    "value_date": when,
                    "currency": value_currency,
                }
            )

    def planned_disbursement(self, d: etree._Element, lang: str, currency: str, activity: _Activity) -> None:
        type_ = self.code(d, "BudgetType", attr="type", required=False)
        start = self.date(d.find("period-start"), parent=d, what="<period-start>")
        end_el = d.find("period-end")
        end = self.date(end_el) if end_el is not None else None
        if start and end and end < start:
            self.fail(d, f"period ends ({end}) before it starts ({start})")
        amount, when, value_currency, unfit = self.value(d, currency)
        provider = self.org(d.find("provider-org"), lang)
        receiver = self.org(d.find("receiver-org"), lang)
        if unfit:
            self.skipped[f"planned-disbursement ({unfit})"] += 1
        elif start and amount is not None:
            row = {
                "type": type_,
                "period_start": start,
                "period_end": end,
                "value": amount,
                "currency": value_currency,
                "value_date": when,
            }
            activity.planned.append((row, provider, receiver))

    def transaction(self, t: etree._Element, lang: str, currency: str, activity: _Activity) -> None:
        type_el = t.find("transaction-type")
        type_ = self.code(type_el, "TransactionType") if type_el is not None else ""
        if type_el is None:
            self.fail(t, "missing <transaction-type>")
        when = self.date(t.find("transaction-date"), parent=t, what="<transaction-date>")
        amount, value_date, value_currency, unfit = self.value(t, currency)
        description = self.narratives(t.find("description"), lang, "description", 300)
        provider = self.org(t.find("provider-org"), lang)
        receiver = self.org(t.find("receiver-org"), lang)
        if type_ and type_ not in _TRANSACTION_TYPES:
            self.skipped[f"transaction (type {type_})"] += 1
            return
        if unfit:
            self.skipped[f"transaction ({unfit})"] += 1
            return
        if when is None or amount is None or not type_:
            return
        row = {
            "type": type_,
            "date": when,
            "value": amount,
            "value_date": value_date,
            "currency": value_currency,
            "reference": (t.get("ref") or "").strip()[:100],
            "description_it": "",
            "description_en": "",
        } | description
        activity.transactions.append((_fold(row), provider, receiver))

    def document(self, d: etree._Element, lang: str, activity: _Activity) -> None:
        url = (d.get("url") or "").strip()
        try:
            URLValidator()(url)
            if len(url) > 500:
                raise ValidationError("too long")
        except ValidationError:
            self.warnings[f"<document-link> with an address that is not a URL skipped: {url!r}"] += 1
            self.skipped["document-link (not a URL)"] += 1
            return
        titles = {"title_it": "", "title_en": ""} | self.narratives(d.find("title"), lang, "title", 300)
        if not titles["title_it"] and not titles["title_en"]:
            # The schema wants a title: the address, shown as such, in no language.
            titles["title_it"] = url[:300]
            titles["narratives:title"] = [["", url, url[:300]]]
        categories = [self.code(c, "DocumentCategory") for c in d.iterchildren("category")]
        languages = [self.code(la, "Language") for la in d.iterchildren("language")]
        date_el = d.find("document-date")
        activity.documents.append(
            {
                "url": url,
                "format": (d.get("format") or "text/html")[:100],
                "category": categories[0] if categories else "A12",
                "language": languages[0] if languages else "",
                "published_on": self.date(date_el) if date_el is not None else None,
            }
            | titles
        )
        _fold(activity.documents[-1])
        if len(categories) > 1:
            self.skipped["document-link/category (beyond the first)"] += len(categories) - 1

    def result(self, r: etree._Element, lang: str) -> dict[str, Any]:
        row: dict[str, Any] = {
            "type": self.code(r, "ResultType", attr="type"),
            "title_it": "",
            "title_en": "",
            "description_it": "",
            "description_en": "",
        }
        row.update(self.narratives(r.find("title"), lang, "title", 300))
        row.update(self.narratives(r.find("description"), lang, "description"))
        _fold(row)
        row["indicators"] = [self.indicator(i, lang) for i in r.iterchildren("indicator")]
        return row

    def measure(self, el: etree._Element) -> dict[str, Any]:
        """A baseline, target or actual as given: only what it says (iati_source.Measure)."""
        found: dict[str, Any] = {
            key: (el.get(attr) or "").strip()
            for key, attr in (("value", "value"), ("year", "year"), ("iso_date", "iso-date"))
            if (el.get(attr) or "").strip()
        }
        dimensions = [
            [(d.get("name") or "").strip(), (d.get("value") or "").strip()]
            for d in el.iterchildren("dimension")
        ]
        if dimensions:
            found["dimensions"] = dimensions
        comment = [[la, text] for la, text in self.found(el.find("comment"))]
        if comment:
            found["comment"] = comment
        return found

    def indicator(self, i: etree._Element, lang: str) -> dict[str, Any]:
        row: dict[str, Any] = {
            "measure": self.code(i, "IndicatorMeasure", attr="measure"),
            "ascending": (i.get("ascending") or "1").strip() not in ("0", "false"),
            "title_it": "",
            "title_en": "",
            "baseline_year": None,
            "baseline_value": None,
        }
        row.update(self.narratives(i.find("title"), lang, "title", 300))
        _fold(row)
        baselines = list(i.iterchildren("baseline"))
        given = [self.measure(b) for b in baselines]
        # Kept as given only when the two fields cannot say it all (several, a date, dimensions, a comment).
        row["baselines"] = given if len(given) > 1 or any(set(m) - {"year", "value"} for m in given) else []
        if baselines:
            year = (baselines[0].get("year") or "").strip()
            row["baseline_year"] = int(year) if year.isdigit() and 0 < int(year) < 10000 else None
            row["baseline_value"] = self.decimal(
                baselines[0], baselines[0].get("value"), "value", required=False
            )
        periods = []
        for p in i.iterchildren("period"):
            start, end = self.period(p)
            target, actual = p.find("target"), p.find("actual")
            measures = {}
            for tag in ("target", "actual"):
                found = [self.measure(m) for m in p.iterchildren(tag)]
                measures[f"{tag}s"] = (
                    found if len(found) > 1 or any(set(m) - {"value"} for m in found) else []
                )
            periods.append(
                measures
                | {
                    "period_start": start,
                    "period_end": end,
                    "target": self.decimal(target, target.get("value"), "value", required=False)
                    if target is not None
                    else None,
                    "actual": self.decimal(actual, actual.get("value"), "value", required=False)
                    if actual is not None
                    else None,
                }
            )
        row["periods"] = periods
        return row


def _fold(row: dict[str, Any]) -> dict[str, Any]:
    """Move the "narratives:<field>" entries narratives() returns into the row's `narratives`."""
    kept = {key.split(":", 1)[1]: row.pop(key) for key in [k for k in row if k.startswith("narratives:")]}
    row["narratives"] = kept
    return row


def identifier_for(iati_identifier: str, reporting_ref: str) -> str:
    """The initiative identifier: the part after '<reporting-org ref>-', slugified (see module docstring)."""
    rest = iati_identifier
    if reporting_ref and iati_identifier.startswith(f"{reporting_ref}-"):
        rest = iati_identifier[len(reporting_ref) + 1 :]
    slug = slugify(rest) or slugify(iati_identifier)
    if len(slug) > 100:
        digest = hashlib.sha1(iati_identifier.encode()).hexdigest()[:8]
        slug = f"{slug[:91]}-{digest}"
    return slug


# ------------------------------------------------------------------ writing (one transaction)


def _snapshot(rows: Iterable[models.Model], names: list[str]) -> list[dict[str, Any]]:
    return [{n: getattr(row, n) for n in names} for row in rows]


def _canonical(value: Any) -> Any:
    """A value as compared: a Decimal without trailing zeros, a JSON object with its keys sorted
    (PostgreSQL's jsonb does not keep the order they were written in)."""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _same_rows(have: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> bool:
    """The same rows in any order: the order of countries, partners or budgets carries no meaning."""

    def key(row: dict[str, Any]) -> str:
        return repr(sorted((k, _canonical(v)) for k, v in row.items()))

    return sorted(map(key, have)) == sorted(map(key, wanted))


class _Plan:
    """Every write an import will make, worked out from reads alone (no transaction held).

    Rows to create are unsaved instances whose foreign keys may point at other unsaved instances
    (a new initiative's budgets, a new organisation's participations): they get their keys when
    apply() saves the parents first. `token` is the data version the reads saw.
    """

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.kind: InitiativeKind | None = None  # a new "cooperation" kind
        self.publishers: list[Publisher] = []  # other publishers seen for the first time
        self.organisations: list[Organisation] = []
        self.initiatives: list[Initiative] = []
        self.changed: list[tuple[Initiative, list[str]]] = []
        self.deletes: dict[type[models.Model], list[int]] = {}
        self.creates: dict[type[models.Model], list[models.Model]] = {m: [] for m in _CREATE_ORDER}
        self.m2m: list[tuple[Initiative, str, set[int]]] = []  # (initiative, field, the pks it must have)
        self.related: list[tuple[Initiative, Initiative]] = []
        self.new_rows: bulk.NewRows | None = None
        self.changed_rows: bulk.ChangedRows | None = None
        self.deletions: bulk.Deletions | None = None

    def delete(self, rows: Iterable[models.Model]) -> None:
        for row in rows:
            self.deletes.setdefault(type(row), []).append(row.pk)

    def create(self, row: models.Model) -> None:
        self.creates[type(row)].append(row)

    def prepare(self) -> None:
        """Make the new rows' values ready, before the write transaction."""
        rows = bulk.NewRows()
        if self.kind is not None:
            rows.add(self.kind)
        rows.add_all(self.publishers)
        rows.add_all(self.organisations)
        for initiative in self.initiatives:
            initiative.start_on_index = initiative.start_on  # what Initiative.save() sets
        rows.add_all(self.initiatives)
        for model in _CREATE_ORDER:
            rows.add_all(self.creates[model])
        for name in ("fields_of_action", "fields_of_intervention"):
            field = getattr(Initiative, name)
            through, target = field.through, field.field.m2m_reverse_field_name()
            rows.add_all(
                through(initiative=i, **{f"{target}_id": pk})
                for i, n, pks in self.m2m
                if n == name
                for pk in sorted(pks)
            )
        # "related" is symmetrical: a link is a row each way, as related.add() writes it; a link
        # both initiatives already had is kept as it is.
        through = Initiative.related.through
        rows.add_all(
            (
                through(from_initiative=a, to_initiative=b)
                for x, y in self.related
                for a, b in ((x, y), (y, x))
            ),
            ignore_conflicts=True,
        )
        rows.prepare()
        rows.stage()  # on SQLite, into TEMP tables: the write lock then only copies them
        self.new_rows = rows
        changed = bulk.ChangedRows()
        for initiative, names in self.changed:
            initiative.start_on_index = initiative.start_on  # what Initiative.save() sets
            changed.add(initiative, [*names, "start_on_index"])
        changed.prepare()
        self.changed_rows = changed
        deletions = bulk.Deletions()
        for model, pks in self.deletes.items():
            deletions.add(model, pks)
        deletions.prepare()  # what cascades, read now: under the lock only the deletes
        self.deletions = deletions

    def discard(self) -> None:
        """Forget what was staged for the write (the plan is made again, written or given up)."""
        if self.new_rows is not None:
            self.new_rows.drop_staged()

    def apply(self, *, user: Any) -> None:
        """The writes, in one short run: prepared updates, deletes and inserts, each row with its
        history row (core/bulk.py)."""
        if self.new_rows is None or self.changed_rows is None or self.deletions is None:
            self.prepare()
        assert self.new_rows is not None
        assert self.changed_rows is not None
        assert self.deletions is not None
        at = timezone.now()
        user_id = user.pk if user else None
        self.changed_rows.write(user_id=user_id, reason="IATI import", at=at)
        self.deletions.write(user_id=user_id, reason="IATI import", at=at)
        for name in ("fields_of_action", "fields_of_intervention"):
            # An existing initiative's links are written again whole (new ones have none yet).
            through = getattr(Initiative, name).through
            ids = [i.pk for i, n, _pks in self.m2m if n == name and i.pk is not None]
            for start in range(0, len(ids), _BATCH):
                through.objects.filter(initiative_id__in=ids[start : start + _BATCH]).delete()
        self.new_rows.write(user_id=user_id, reason="IATI import", at=at)


_BATCH = 500
# The order children are created in: a row's parents come before it.
_CREATE_ORDER: tuple[type[models.Model], ...] = (
    RecipientCountry,
    RecipientRegion,
    Sector,
    RelatedActivity,
    Place,
    Budget,
    Document,
    Participation,
    Transaction,
    PlannedDisbursement,
    Result,
    Indicator,
    IndicatorPeriod,
)


class _Planner:
    """Works out a _Plan: compares the file's activities with the registry, reading only."""

    def __init__(
        self, report: ImportReport, plan: _Plan, *, own_ref: str = "", update_held: bool = False
    ) -> None:
        self.report = report
        self.plan = plan
        self.orgs: dict[tuple[str, str], Organisation] = {}
        self.kind: InitiativeKind | None = None
        self.own_ref = own_ref
        self.update_held = update_held
        self.publishers: dict[str, Publisher] = {}
        self.slugs: set[str] = set()  # slugs given to the initiatives this plan creates
        self.refused: list[Problem] = []  # held activities the file would change, not asked for

    def is_own(self, a: _Activity) -> bool:
        return bool(self.own_ref) and a.reporting_ref == self.own_ref

    def publisher(self, a: _Activity) -> Publisher:
        if a.reporting_ref not in self.publishers:
            found = Publisher.objects.filter(ref=a.reporting_ref).first()
            if found is None:
                found = Publisher(
                    ref=a.reporting_ref,
                    name=a.reporting_name,
                    type=a.reporting_type,
                    narratives=a.reporting_narratives,
                )
                self.plan.publishers.append(found)
            self.publishers[a.reporting_ref] = found
        return self.publishers[a.reporting_ref]

    def existing(self, reporting_ref: str, iati_identifier: str) -> Initiative | None:
        """The registry's activity of this reporting organisation with this identifier, if any."""
        if self.own_ref and reporting_ref == self.own_ref:
            own = Initiative.objects.own()
            found = own.filter(iati_identifier=iati_identifier).first()
            prefix = f"{self.own_ref}-"
            if found is None and iati_identifier.startswith(prefix):
                found = own.filter(iati_identifier="", identifier=iati_identifier[len(prefix) :]).first()
            return found
        return Initiative.objects.filter(
            publisher__ref=reporting_ref, iati_identifier=iati_identifier
        ).first()

    def free_slug(self, wanted: str, iati_identifier: str) -> str:
        """`wanted`, or with a hash of the identifier when taken (by any initiative, own or held)."""
        slug = wanted
        if slug in self.slugs or Initiative.objects.filter(identifier=slug).exists():
            digest = hashlib.sha1(iati_identifier.encode()).hexdigest()[:8]
            slug = f"{wanted[:91]}-{digest}"
        self.slugs.add(slug)
        return slug

    def new_identity(self, a: _Activity) -> dict[str, Any]:
        """Slug, publisher and identifier as published of a new initiative (module docstring)."""
        if self.is_own(a):
            slug = self.free_slug(a.identifier, a.iati_identifier)
            published = iati.activity_identifier(self.own_ref, slug)
            return {
                "identifier": slug,
                "iati_identifier": "" if published == a.iati_identifier else a.iati_identifier,
            }
        return {
            "identifier": self.free_slug(identifier_for(a.iati_identifier, ""), a.iati_identifier),
            "iati_identifier": a.iati_identifier,
            "publisher": self.publisher(a),
        }

    def cooperation_kind(self) -> InitiativeKind:
        if self.kind is None:
            self.kind = InitiativeKind.objects.filter(key="cooperation").first()
            if self.kind is None:
                self.kind = self.plan.kind = InitiativeKind(
                    key="cooperation", name_it="Cooperazione", name_en="Cooperation"
                )
        return self.kind

    def organisation(self, org: _Org) -> Organisation:
        key = (org.ref, "" if org.ref else org.name)
        if key not in self.orgs:
            qs = (
                Organisation.objects.filter(ref=org.ref)
                if org.ref
                else Organisation.objects.filter(name=org.name)
            )
            found = qs.order_by("pk").first()
            if found is None:
                found = Organisation(
                    name=org.name, ref=org.ref, type=org.type, name_lang=org.name_lang, names=org.names
                )
                self.plan.organisations.append(found)
            self.orgs[key] = found
        return self.orgs[key]

    def write(self, activities: list[_Activity]) -> None:
        by_iati: dict[tuple[str, str], Initiative] = {}
        for a in activities:
            by_iati[(a.reporting_ref, a.iati_identifier)] = self.initiative(a)
        for a in activities:
            initiative = by_iati[(a.reporting_ref, a.iati_identifier)]
            wanted: dict[int, Initiative] = {}
            for ref in a.related:
                # Only among the same reporting organisation's activities: never across to ours.
                other = by_iati.get((a.reporting_ref, ref))
                if other is None:
                    other = self.existing(a.reporting_ref, ref)
                if other is None or other is initiative or (other.pk and other.pk == initiative.pk):
                    continue
                wanted[id(other)] = other
            have = set(initiative.related.values_list("pk", flat=True)) if initiative.pk else set()
            self.plan.related += [
                (initiative, o) for o in wanted.values() if o.pk is None or o.pk not in have
            ]

    def initiative(self, a: _Activity) -> Initiative:
        initiative = self.existing(a.reporting_ref, a.iati_identifier)
        created = initiative is None
        changed = False
        if not self.is_own(a):
            self.report.held[a.reporting_ref] = self.report.held.get(a.reporting_ref, 0) + 1
        if initiative is None:
            initiative = Initiative(kind=self.cooperation_kind(), **self.new_identity(a), **a.fields)
            self.clean(initiative, a)
            self.plan.initiatives.append(initiative)
        else:
            if (
                not initiative.is_held
                and not initiative.default_currency
                and a.fields["default_currency"] == iati.CURRENCY
            ):
                # What the exporter writes for none of the network's own: no change. Another
                # publisher's is written as stored, so EUR given is EUR kept.
                a.fields["default_currency"] = ""
            for name in ("planned_start", "actual_start", "planned_end", "actual_end"):
                if getattr(initiative, name) == a.fields[name]:
                    # Same day: keep the precision the registry knows ("2015" exports as 2015-01-01).
                    a.fields[f"{name}_precision"] = getattr(initiative, f"{name}_precision")
            diff = [k for k, v in a.fields.items() if getattr(initiative, k) != v]
            if diff:
                for k in diff:
                    setattr(initiative, k, a.fields[k])
                self.clean(initiative, a)
                self.plan.changed.append((initiative, diff))
                changed = True
        new = initiative.pk is None
        children = [
            self.recipients(initiative, a),
            self.places(initiative, a),
            self.replace(
                [] if new else initiative.budgets.all(),
                a.budgets,
                lambda _i, r: Budget(initiative=initiative, **r),
            ),
            self.replace(
                [] if new else initiative.documents.all(),
                a.documents,
                lambda _i, r: Document(initiative=initiative, **r),
            ),
            self.participations(initiative, a),
            self.sectors(initiative, a),
            self.related_activities(initiative, a),
            self.fields_from_sectors(initiative, a),
            self.transactions(initiative, a),
            self.planned_disbursements(initiative, a),
            self.results(initiative, a),
        ]
        if created:
            self.report.created += 1
        elif changed or any(children):
            self.report.updated += 1
            if initiative.is_held and not self.update_held:
                self.refused.append(
                    Problem(
                        a.line,
                        "iati-activity",
                        f"{a.iati_identifier} is held for {a.reporting_ref} and this file would change "
                        "it: import again with --update-held to update it",
                    )
                )
        else:
            self.report.unchanged += 1
        return initiative

    def clean(self, initiative: Initiative, a: _Activity) -> None:
        """The model's own rules; a breach rejects the file before anything is written."""
        try:
            # The kind is ours to set, and may itself be planned but not yet saved.
            initiative.full_clean(exclude=["kind"], validate_unique=False, validate_constraints=False)
        except ValidationError as err:
            problems = [
                Problem(a.line, "iati-activity", f"{a.iati_identifier}: {name}: {' '.join(messages)}")
                for name, messages in err.message_dict.items()
            ]
            raise IatiFileRejected(self.report.path, problems) from None

    def replace(
        self,
        current: "models.QuerySet[Any] | list[Any]",
        wanted: list[dict[str, Any]],
        make: Callable[[int, dict[str, Any]], models.Model],
    ) -> bool:
        """Plan the rows equal to `wanted` (make(i, row) builds the i-th); nothing when they already are."""
        names = sorted({k for row in wanted for k in row})
        rows = list(current.order_by("pk")) if isinstance(current, models.QuerySet) else list(current)
        if _same_rows(_snapshot(rows, names), wanted):
            return False
        self.plan.delete(rows)
        for i, data in enumerate(wanted):
            self.plan.create(make(i, data))
        return True

    def places(self, initiative: Initiative, a: _Activity) -> bool:
        """The file's locations. One given without exactness keeps none when it is another
        publisher's (absent stays absent); the network's own get approximate, as the office's
        form does."""
        wanted = a.places
        if self.is_own(a):
            approximate = Place.Exactness.APPROXIMATE.value
            wanted = [p | {"exactness": p["exactness"] or approximate} for p in a.places]
        return self.replace(
            [] if initiative.pk is None else initiative.places.all(),
            wanted,
            lambda _i, r: Place(initiative=initiative, **r),
        )

    def recipients(self, initiative: Initiative, a: _Activity) -> bool:
        """Countries and regions; of the network's own, shares the exporter would write as the
        file's count as unchanged.

        A registry without percentages (one country) or with a rounded equal split (33.33 × 3) is
        exported with the exact split, so importing that export back must not rewrite them.
        Another publisher's shares are written as stored: only the same ones are unchanged.
        """
        new = initiative.pk is None
        countries = [] if new else list(initiative.countries.order_by("pk"))
        regions = [] if new else list(initiative.regions.order_by("pk"))
        same_places = [c.code for c in countries] == [c["code"] for c in a.countries] and [
            (r.code, r.vocabulary) for r in regions
        ] == [(r["code"], r["vocabulary"]) for r in a.regions]
        wanted_shares = [r["percentage"] for r in (*a.countries, *a.regions)]
        if self.is_own(a) and same_places and iati.recipient_shares(countries, regions) == wanted_shares:
            return False
        changed = self.replace(
            countries, a.countries, lambda _i, r: RecipientCountry(initiative=initiative, **r)
        )
        return (
            self.replace(regions, a.regions, lambda _i, r: RecipientRegion(initiative=initiative, **r))
            or changed
        )

    def as_published(self, org: _Org, organisation: Organisation, a: _Activity) -> dict[str, Any]:
        """What a mention of another publisher's activity said of an organisation where it differs
        from the shared record (iati_source.as_published reads it back); {} for the network's own
        activities, whose organisations the office keeps in one place."""
        if self.is_own(a):
            return {}
        written = [[organisation.name_lang, organisation.name]] if organisation.name.strip() else []
        written += [[str(n[0]), str(n[1])] for n in organisation.names or () if str(n[1]).strip()]
        said: dict[str, Any] = {}
        if org.given != written:
            said["names"] = org.given
        if org.type != organisation.type:
            said["type"] = org.type
        return said

    def participations(self, initiative: Initiative, a: _Activity) -> bool:
        wanted: list[dict[str, Any]] = []
        made: list[models.Model] = []
        for org, role in a.participations:
            organisation = self.organisation(org)
            said = self.as_published(org, organisation, a)
            row = {"organisation_id": organisation.pk, "role": role, "as_published": said}
            if organisation.pk is not None and any(
                w["organisation_id"] == organisation.pk and w["role"] == role for w in wanted
            ):
                self.report.skipped["participating-org (repeated)"] = (
                    self.report.skipped.get("participating-org (repeated)", 0) + 1
                )
                continue
            if organisation.pk is None and any(
                p.organisation is organisation and p.role == role for p in made
            ):
                self.report.skipped["participating-org (repeated)"] = (
                    self.report.skipped.get("participating-org (repeated)", 0) + 1
                )
                continue
            wanted.append(row)
            made.append(
                Participation(initiative=initiative, organisation=organisation, role=role, as_published=said)
            )
        current = [] if initiative.pk is None else initiative.participations.all()
        return self.replace(current, wanted, lambda i, _r: made[i])

    def sectors(self, initiative: Initiative, a: _Activity) -> bool:
        """The file's sectors, kept as given (any vocabulary, with their percentages).

        An initiative that has none of its own exports the codes of its fields (the software
        default): a file giving exactly those, in the exporter's shares, changes nothing.
        """
        current = [] if initiative.pk is None else list(initiative.sectors.order_by("pk"))
        if not current and initiative.pk is not None:
            default = source.mapped_sectors(iati.sector_codes(initiative))
            given = tuple(
                source.Sector(s["vocabulary"], s["code"], s["percentage"], s["vocabulary_uri"], s["name"])
                for s in a.sectors
            )
            if given == default:
                return False
        return self.replace(current, a.sectors, lambda _i, r: Sector(initiative=initiative, **r))

    def related_activities(self, initiative: Initiative, a: _Activity) -> bool:
        """The file's related activities as given (any publisher's, with their type); a file
        giving exactly what the exporter writes from the registry's links changes nothing."""
        current = [] if initiative.pk is None else list(initiative.related_activities.order_by("pk"))
        if not current and initiative.pk is not None:
            prefix = a.reporting_ref
            linked = [
                {"ref": iati.activity_identifier(prefix, other), "type": iati.RELATED_TYPE}
                for other in initiative.related.order_by("identifier").values_list("identifier", flat=True)
            ]
            if linked == a.related_activities:
                return False
        return self.replace(
            current, a.related_activities, lambda _i, r: RelatedActivity(initiative=initiative, **r)
        )

    def fields_from_sectors(self, initiative: Initiative, a: _Activity) -> bool:
        """DAC sectors → our fields through SectorMapping, the exporter's way back.

        The exporter writes the codes of the fields of intervention, or of the fields of action
        when there are none; so the fields taken back are those whose every code is in the file,
        without the intervention fields when only the action fields give all the codes back. Codes no field covers are listed as skipped.
        """
        codes = {s["code"] for s in a.sectors if s["vocabulary"] == "1"}
        new = initiative.pk is None
        if not new and set(iati.sector_codes(initiative)) == codes:
            return False  # the fields we have give these codes already
        if new and not codes:
            return False
        by_field = self.sector_fields()
        fitting = {key for key, mapped in by_field.items() if codes and mapped <= codes}
        interventions = {pk for kind, pk in fitting if kind == "intervention"}
        actions = {pk for kind, pk in fitting if kind == "action"}
        by_interventions = set().union(*(by_field[("intervention", pk)] for pk in interventions))
        by_actions = set().union(*(by_field[("action", pk)] for pk in actions))
        if by_interventions != codes and by_actions == codes:
            interventions = set()  # the exporter prefers interventions: keep only what gives the codes back
        changed = False
        have_actions = set() if new else set(initiative.fields_of_action.values_list("pk", flat=True))
        if have_actions != actions:
            self.plan.m2m.append((initiative, "fields_of_action", actions))
            changed = True
        have = set() if new else set(initiative.fields_of_intervention.values_list("pk", flat=True))
        if have != interventions:
            self.plan.m2m.append((initiative, "fields_of_intervention", interventions))
            changed = True
        return changed

    @cached_property
    def _sector_fields(self) -> dict[tuple[str, int], set[str]]:
        by_field: dict[tuple[str, int], set[str]] = {}
        for m in SectorMapping.objects.order_by("pk"):
            if m.field_of_intervention_id is not None:
                by_field.setdefault(("intervention", m.field_of_intervention_id), set()).add(m.code)
            elif m.field_of_action_id is not None:
                by_field.setdefault(("action", m.field_of_action_id), set()).add(m.code)
        return by_field

    def sector_fields(self) -> dict[tuple[str, int], set[str]]:
        return self._sector_fields

    def flows(
        self, a: _Activity, rows: list[tuple[dict[str, Any], _Org | None, _Org | None]]
    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Transactions' or planned disbursements' rows with their provider and receiver: the
        values compared with the registry's, and the fields a new row is made of."""
        found = []
        for row, p, r in rows:
            provider = self.organisation(p) if p else None
            receiver = self.organisation(r) if r else None
            said = {
                "provider_as_published": self.as_published(p, provider, a) if p and provider else {},
                "receiver_as_published": self.as_published(r, receiver, a) if r and receiver else {},
            }
            compared = row | said
            compared["provider_id"] = provider.pk if provider else None
            compared["receiver_id"] = receiver.pk if receiver else None
            found.append((compared, row | said | {"provider": provider, "receiver": receiver}))
        return found

    def transactions(self, initiative: Initiative, a: _Activity) -> bool:
        rows = self.flows(a, a.transactions)
        current = [] if initiative.pk is None else initiative.transactions.all()
        return self.replace(
            current,
            [compared for compared, _fields in rows],
            lambda i, _r: Transaction(initiative=initiative, **rows[i][1]),
        )

    def planned_disbursements(self, initiative: Initiative, a: _Activity) -> bool:
        rows = self.flows(a, a.planned)
        current = [] if initiative.pk is None else initiative.planned_disbursements.all()
        return self.replace(
            current,
            [compared for compared, _fields in rows],
            lambda i, _r: PlannedDisbursement(initiative=initiative, **rows[i][1]),
        )

    def results(self, initiative: Initiative, a: _Activity) -> bool:
        current = (
            []
            if initiative.pk is None
            else [
                {
                    **{
                        n: getattr(res, n)
                        for n in (
                            "type",
                            "title_it",
                            "title_en",
                            "description_it",
                            "description_en",
                            "narratives",
                        )
                    },
                    "indicators": [
                        {
                            **{
                                n: getattr(ind, n)
                                for n in (
                                    "measure",
                                    "ascending",
                                    "title_it",
                                    "title_en",
                                    "baseline_year",
                                    "baseline_value",
                                    "baselines",
                                    "narratives",
                                )
                            },
                            "periods": _snapshot(
                                ind.periods.order_by("pk"),
                                ["targets", "actuals", "period_start", "period_end", "target", "actual"],
                            ),
                        }
                        for ind in res.indicators.order_by("pk")
                    ],
                }
                for res in initiative.results.order_by("pk")
            ]
        )
        if current == a.results:
            return False
        if initiative.pk is not None:
            self.plan.delete(initiative.results.all())  # their indicators and periods go with them
        for res in a.results:
            result = Result(initiative=initiative, **{k: v for k, v in res.items() if k != "indicators"})
            self.plan.create(result)
            for ind in res["indicators"]:
                indicator = Indicator(result=result, **{k: v for k, v in ind.items() if k != "periods"})
                self.plan.create(indicator)
                for period in ind["periods"]:
                    self.plan.create(IndicatorPeriod(indicator=indicator, **period))
        return True
