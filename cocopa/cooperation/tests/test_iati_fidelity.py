"""What real IATI files carry is kept (issue 15, point 2): each example of the shared IATI files
imported once, its elements counted in the file and in the registry; the demo's sectors survive
export → import → export; what the registry does not hold is listed by element path."""

import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from cocopa.cooperation import iati, iati_source, queries
from cocopa.cooperation.iati_import import HELD, IatiFileRejected, import_file
from cocopa.cooperation.models import (
    Budget,
    Initiative,
    Organisation,
    PlannedDisbursement,
    Publisher,
    RelatedActivity,
    Sector,
    Transaction,
)
from cocopa.cooperation.testing import make_initiative

pytestmark = pytest.mark.django_db

ACTIVITY_FILES = [
    "activity-standard-example-annotated.xml",
    "acfspain-ml.xml",
    "acfspain-es.xml",
    "acfspain-co.xml",
    "MAEC_IATI_INDONESIA.xml",
]
REPORTING = iati.ReportingOrg(ref="XM-TEST-1", name="Co.Co.Pa.", type="11")
NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


def _export(initiatives=None):
    out = io.BytesIO()
    iati.write_activities(iati_source.read(initiatives), out, reporting=REPORTING, generated_at=NOW)
    return out.getvalue()


def _activities(path):
    return etree.parse(str(path)).getroot().findall("iati-activity")


@pytest.mark.parametrize("name", ACTIVITY_FILES)
def test_an_example_file_keeps_what_the_registry_can_hold(shared_data, name):
    # One import per example: every check of what it kept reads the same registry.
    path = shared_data / "iati" / "examples" / name
    # Other publishers' files: held as theirs (and MAEC's break a rule of the Standard, so they
    # come in marked), written back as `export_iati --publisher` writes them.
    report = import_file(path, allow_warnings=True)
    activities = _activities(path)
    exported = etree.fromstring(_export(Initiative.objects.all()))

    _sectors_kept(activities, exported)
    _amounts_kept_in_their_currency(activities, exported)
    _languages_kept(activities, exported)
    _extras_kept(activities, exported)
    _related_kept(activities, exported)
    _location_details_kept(activities, exported)
    _measures_kept(activities, exported)
    _the_rest_counted_by_path(activities, report)


def _sectors_kept(activities, exported):
    in_file = Counter(
        (
            s.get("vocabulary") or "1",
            s.get("code"),
            None if s.get("percentage") is None else Decimal(s.get("percentage")).quantize(Decimal("0.01")),
        )
        for a in activities
        for s in a.iterchildren("sector")
    )

    kept = Counter(Sector.objects.values_list("vocabulary", "code", "percentage"))

    assert in_file  # every example gives sectors
    assert kept == in_file
    assert len(exported.findall("iati-activity/sector")) == sum(in_file.values())  # written back


def _amounts(activities, tag, types=None):
    """(currency, amount) of every budget or transaction (of `types`), the default applied."""
    found: Counter[Any] = Counter()
    for a in activities:
        default = a.get("default-currency") or ""
        for el in a.iterchildren(tag):
            kind = el.find("transaction-type")
            if types is None or kind.get("code") in types:
                value = el.find("value")
                found[(value.get("currency") or default, Decimal(value.text.strip()))] += 1
    return found


def _amounts_kept_in_their_currency(activities, exported):
    types = {c.value for c in Transaction.Type}
    budgets = Counter((b.value_currency, b.value) for b in Budget.objects.select_related("initiative"))
    transactions = Counter(
        (t.value_currency, t.value) for t in Transaction.objects.select_related("initiative")
    )

    assert budgets == _amounts(activities, "budget")
    assert transactions == _amounts(activities, "transaction", types)
    written = exported.findall("iati-activity")
    assert _amounts(written, "budget") == budgets
    assert _amounts(written, "transaction") == transactions
    planned = Counter(
        (d.currency or d.initiative.currency, d.value) for d in PlannedDisbursement.objects.all()
    )
    assert (
        planned == _amounts(activities, "planned-disbursement") == _amounts(written, "planned-disbursement")
    )


# Where narratives are kept: the texts of the activity, its results and indicators, its
# transactions and documents, and the names of organisations, places and sectors.
KEPT_NARRATIVES = [
    "title",
    "description",
    "participating-org",
    "location/name",
    "sector",
    "transaction/description",
    "transaction/provider-org",
    "transaction/receiver-org",
    "document-link/title",
    "result/title",
    "result/description",
    "result/indicator/title",
]


def _language(narrative):
    """What the narrative's language is by the file: its xml:lang or its nearest ancestor's."""
    for el in (narrative, *narrative.iterancestors()):
        if el.get(iati.XML_LANG):
            return el.get(iati.XML_LANG).split("-")[0].lower()
    return ""


