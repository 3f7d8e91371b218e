"""Round trip as a test (issue 15, point 3): every activity file of the shared IATI examples is
imported into an empty registry, written back with `export_iati --publisher REF`, and both files
are counted element by element, by path from <iati-activity> (order and generated timestamps
ignored). What the registry holds (iati_import.HELD) comes back in the same number, neither lost
nor invented; everything else is listed in the import report's `skipped`, never dropped in
silence. What is still lost is listed in KNOWN_LOSSES, with the reason.

Export → import → export of the demo network gives the same file: that is
test_iati_fidelity.test_the_demo_keeps_its_sectors_through_export_and_import (not repeated here).
"""

import io
import sys
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from lxml import etree

from cocopa.cooperation import iati
from cocopa.cooperation.iati_import import HELD, import_file

pytestmark = pytest.mark.django_db

EXAMPLES = "iati/examples"

# Attributes the export writes from the moment of writing, not from the activity.
GENERATED = {"@last-updated-datetime"}

# What the export writes where the file relied on the Standard's default: counted in the source
# as if written (budget type 1 "original", status 1 "indicative", description type 1 "general",
# a value's currency the activity's default-currency).
DEFAULTS = {
    "budget": {"type": "1", "status": "1"},
    "description": {"type": "1"},
}
VALUES = {"budget/value", "transaction/value", "planned-disbursement/value"}

# Paths held by the registry that still do not come back as they came, and why. The test skips
# them in the held comparison and prints them with their counts: this is what is left to do.
# Empty: what the registry holds of another publisher's activity comes back in the same number
# (recipient shares and default currency as stored, exactness only when given, each mention's
# organisation names and the reporting organisation's names in every language; README,
# "Another publisher's activity as it came").
KNOWN_LOSSES: dict[str, str] = {}

# The table: row label → the paths it counts (narratives are counted apart, per language).
TABLE = [
    ("activities", ""),
    ("sectors", "sector"),
    ("countries", "recipient-country"),
    ("regions", "recipient-region"),
    ("participating organisations", "participating-org"),
    ("budgets", "budget"),
    ("planned disbursements", "planned-disbursement"),
    ("transactions", "transaction"),
    ("results", "result"),
    ("indicators", "result/indicator"),
    ("periods", "result/indicator/period"),
    ("locations", "location"),
    ("documents", "document-link"),
    ("related activities", "related-activity"),
    ("policy markers", "policy-marker"),
]


def _activity_files(root):
    """The examples whose root is <iati-activities> (the organisation example is not one)."""
    return sorted(
        p.name
        for p in (root / EXAMPLES).glob("*.xml")
        if etree.parse(str(p)).getroot().tag == "iati-activities"
    )


def _language(el):
    """A narrative's language: its own xml:lang, else the nearest ancestor's (the file's default)."""
    for node in (el, *el.iterancestors()):
        if node.get(iati.XML_LANG):
            return node.get(iati.XML_LANG).split("-")[0].lower()
    return ""


def count_paths(activities):
    """Every element and non-empty attribute, by path from <iati-activity>; narratives as
    `…/narrative[lang]`. The activity itself counts under the empty path."""
    found: Counter[str] = Counter()

    def walk(el, path, attrs, activity):
        # xml:lang is left out: it is counted on the narratives it gives the language of.
        for name in attrs:
            key = f"{path}/@{name}" if path else f"@{name}"
            if key not in GENERATED:
                found[key] += 1
        for child in el.iterchildren():
            if not isinstance(child.tag, str) or _carries_nothing(child):
                continue  # comments; an empty element (MAEC's <default-tied-status code=""/>)
            if child.tag == "narrative":
                if (child.text or "").strip():
                    found[f"{path}/narrative[{_language(child)}]"] += 1
                continue
            key, child_attrs = _as_read(child, f"{path}/{child.tag}" if path else str(child.tag), activity)
            found[key] += 1
            walk(child, key, child_attrs, activity)

    for activity in activities:
        found[""] += 1
        walk(
            activity,
            "",
            {k: v for k, v in activity.attrib.items() if k != iati.XML_LANG and v.strip()},
            activity,
        )
    return found


def _carries_nothing(el):
    return not any(str(v).strip() for v in el.attrib.values()) and not len(el) and not (el.text or "").strip()


def _as_read(el, path, activity):
    """The path the importer reads `el` under, and its attributes with the Standard's defaults.

    Descriptions of other types and document links whose address is not a URL are listed by
    the import under their own keys (`description (type 2)`, `document-link (not a URL)`)."""
    attrs = {k: v for k, v in el.attrib.items() if k != iati.XML_LANG and str(v).strip()}
    if path == "description" and (el.get("type") or "1") != "1":
        return f"description (type {el.get('type')})", attrs
    if path == "document-link" and "://" not in (el.get("url") or ""):
        return "document-link (not a URL)", attrs
    for name, value in DEFAULTS.get(path, {}).items():
        attrs.setdefault(name, value)
    if path in VALUES and activity.get("default-currency"):
        attrs.setdefault("currency", activity.get("default-currency"))
    return path, attrs


def _plain(key):
    """`title/narrative[es]` → `title/narrative`, the path HELD names."""
    return key.split("[", 1)[0]


def _nearest_unheld(key):
    """The path the import report counts `key` under: its first step from <iati-activity> that
    HELD does not list (an element not held is counted once, without what it contains)."""
    steps = _plain(key).split("/")
    for i in range(1, len(steps) + 1):
        prefix = "/".join(steps[:i])
        if prefix not in HELD:
            return prefix
    return None


