"""The staged IATI validator: what a file must pass before the import reads it.

Stages, in order (iati_rules.RULES names every rule; the README of this app describes them):

1. **xml** — safe parsing: the file's size is bounded (COCOPA_MAX_IMPORT_MB) before it is read;
   the parser resolves no entities, loads no DTD and opens no network or file; a file that
   declares a DTD or entities is refused (an IATI file never needs one: that is how XXE and
   "billion laughs" files come); nesting deeper than MAX_DEPTH is refused. The file is parsed
   once, as a stream (lxml's iterparse): stages 2 to 5 run on each child of the root when its
   end tag is read, then it is emptied, so memory does not follow the file's size.
2. **version** — ``iati-activities/@version`` must be in the IATI Version codelist and a 2.0x
   version (the importer reads 2.01–2.03).
3. **schema** — with ``settings.IATI_SCHEMA_DIR`` set, the official 2.03 XSD, on each activity
   under a copy of the root (a copy keeps its source lines; lxml's own validation while
   streaming reports no line nor element). Dates are checked even without it (the reader stores them).
4. **codelist** — the codes, for the file's version: codes of elements the registry stores must
   be on their codelist (error); codes of elements it does not store yet are warned about; a
   withdrawn code is a warning; a code introduced after the file's version (a 2.01 file with
   transaction-type 11, 12 or 13) is an error, and so is an element or attribute the file's
   version does not have (a 2.01 file with a budget status or a <tag>: ADDED_AFTER).
5. **ruleset** — the IATI Standard Ruleset rules the export applies (iati_checks), on each
   activity of the file: an activity breaking an export error could not be exported again. For
   the import those are warnings that block (``blocks_export``): the file imports only when the
   office allows it, and the activities are marked. A few of them are errors for the import
   too, because the registry cannot hold the activity at all (REFUSED_ON_IMPORT).

Every problem is reported, several on one element included, each with its line, element path,
rule id and text. Pure: reads the file and settings, writes nothing.
"""

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.utils import timezone
from lxml import etree

from cocopa.cooperation import codelists, iati, iati_checks, iati_rules
from cocopa.cooperation.iati_rules import Severity
from cocopa.core import limits

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_DEPTH = 32  # IATI's deepest element (…/indicator/period/target/dimension) is at depth 7
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")

# Codes and coded attributes added to the embedded codelists after a version, from the official
# IATI-Codelists branches version-2.01 (19cbacf0) and version-2.02 (703fb86e) against
# version-2.03 (75e827ba), the lists this app ships. No other shipped embedded list changed;
# the non-embedded ones (Sector, Country, Currency …) are one list for every version.
INTRODUCED_CODES: dict[str, dict[str, str]] = {
    "TransactionType": {"11": "2.02", "12": "2.03", "13": "2.03"},
}
# Elements and attributes (under iati-activity; a child's own children are new with it) that the
# 2.03 schema has and the schema of an earlier version has not: computed from the official
# IATI-Schemas branches version-2.01 (b5870fd), version-2.02 (28a581a) and version-2.03 (4c9ba1e,
# the XSD IATI_SCHEMA_DIR points at), by following every element and attribute declaration
# from iati-activity; xml:lang is left out (narratives have it in every version).
ADDED_AFTER: dict[str, frozenset[str]] = {
    "2.01": frozenset(
        {
            "@budget-not-provided",
            "@humanitarian",
            "budget/@status",
            "crs-add/channel-code",
            "default-aid-type/@vocabulary",
            "document-link/description",
            "document-link/document-date",
            "humanitarian-scope",
            "participating-org/@activity-id",
            "participating-org/@crs-channel-code",
            "planned-disbursement/provider-org",
            "planned-disbursement/receiver-org",
            "policy-marker/@vocabulary-uri",
            "recipient-region/@vocabulary-uri",
            "result/document-link",
            "result/indicator/@aggregation-status",
            "result/indicator/baseline/@iso-date",
            "result/indicator/baseline/dimension",
            "result/indicator/baseline/document-link",
            "result/indicator/baseline/location",
            "result/indicator/document-link",
            "result/indicator/period/actual/dimension",
            "result/indicator/period/actual/document-link",
            "result/indicator/period/actual/location",
            "result/indicator/period/target/dimension",
            "result/indicator/period/target/document-link",
            "result/indicator/period/target/location",
            "result/indicator/reference",
            "result/reference",
            "sector/@vocabulary-uri",
            "tag",
            "transaction/@humanitarian",
            "transaction/aid-type/@vocabulary",
            "transaction/provider-org/@type",
            "transaction/receiver-org/@type",
            "transaction/recipient-region/@vocabulary-uri",
            "transaction/sector/@vocabulary-uri",
        }
    ),
    "2.02": frozenset(
        {
            "@budget-not-provided",
            "default-aid-type/@vocabulary",
            "document-link/description",
            "participating-org/@crs-channel-code",
            "result/document-link",
            "result/indicator/@aggregation-status",
            "result/indicator/baseline/@iso-date",
            "result/indicator/baseline/dimension",
            "result/indicator/baseline/document-link",
            "result/indicator/baseline/location",
            "result/indicator/document-link",
            "result/indicator/period/actual/document-link",
            "result/indicator/period/target/document-link",
            "result/reference",
            "tag",
            "transaction/aid-type/@vocabulary",
        }
    ),
}