def _narratives(activities):
    found: Counter[Any] = Counter()
    for a in activities:
        for path in KEPT_NARRATIVES:
            for el in a.iterfind(path):
                if path == "description" and (el.get("type") or "1") != "1":
                    continue  # other types are not held (counted by path)
                if path == "document-link/title" and "://" not in el.getparent().get("url", ""):
                    continue
                for n in el.iterchildren("narrative"):
                    # An organisation given by ref alone is named by its ref (the model needs a name).
                    if (n.text or "").strip() and not (
                        n.get(iati.XML_LANG) is None and n.text == el.get("ref")
                    ):
                        found[(path, _language(n))] += 1
    return found


def _languages_kept(activities, exported):
    """Every narrative comes back in its own language, untagged ones in the file's default, and
    none is claimed Italian that was not (the export declares no default language)."""
    given = _narratives(activities)
    written = _narratives(exported.findall("iati-activity"))
    assert exported.find("iati-activity").get(iati.XML_LANG) is None
    # Organisations are shared: one met again by its ref keeps the names it first had.
    organisations = {"participating-org", "transaction/provider-org", "transaction/receiver-org"}
    assert {k: v for k, v in written.items() if k[0] not in organisations} == {
        k: v for k, v in given.items() if k[0] not in organisations
    }
    assert {lang for (path, lang) in written if path in organisations} <= {
        lang for (path, lang) in given if path in organisations
    }


EXTRA_TAGS = [
    "activity-scope",
    "tag",
    "humanitarian-scope",
    "policy-marker",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
]


def _extras(activities):
    found: Counter[Any] = Counter()
    for a in activities:
        flag = {"true": "1", "false": "0"}.get(a.get("humanitarian"), a.get("humanitarian"))
        found[("@humanitarian", flag)] += 1
        found[("@hierarchy", a.get("hierarchy"))] += 1
        for tag in EXTRA_TAGS:
            for el in a.iterchildren(tag):
                attrs = tuple(
                    sorted((k, v) for k, v in el.attrib.items() if v.strip() and k != iati.XML_LANG)
                )
                if attrs:  # an element without attributes (code="") carries nothing
                    found[(tag, attrs)] += 1
    return found


def _extras_kept(activities, exported):
    """Humanitarian flag and scope, hierarchy, default types, collaboration type, policy markers
    and tags come back as given."""
    given = _extras(activities)
    assert _extras(exported.findall("iati-activity")) == given


def _related(activities):
    return Counter(
        (r.get("ref"), r.get("type")) for a in activities for r in a.iterchildren("related-activity")
    )


def _related_kept(activities, exported):
    """Related activities of any publisher, with their type, as given (MAEC: 275)."""
    assert RelatedActivity.objects.count() == sum(_related(activities).values())
    assert _related(exported.findall("iati-activity")) == _related(activities)


LOCATION_DETAILS = [
    "location-reach",
    "location-id",
    "description",
    "activity-description",
    "administrative",
    "location-class",
    "feature-designation",
]


def _location_details(activities):
    found: Counter[Any] = Counter()
    for loc in (loc for a in activities for loc in a.iterchildren("location")):
        found[("@ref", loc.get("ref"))] += 1
        for tag in LOCATION_DETAILS:
            for el in loc.iterchildren(tag):
                attrs = tuple(sorted((k, v) for k, v in el.attrib.items() if v.strip()))
                texts = tuple((_language(n), n.text.strip()) for n in el.iterchildren("narrative"))
                found[(tag, attrs, texts)] += 1
    return found


def _location_details_kept(activities, exported):
    """Reach, gazetteer ids, descriptions, administrative areas, class and feature designation."""
    assert _location_details(exported.findall("iati-activity")) == _location_details(activities)


def _measures(activities):
    found: Counter[Any] = Counter()
    for a in activities:
        for path in (
            "result/indicator/baseline",
            "result/indicator/period/target",
            "result/indicator/period/actual",
        ):
            for el in a.iterfind(path):
                attrs = tuple(sorted((k, v.strip()) for k, v in el.attrib.items() if v.strip()))
                dimensions = tuple((d.get("name"), d.get("value")) for d in el.iterchildren("dimension"))
                comment = tuple((_language(n), n.text.strip()) for n in el.iterfind("comment/narrative"))
                found[(path, attrs, dimensions, comment)] += 1
    return found