def table(source, exported):
    rows = [(label, source[path], exported[path]) for label, path in TABLE]
    languages = sorted({k.rsplit("[", 1)[1][:-1] for k in (*source, *exported) if k.endswith("]")})
    for lang in languages:

        def total(c, lang=lang):
            return sum(n for k, n in c.items() if k.endswith(f"narrative[{lang}]") and _plain(k) in HELD)

        rows.append((f"narratives [{lang or 'no language'}]", total(source), total(exported)))
    rows.append(
        (
            "narratives in elements not held",
            sum(n for k, n in source.items() if "narrative[" in k and _plain(k) not in HELD),
            sum(n for k, n in exported.items() if "narrative[" in k and _plain(k) not in HELD),
        )
    )
    return rows


ACTIVITY_FILES = [
    "activity-standard-example-annotated.xml",
    "acfspain-ml.xml",
    "acfspain-es.xml",
    "acfspain-co.xml",
    "MAEC_IATI_INDONESIA.xml",
]


def test_every_activity_example_goes_round(shared_data):
    # A new example in the shared data must join the round trip (the organisation file is not one).
    assert _activity_files(shared_data) == sorted(ACTIVITY_FILES)


@pytest.mark.parametrize("name", ACTIVITY_FILES)
def test_an_example_comes_back_as_it_came(shared_data, tmp_path, name):
    path = shared_data / EXAMPLES / name
    source_activities = etree.parse(str(path)).getroot().findall("iati-activity")
    # One import per example, into the empty registry of this test.
    report = import_file(path, allow_warnings=True)
    exported_activities: list[etree._Element] = []
    for ref in sorted({str(a.find("reporting-org").get("ref")) for a in source_activities}):
        out = tmp_path / f"{ref}.xml"
        call_command("export_iati", publisher=ref, output=out, stderr=io.StringIO())
        exported_activities += etree.parse(str(out)).getroot().findall("iati-activity")

    source = count_paths(source_activities)
    exported = count_paths(exported_activities)

    lines = [f"{name}: source → exported"]
    for label, given, written in table(source, exported):
        mark = "" if given == written else "   ≠"
        lines.append(f"  {label:<32} {given:>6} {written:>6}{mark}")

    held = {k for k in (*source, *exported) if k and _plain(k) in HELD}
    left = sorted(k for k in held if _plain(k) in KNOWN_LOSSES and source[k] != exported[k])
    if left:
        lines.append("  known losses (KNOWN_LOSSES):")
        lines += [f"    {key:<48} {source[key]:>6} {exported[key]:>6}" for key in left]
    # What HELD does not list, by the path the report counts it under (an element, not its content).
    unheld = {_nearest_unheld(k) for k in source if k and _plain(k) not in HELD}
    in_file: Counter[str] = Counter()
    for key, n in source.items():
        in_file[_plain(key)] += n  # narratives: all languages under their one path
    listed = {k: (in_file[k], report.skipped.get(k, 0)) for k in sorted(unheld)}
    if listed:
        lines.append("  not held: in the file, in the import report (skipped)")
        lines += [f"    {key:<48} {n:>6} {skipped:>6}" for key, (n, skipped) in listed.items()]
    sys.stdout.write("\n" + "\n".join(lines) + "\n")  # the table, seen with -s

    assert source[""] == exported[""]
    # Held: neither lost nor invented (source count, exported count).
    assert {k: (source[k], exported[k]) for k in held - set(left) if source[k] != exported[k]} == {}
    # Not held: counted in the report, never dropped in silence.
    assert {k: (n, skipped) for k, (n, skipped) in listed.items() if n != skipped} == {}
    # By value too, what the network's defaults and shared organisations once rewrote.
    given, written = as_given(source_activities), as_given(exported_activities)
    assert {k: (v, written.get(k)) for k, v in given.items() if written.get(k) != v} == {}


# Where an organisation is named, as paths from <iati-activity>.
ORG_PATHS = (
    "reporting-org",
    "participating-org",
    "transaction/provider-org",
    "transaction/receiver-org",
    "planned-disbursement/provider-org",
    "planned-disbursement/receiver-org",
)


def as_given(activities):
    """Per activity (by identifier): its default currency, recipient shares, locations'
    exactness and every mention of an organisation (ref, type, names with their languages, in
    their order; mentions in any order)."""

    def share(el):
        return None if el.get("percentage") is None else Decimal(el.get("percentage"))

    def mention(el):
        names = tuple(
            (_language(n), n.text.strip()) for n in el.iterchildren("narrative") if (n.text or "").strip()
        )
        return (el.get("ref") or "", el.get("type") or "", names)

    found = {}
    for a in activities:
        found[a.findtext("iati-identifier").strip()] = {
            "default-currency": a.get("default-currency"),
            "recipient-country": [share(c) for c in a.iterchildren("recipient-country")],
            "recipient-region": [share(r) for r in a.iterchildren("recipient-region")],
            "location/exactness": [
                loc.find("exactness") is not None and loc.find("exactness").get("code")
                for loc in a.iterchildren("location")
            ],
            **{
                path: sorted(mention(el) for el in a.iterfind(path) if not _carries_nothing(el))
                for path in ORG_PATHS
            },
        }
    return found


def test_known_losses_name_paths_the_registry_holds():
    # A loss of something not held is the import report's (skipped), not this list's.
    assert set(KNOWN_LOSSES) <= HELD