# Ruleset findings the import cannot carry past: the reader refuses such an activity anyway
# (no key, no title, dates or a position it cannot store), so they refuse the file.
REFUSED_ON_IMPORT = frozenset(
    {
        "identifier_missing",
        "reporting_org_missing",
        "title_missing",
        "end_before_start",
        "budget_end_before_start",
        "point_incomplete",
    }
)


@dataclass(frozen=True)
class Issue:
    line: int | None
    path: str  # the element, as an XPath: /iati-activities/iati-activity[2]/transaction[1]/value
    rule: str  # an id of iati_rules.RULES
    message: str  # the rule's text with the particulars
    severity: Severity  # for the import: an error refuses the file
    activity_line: int | None = None  # the line of its <iati-activity>, None for the file
    identifier: str = ""  # the activity's iati-identifier, when it has one
    blocks_export: bool = False  # an export error: the activity could not be exported again

    @property
    def element(self) -> str:
        """The element's name, without its position: "value" for …/transaction[1]/value."""
        return re.sub(r"\[\d+\]$", "", self.path.rsplit("/", 1)[-1])

    @property
    def rule_text(self) -> str:
        return iati_rules.rule(self.rule).text

    def as_finding(self) -> iati_checks.Finding:
        """The issue in the export checks' terms, for pages that list both (field: the element's path)."""
        return iati_checks.Finding(
            self.identifier, self.path, self.rule, self.message, self.severity, self.line
        )

    def __str__(self) -> str:
        kind = "warning, kept out of the export" if self.blocks_export else self.severity
        where = f"<{self.element}>" if self.path else "file"
        return f"{self.line or '?'}: {where}: {self.message} [{self.rule}] ({kind})"


@dataclass
class Validation:
    path: str
    version: str = ""
    organisation_file: bool = False
    organisations: int = 0  # the <iati-organisation> of an organisation file
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def blocking(self) -> list[Issue]:
        """Warnings that keep an activity out of the export: the import needs --allow-warnings."""
        return [i for i in self.issues if i.blocks_export]

    def marks(self) -> dict[int | None, str]:
        """Per activity (by the line of its <iati-activity>), the text of what keeps it out of the export."""
        found: dict[int | None, list[str]] = {}
        for i in self.blocking:
            found.setdefault(i.activity_line, []).append(f"line {i.line}: {i.message} [{i.rule}]")
        return {line: "\n".join(texts) for line, texts in found.items()}


def validate(
    path: Path | str,
    *,
    today: dt.date | None = None,
    each: Callable[[etree._Element], None] | None = None,
) -> Validation:
    """Every problem of an IATI activity file, stage by stage (see the module docstring).

    The file is parsed once, as a stream: each ``<iati-activity>`` is checked when its end tag is
    read, handed to `each` (the importer reads it into records there) while no error has been
    found, and then emptied, so memory does not follow the file's size (an emptied element is
    some 200 bytes). `each` may be handed activities of a file that turns out to be refused
    further on: the caller keeps what it read only when the result has no errors.
    """
    result = Validation(str(path))
    too_big = limits.too_big(result.path)
    if too_big:
        result.issues.append(_file_issue("xml_too_big", too_big))
        return result
    _Stream(result, today or timezone.localdate(), each).run()
    result.issues.sort(key=lambda i: i.line or 0)
    return result