def _measures_kept(activities, exported):
    """Indicator baselines (all of them, with date), targets and actuals with their dimensions and comments."""
    exported_measures = _measures(exported.findall("iati-activity"))
    # A single value stored in a number column comes back as the column writes it (10 → 10.00).
    normal: Counter[Any] = Counter()
    for (path, attrs, dims, comment), n in _measures(activities).items():
        if not dims and not comment and not any(k == "iso-date" for k, _v in attrs):
            attrs = tuple(
                (k, f"{Decimal(v).quantize(Decimal('0.01')):f}" if k == "value" else v) for k, v in attrs
            )
        normal[(path, attrs, dims, comment)] += n
    assert exported_measures == normal


def _the_rest_counted_by_path(activities, report):
    expected: Counter[str] = Counter()

    def walk(el, prefix):
        for name, value in el.attrib.items():
            key = f"{prefix}/@{name}" if prefix else f"@{name}"
            # xml:lang is read wherever it is, for the narratives below it (see _languages_kept).
            if value.strip() and key not in HELD and name != iati.XML_LANG:
                expected[key] += 1
        for child in el.iterchildren():
            if isinstance(child.tag, str):
                key = f"{prefix}/{child.tag}" if prefix else child.tag
                if key in HELD:
                    walk(child, key)
                else:
                    expected[key] += 1

    for a in activities:
        walk(a, "")

    assert expected  # every example carries something the registry does not hold yet
    assert {k: report.skipped.get(k) for k in expected} == dict(expected)


def test_the_demo_keeps_its_sectors_through_export_and_import(demo_network, tmp_path, settings):
    settings.IATI_REPORTING_ORG_REF = REPORTING.ref  # the file is the network's own
    first = _export()
    sectors = len(etree.fromstring(first).findall("iati-activity/sector"))
    assert sectors >= 30  # the demo's, from the mapping of its fields
    assert not Sector.objects.exists()  # the demo stores none: the export's are the default
    path = tmp_path / "demo.xml"
    path.write_bytes(first)
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()

    import_file(path, allow_warnings=True)  # the demo's five undated or statusless ones, marked

    assert Sector.objects.count() == sectors
    assert _export() == first


def test_own_sectors_win_over_the_fields_and_the_default_is_labelled(demo_network):
    initiative = queries.initiatives_for_export().filter(
        sectors__isnull=True, fields_of_intervention__isnull=False
    )[0]
    default = iati_source.from_model(initiative)
    assert default.sectors_from_fields
    assert default.sectors == iati_source.mapped_sectors(iati.sector_codes(initiative))
    Sector.objects.create(initiative=initiative, vocabulary="1", code="15220", percentage=None)

    [own] = iati_source.read(Initiative.objects.filter(pk=initiative.pk))

    assert not own.sectors_from_fields
    assert own.sectors == (iati_source.Sector("1", "15220", None),)
    activity = etree.fromstring(_export(Initiative.objects.filter(pk=initiative.pk)))
    assert [dict(s.attrib) for s in activity.iter("sector")] == [{"vocabulary": "1", "code": "15220"}]


def test_a_budget_in_pounds_is_shown_in_pounds(shared_data, client):
    import_file(shared_data / "iati" / "examples" / "acfspain-co.xml")  # EUR by default, its budget in GBP
    initiative = Initiative.objects.get()
    Publisher.objects.update(shown_publicly=True)  # another publisher's: public once the office shows it
    [budget] = initiative.budgets.all()
    assert (initiative.default_currency, budget.currency) == ("EUR", "GBP")

    page = client.get(initiative.get_absolute_url()).content.decode()

    section = page[page.index('id="budgets-heading"') :]
    assert "GBP" in section[: section.index("</section>")]
    assert "€" not in section[: section.index("</section>")]


def test_a_text_shown_for_want_of_italian_is_marked_in_its_language(client):
    shown = "Personas cooperantes voluntarias"
    initiative = make_initiative(
        "es-only", title_it=shown, title_en="", description_it="Sin idioma", description_en=""
    )
    initiative.narratives = {
        "title": [["es", shown, shown]],
        "description": [["", "Sin idioma", "Sin idioma"]],
    }
    initiative.save()

    for prefix in ("", "/en"):
        page = client.get(prefix + initiative.get_absolute_url()).content.decode()
        assert f'<span lang="es">{shown}</span>' in page
        assert '<p class="lead" lang="">Sin idioma' in page  # language unknown: none claimed


def test_a_budget_without_its_value_is_refused_by_name(shared_data, tmp_path):
    text = (shared_data / "iati" / "examples" / "acfspain-co.xml").read_text(encoding="utf-8")
    broken = tmp_path / "no-value.xml"
    broken.write_text(re.sub(r"<value [^>]*>[^<]*</value>", "", text, count=1), encoding="utf-8")

    with pytest.raises(IatiFileRejected) as err:
        import_file(broken)

    assert [(p.element, p.problem) for p in err.value.problems] == [("budget", "missing <value>")]
    assert not Initiative.objects.exists()