# ------------------------------------------------------------------ stage 1: safe parsing

# The parser of the stream: no entity is replaced, no DTD loaded, nothing fetched; libxml2's own
# limits on huge text nodes and depth stay on (huge_tree=False).
_SAFE = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _file_issue(rule: str, message: str, line: int | None = None, path: str = "") -> Issue:
    return Issue(line, path, rule, message, "error")


_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20


def _declaration_line(path: str) -> int | None:
    """The line of the file's first "<!DOCTYPE" or "<!ENTITY", read a megabyte at a time."""
    lines, tail = 0, b""
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            found = _DECLARATION.search(data)
            if found:
                return lines + data.count(b"\n", 0, found.start()) + 1
            keep = len(data) - 9  # a declaration cut between two chunks is found in the next
            lines += data.count(b"\n", 0, keep)
            tail = data[keep:]
    return None


class _Refused(Exception):
    """The file is refused as a whole (stage 1, or not an activity file): stop reading it."""


class _Stream:
    """Stage 1 on the stream, and each child of the root checked (stages 2 to 5) as it ends."""

    def __init__(
        self, result: Validation, today: dt.date, each: Callable[[etree._Element], None] | None
    ) -> None:
        self.result = result
        self.today = today
        self.each = each
        self.root: etree._Element | None = None
        self.checker: _Checker | None = None
        self.schema: etree.XMLSchema | None = None
        self.seen: Counter[str] = Counter()  # the root's children by name, for their paths
        self.root_schema_issues: set[tuple[str, str]] = set()

    def refuse(self, issue: Issue) -> None:
        self.result.issues[:] = [issue]  # a file refused whole is refused for that reason alone
        raise _Refused

    def run(self) -> None:
        path = self.result.path
        try:
            with open(path, "rb") as f:
                for event, el in etree.iterparse(f, events=("start", "end"), **_SAFE):
                    if self.root is None:
                        self.start(el)
                    elif event == "end" and el.getparent() is self.root:
                        self.child(el)
                        el.clear(keep_tail=True)
            self.end()
        except _Refused:
            return
        except OSError as err:
            self.result.issues[:] = [_file_issue("xml_unreadable", f"cannot be read: {err.strerror or err}")]
        except etree.XMLSyntaxError as err:
            declared = _declaration_line(path)
            if declared is not None:
                self.result.issues[:] = [_doctype(declared, "")]
            else:
                self.result.issues[:] = [
                    _file_issue("xml_not_well_formed", f"not well-formed XML: {err.msg}", err.lineno)
                ]

    def start(self, root: etree._Element) -> None:
        self.root = root
        if root.tag not in ("iati-activities", "iati-organisations"):
            # First, so that an HTML page (which has a DOCTYPE) is named for what it is.
            self.refuse(
                _file_issue(
                    "not_iati_activities",
                    "not an IATI activity file (the root must be <iati-activities>)",
                    _line(root),
                    f"/{root.tag}" if isinstance(root.tag, str) else "",
                )
            )
        # The parsed document says whether it has a DTD (known before its root starts); the raw
        # bytes only say where (a "<!DOCTYPE" in a CDATA section of a file without one refuses nothing).
        info: Any = root.getroottree().docinfo  # lxml's stubs do not know doctype and the DTD attributes
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            self.refuse(_doctype(_declaration_line(self.result.path) or 1, ""))
        if root.tag == "iati-organisations":
            self.result.organisation_file = True  # no activities: the importer says so
            return
        self.checker = _Checker(self.result, root, self.today)
        self.checker.check_version(root)
        if settings.IATI_SCHEMA_DIR:
            try:
                self.schema = _schema(settings.IATI_SCHEMA_DIR)
            except (OSError, etree.XMLSchemaError, etree.XMLSyntaxError) as err:
                # A setting pointing nowhere (or a schema libxml2 cannot apply): said, not a traceback.
                self.result.issues.append(
                    Issue(None, "", "schema", f"the schema in IATI_SCHEMA_DIR cannot be used: {err}", "error")
                )

    def child(self, el: etree._Element) -> None:
        """A child of the root, whole: safe, valid, checked, read."""
        tag = el.tag if isinstance(el.tag, str) else ""
        self.seen[tag] += 1
        prefix = f"/{self.root.tag if self.root is not None else ''}/{tag}[{self.seen[tag]}]"
        if next(el.iter(etree.Entity), None) is not None:
            self.refuse(_doctype(_line(el) or 1, ""))
        deep = _too_deep(el)
        if deep is not None:
            self.refuse(
                _file_issue(
                    "xml_too_deep",
                    f"elements are nested more than {MAX_DEPTH} deep",
                    _line(deep),
                    prefix + _below(el, deep),
                )
            )
        if self.result.organisation_file:
            self.result.organisations += tag == "iati-organisation"
            return
        checker = cast(_Checker, self.checker)
        checker.within(el, prefix)
        if self.schema is not None:
            self.check_schema(el, prefix)
        if tag == "iati-activity":
            checker.check_activity(el)
            if self.each is not None and not self.result.errors:
                self.each(el)

    def check_schema(self, el: etree._Element, prefix: str) -> None:
        """The XSD on a copy of the element under a copy of the root (lines are kept by the copy)."""
        root = cast(etree._Element, self.root)
        wrapper = _bare(root)
        wrapper.append(copy.deepcopy(el))
        self.validate(wrapper, f"/{root.tag}/{el.tag}", prefix)

    def validate(self, wrapper: etree._Element, copied: str, prefix: str) -> None:
        schema = cast(etree.XMLSchema, self.schema)
        if schema.validate(etree.ElementTree(wrapper)):
            return
        checker = cast(_Checker, self.checker)
        root_line = _line(cast(etree._Element, self.root))
        for entry in cast(Iterable[etree._LogEntry], schema.error_log):
            where = entry.path or ""
            if copied and (where == copied or where.startswith(copied + "/")):
                where, line = prefix + where[len(copied) :], entry.line
            else:  # on the root: once for the file, at the root's line
                if (where, entry.message) in self.root_schema_issues:
                    continue
                self.root_schema_issues.add((where, entry.message))
                line = root_line
            checker.schema_lines.add(line)
            self.result.issues.append(Issue(line, where, "schema", f"schema: {entry.message}", "error"))

    def end(self) -> None:
        root = self.root
        if root is None or self.result.organisation_file:
            return
        if self.schema is not None and not sum(self.seen.values()):
            # No child: the root alone against the XSD (its attributes, a required child).
            self.validate(_bare(root), "", "")
        # An element alone of its name has no position in its path, as lxml's getpath writes it.
        alone = [f"/{root.tag}/{tag}[1]" for tag, n in self.seen.items() if n == 1]
        if alone:
            self.result.issues[:] = [_unnumbered(i, alone) for i in self.result.issues]


def _bare(root: etree._Element) -> etree._Element:
    """A copy of the root without its children: its name, attributes and namespaces."""
    attrs: Any = root.attrib
    nsmap: Any = root.nsmap  # None names the default namespace, which lxml's stubs do not allow
    return etree.Element(root.tag, dict(attrs), nsmap=nsmap)


def _unnumbered(issue: Issue, alone: list[str]) -> Issue:
    for prefix in alone:
        if issue.path == prefix or issue.path.startswith(prefix + "/"):
            return replace(issue, path=prefix[:-3] + issue.path[len(prefix) :])
    return issue


def _below(parent: etree._Element, el: etree._Element) -> str:
    """The path of `el` under `parent`, as getpath writes it ("/budget[2]/value")."""
    tree = parent.getroottree()
    return tree.getpath(el)[len(tree.getpath(parent)) :]


def _doctype(line: int, path: str) -> Issue:
    return _file_issue(
        "xml_doctype",
        "the file declares a DTD or entities, which an IATI file never needs: refused, nothing of it was read",
        line,
        path,
    )


def _too_deep(el: etree._Element) -> etree._Element | None:
    """The first element below a child of the root deeper than MAX_DEPTH (an XPath, run by libxml2)."""
    found = cast(list[etree._Element], el.xpath("/".join(["*"] * (MAX_DEPTH - 1))))
    return found[0] if found else None


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


@cache
def _schema(folder: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(Path(folder) / "iati-activities-schema.xsd")))


# ------------------------------------------------------------------ stages 2 to 5

# (path under iati-activity, attribute, codelist, required, only when @vocabulary is one of)
_Coded = tuple[str, str, str, bool, tuple[str, ...] | None]
# Elements the registry stores: an unknown code refuses the file (we would publish it again).
STORED_CODES: tuple[_Coded, ...] = (
    (".", "default-currency", "Currency", False, None),
    ("activity-status", "code", "ActivityStatus", True, None),
    ("activity-date", "type", "ActivityDateType", True, None),
    ("participating-org", "role", "OrganisationRole", True, None),
    ("participating-org", "type", "OrganisationType", False, None),
    ("recipient-country", "code", "Country", True, None),
    ("recipient-region", "vocabulary", "RegionVocabulary", False, None),
    ("recipient-region", "code", "Region", True, ("", "1")),
    ("sector", "code", "Sector", True, ("", "1")),
    ("location/exactness", "code", "GeographicExactness", True, None),
    ("budget", "type", "BudgetType", False, None),
    ("budget", "status", "BudgetStatus", False, None),
    ("budget/value", "currency", "Currency", False, None),
    ("transaction/transaction-type", "code", "TransactionType", True, None),
    ("transaction/value", "currency", "Currency", False, None),
    ("transaction/provider-org", "type", "OrganisationType", False, None),
    ("transaction/receiver-org", "type", "OrganisationType", False, None),
    ("document-link/category", "code", "DocumentCategory", True, None),
    ("document-link/language", "code", "Language", True, None),
    ("result", "type", "ResultType", True, None),
    ("result/indicator", "measure", "IndicatorMeasure", True, None),
)
# Elements the registry does not store (yet): an unknown code is a warning.
OTHER_CODES: tuple[_Coded, ...] = (
    ("reporting-org", "type", "OrganisationType", False, None),
    ("description", "type", "DescriptionType", False, None),
    ("activity-scope", "code", "ActivityScope", False, None),
    ("collaboration-type", "code", "CollaborationType", False, None),
    ("default-flow-type", "code", "FlowType", False, None),
    ("default-finance-type", "code", "FinanceType", False, None),
    ("default-aid-type", "code", "AidType", False, ("", "1")),
    ("default-tied-status", "code", "TiedStatus", False, None),
    ("sector", "vocabulary", "SectorVocabulary", False, None),
    ("sector", "code", "SectorCategory", False, ("2",)),
    ("location/location-reach", "code", "GeographicLocationReach", False, None),
    ("location/feature-designation", "code", "LocationType", False, None),
    ("planned-disbursement/value", "currency", "Currency", False, None),
    ("transaction/flow-type", "code", "FlowType", False, None),
    ("transaction/finance-type", "code", "FinanceType", False, None),
    ("transaction/aid-type", "code", "AidType", False, ("", "1")),
    ("transaction/tied-status", "code", "TiedStatus", False, None),
    ("transaction/sector", "code", "Sector", False, ("", "1")),
    ("transaction/sector", "code", "SectorCategory", False, ("2",)),
    ("transaction/recipient-country", "code", "Country", False, None),
    ("transaction/recipient-region", "code", "Region", False, ("", "1")),
)


@dataclass(frozen=True)
class _Share:
    percentage: Decimal | None


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, month=3, day=1)


def _has_text(el: etree._Element | None) -> bool:
    return el is not None and any((n.text or "").strip() for n in el.iterchildren("narrative"))


@cache
def _codes(codelist: str) -> frozenset[str]:
    """Every code of a list, withdrawn ones too (codelists.codes builds the set at each call)."""
    return codelists.codes(codelist, withdrawn=True)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


class _Checker:
    def __init__(self, result: Validation, root: etree._Element, today: dt.date) -> None:
        self.result = result
        self.root = root
        self.today = today
        self.version = "2.03"
        self.activity_line: int | None = None
        self.identifier = ""
        self.schema_lines: set[int | None] = set()
        self.element: etree._Element | None = None  # the child of the root being checked
        self.prefix = ""  # its path: /iati-activities/iati-activity[n]

    # -------------------------------------------------------------- reporting

    def within(self, el: etree._Element, prefix: str) -> None:
        self.element, self.prefix = el, prefix
        self.activity_line, self.identifier = None, ""

    def path(self, el: etree._Element) -> str:
        if el is self.root:
            return f"/{el.tag}"
        if el is self.element:
            return self.prefix
        return self.prefix + _below(cast(etree._Element, self.element), el)

    def add(self, el: etree._Element | None, rule: str, message: str, missing: str = "") -> None:
        """A finding on `el`; on its child `missing` (at el's line) when that child is not there."""
        known = iati_rules.rule(rule)
        severity: Severity = known.severity
        blocks = False
        if known.stage == "ruleset" and known.severity == "error" and rule not in REFUSED_ON_IMPORT:
            severity, blocks = "warning", True
        self.result.issues.append(
            Issue(
                _line(el) if el is not None else None,
                (self.path(el) + (f"/{missing}" if missing else "")) if el is not None else "",
                rule,
                message,
                severity,
                self.activity_line,
                self.identifier,
                blocks,
            )
        )

    def check_activity(self, activity: etree._Element) -> None:
        """Stages 4 and 5, and the elements of a later version, on one <iati-activity>."""
        self.activity_line = _line(activity)
        ident = activity.find("iati-identifier")
        self.identifier = (ident.text or "").strip() if ident is not None else ""
        self.check_codes(activity)
        if self.version in ADDED_AFTER:
            self.check_elements(activity, "", ADDED_AFTER[self.version])
        _Ruleset(self, activity).run()
        self.activity_line, self.identifier = None, ""

    # -------------------------------------------------------------- stage 2: version

    def check_version(self, root: etree._Element) -> None:
        version = (root.get("version") or "").strip()
        self.result.version = version
        if not version:
            self.add(
                root, "version_missing", "<iati-activities> has no version attribute (2.01, 2.02 or 2.03)"
            )
        elif version not in _codes("Version"):
            self.add(root, "version_unknown", f"{version!r} is not an IATI version")
        elif version not in SUPPORTED_VERSIONS:
            self.add(
                root, "version_unsupported", f"IATI {version} files are not read: only 2.01, 2.02 and 2.03"
            )
        else:
            self.version = version

    # -------------------------------------------------------------- stage 3: schema (_Stream)

    def date(self, el: etree._Element | None, attr: str = "iso-date") -> dt.date | None:
        """A date attribute; an impossible one is reported (once, when the schema did not)."""
        if el is None:
            return None
        text = (el.get(attr) or "").strip()
        if not text:
            return None
        match = _DATE.match(text)
        try:
            if not match:
                raise ValueError
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            if _line(el) not in self.schema_lines:
                self.add(el, "date_invalid", f"impossible date {text!r} in {attr}")
            return None

    def check_elements(self, el: etree._Element, path: str, added: frozenset[str]) -> None:
        """Elements and attributes of a later version than the file's (ADDED_AFTER)."""
        for key in el.attrib:
            name = key.decode() if isinstance(key, bytes) else key
            where = f"{path}/@{name}" if path else f"@{name}"
            if where in added:
                self.add(el, "not_in_version", self.later(f"@{name}", where))
        for child in el:
            if not isinstance(child.tag, str):
                continue
            where = f"{path}/{child.tag}" if path else str(child.tag)
            if where in added:
                self.add(child, "not_in_version", self.later(f"<{child.tag}>", where))
            elif where.count("/") < 5:
                self.check_elements(child, where, added)

    def later(self, what: str, path: str) -> str:
        since = "2.02" if path not in ADDED_AFTER["2.02"] else "2.03"
        return f"{what} is IATI {since} and later; the file says version {self.version}"

    # -------------------------------------------------------------- stage 4: codelists

    def check_codes(self, activity: etree._Element) -> None:
        # The tables name children and grandchildren: one pass over both, not a search per row.
        by_path: dict[str, list[etree._Element]] = {".": [activity]}
        for child in activity:
            if isinstance(child.tag, str):
                by_path.setdefault(child.tag, []).append(child)
                for grandchild in child:
                    if isinstance(grandchild.tag, str):
                        by_path.setdefault(f"{child.tag}/{grandchild.tag}", []).append(grandchild)
        for stored, table in ((True, STORED_CODES), (False, OTHER_CODES)):
            for where, attr, codelist, required, vocabularies in table:
                for el in by_path.get(where, ()):
                    if vocabularies is not None and (el.get("vocabulary") or "").strip() not in vocabularies:
                        continue
                    self.code(el, attr, codelist, required=required, stored=stored)

    def code(self, el: etree._Element, attr: str, codelist: str, *, required: bool, stored: bool) -> None:
        raw = el.get(attr)
        value = (raw or "").strip()
        if not value:
            if required and stored:
                self.add(el, "code_missing", f"missing {attr}")
            elif raw is not None and not stored:
                self.add(
                    el, "unknown_code_unmapped", f"empty {attr}: not a code of the IATI {codelist} codelist"
                )
            return
        if value not in _codes(codelist):
            if stored:
                self.add(el, "unknown_code", f"unknown {codelist} code {value!r}")
            else:
                self.add(el, "unknown_code_unmapped", f"unknown {codelist} code {value!r} (not stored)")
            return
        if not codelists.is_valid(codelist, value):
            self.add(el, "code_withdrawn", f"withdrawn {codelist} code {value!r} accepted")
        since = INTRODUCED_CODES.get(codelist, {}).get(value)
        if since and _version_key(self.version) < _version_key(since):
            self.add(
                el,
                "code_not_in_version",
                f"{codelist} code {value!r} is IATI {since} and later; the file says version {self.version}",
            )


# ------------------------------------------------------------------ stage 5: the Standard Ruleset


class _Ruleset:
    """The rules iati_checks applies to a record, applied here to an <iati-activity> of a file."""

    def __init__(self, checker: _Checker, activity: etree._Element) -> None:
        self.c = checker
        self.a = activity

    def add(self, el: etree._Element | None, rule: str, message: str, missing: str = "") -> None:
        self.c.add(el, rule, message, missing)

    def run(self) -> None:
        self.identity()
        self.texts()
        self.status_and_dates()
        self.recipients()
        self.sectors()
        self.participations()
        self.locations()
        self.budgets()
        self.transactions()
        self.documents()
        self.results()

    def identity(self) -> None:
        a = self.a
        ident = a.find("iati-identifier")
        if not self.c.identifier:
            if ident is not None:
                self.add(ident, "identifier_missing", "missing iati-identifier")
            else:
                self.add(a, "identifier_missing", "missing iati-identifier", "iati-identifier")
        reporting = a.find("reporting-org")
        ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
        if not ref:
            if reporting is not None:
                self.add(reporting, "reporting_org_missing", "missing reporting-org ref")
            else:
                self.add(a, "reporting_org_missing", "missing reporting-org ref", "reporting-org")
        elif self.c.identifier and not self.c.identifier.startswith(ref):
            self.add(
                ident,
                "identifier_prefix",
                f"{self.c.identifier!r} does not start with the reporting-org ref {ref!r}",
            )

    def texts(self) -> None:
        title = self.a.find("title")
        if not _has_text(title):
            if title is not None:
                self.add(title, "title_missing", "missing title")
            else:
                self.add(self.a, "title_missing", "missing title", "title")
        if not any(_has_text(d) for d in self.a.iterchildren("description") if (d.get("type") or "1") == "1"):
            self.add(
                self.a, "description_missing", "no general description (description of type 1)", "description"
            )

    def status_and_dates(self) -> None:
        status = self.a.find("activity-status")
        if status is None:
            self.add(self.a, "status_missing", "activity-status is mandatory", "activity-status")
        found: dict[str, tuple[etree._Element, dt.date]] = {}
        for d in self.a.iterchildren("activity-date"):
            when = self.c.date(d)
            kind = (d.get("type") or "").strip()
            if when is None:
                continue
            found.setdefault(kind, (d, when))
            if kind in ("2", "4") and when > self.c.today:
                self.add(d, "actual_date_in_future", f"an actual date cannot be in the future ({when})")
        if "1" not in found and "2" not in found:
            self.add(
                self.a,
                "start_date_missing",
                "no planned (type 1) or actual (type 2) start date",
                "activity-date",
            )
        for start, end, words in (("1", "3", "planned"), ("2", "4", "actual")):
            if start in found and end in found and found[end][1] < found[start][1]:
                self.add(
                    found[end][0],
                    "end_before_start",
                    f"{words} end {found[end][1]} is before {words} start {found[start][1]}",
                )

    def percentage(self, el: etree._Element) -> Decimal | None:
        text = (el.get("percentage") or "").strip()
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None  # the schema (and the reader) report a percentage that is not a number
        return value if value.is_finite() else None

    def recipients(self) -> None:
        recipients = [*self.a.iterchildren("recipient-country"), *self.a.iterchildren("recipient-region")]
        if not recipients:
            if (
                self.a.find("transaction/recipient-country") is None
                and self.a.find("transaction/recipient-region") is None
            ):
                self.add(self.a, "recipient_missing", "no recipient country or region", "recipient-country")
            return
        shares = [self.percentage(r) for r in recipients]
        if iati.recipient_shares([_Share(p) for p in shares], []) is None:
            given = sum((p for p in shares if p is not None), Decimal(0))
            missing = sum(1 for p in shares if p is None)
            detail = f"they sum to {given}" + (f", {missing} without a percentage" if missing else "")
            self.add(
                recipients[0],
                "recipient_percentages_not_100",
                f"recipient country and region percentages must all be given and sum to 100 ({detail})",
            )

    def sectors(self) -> None:
        sectors = list(self.a.iterchildren("sector"))
        if not sectors:
            if self.a.find("transaction/sector") is None:
                self.add(self.a, "sector_missing", "no sector", "sector")
            return
        by_vocabulary: dict[str, list[etree._Element]] = {}
        for s in sectors:
            by_vocabulary.setdefault((s.get("vocabulary") or "1").strip(), []).append(s)
        for vocabulary, group in by_vocabulary.items():
            shares = [self.percentage(s) for s in group]
            # As for recipients: none given is an equal split, a rounded equal split is one too.
            if iati.recipient_shares([_Share(p) for p in shares], []) is None:
                given = sum((p for p in shares if p is not None), Decimal(0))
                self.add(
                    group[0],
                    "sector_percentages_not_100",
                    f"sector percentages of vocabulary {vocabulary} must all be given and sum to 100 (they sum to {given})",
                )

    def participations(self) -> None:
        parts = list(self.a.iterchildren("participating-org"))
        if not parts:
            self.add(self.a, "participating_org_missing", "no participating-org", "participating-org")
        for p in parts:
            if not (p.get("ref") or "").strip() and not _has_text(p):
                self.add(p, "participating_org_unnamed", "a participating-org with neither ref nor name")

    def locations(self) -> None:
        for pos in self.a.iterfind("location/point/pos"):
            parts = (pos.text or "").split()
            try:
                lat, lon = (Decimal(p) for p in parts)
                fine = abs(lat) <= 90 and abs(lon) <= 180
            except (InvalidOperation, ValueError):
                fine = False
            if not fine:
                self.add(pos, "point_incomplete", f"not a position (latitude longitude): {pos.text!r}")

    def budgets(self) -> None:
        for b in self.a.iterchildren("budget"):
            start, end = self.c.date(b.find("period-start")), self.c.date(b.find("period-end"))
            if start is None or end is None:
                continue
            if end < start:
                self.add(
                    b, "budget_end_before_start", f"the budget period ends ({end}) before it starts ({start})"
                )
            elif end >= _one_year_after(start):
                self.add(
                    b,
                    "budget_period_too_long",
                    f"a budget period must not be longer than one year ({start} to {end})",
                )

    def transactions(self) -> None:
        for t in self.a.iterchildren("transaction"):
            date_el = t.find("transaction-date")
            when = self.c.date(date_el)
            if when is not None and when > self.c.today:
                self.add(
                    date_el,
                    "transaction_date_in_future",
                    f"a transaction cannot be dated in the future ({when})",
                )
            value = t.find("value")
            value_date = self.c.date(value, "value-date")
            if value_date is not None and value_date > self.c.today:
                self.add(
                    value,
                    "value_date_in_future",
                    f"a transaction's value-date cannot be in the future ({value_date})",
                )

    def documents(self) -> None:
        for d in self.a.iterchildren("document-link"):
            if not _has_text(d.find("title")):
                self.add(d, "document_title_missing", "a document-link without a title")

    def results(self) -> None:
        for r in self.a.iterchildren("result"):
            if not _has_text(r.find("title")):
                self.add(r, "result_title_missing", "a result without a title")
            indicators = list(r.iterchildren("indicator"))
            if not indicators:
                self.add(r, "result_without_indicator", "a result without an indicator")
            for ind in indicators:
                if not _has_text(ind.find("title")):
                    self.add(ind, "indicator_title_missing", "an indicator without a title")
                for p in ind.iterchildren("period"):
                    start, end = self.c.date(p.find("period-start")), self.c.date(p.find("period-end"))
                    if start is not None and end is not None and end < start:
                        self.add(
                            p,
                            "end_before_start",
                            f"the indicator period ends ({end}) before it starts ({start})",
                        )
