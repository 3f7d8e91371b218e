"""import_iati: real IATI files import, broken ones are rejected whole, export → import → export is stable."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from lxml import etree

from cocopa.cooperation import iati, iati_checks, queries
from cocopa.cooperation.iati_import import IatiFileRejected, identifier_for, import_file
from cocopa.cooperation.models import (
    Budget,
    Document,
    Indicator,
    IndicatorPeriod,
    Initiative,
    Organisation,
    Participation,
    Place,
    RecipientCountry,
    RecipientRegion,
    Result,
    Transaction,
)
from cocopa.core.models import AuditEvent

pytestmark = pytest.mark.django_db

MODELS = [
    Initiative,
    Organisation,
    Participation,
    RecipientCountry,
    RecipientRegion,
    Place,
    Budget,
    Transaction,
    Document,
    Result,
    Indicator,
    IndicatorPeriod,
]
EXAMPLES = [
    "activity-standard-example-annotated.xml",
    "organisation-standard-example-annotated.xml",
    "acfspain-ml.xml",
    "acfspain-es.xml",
    "acfspain-co.xml",
    "MAEC_IATI_INDONESIA.xml",
]


def counts():
    """Rows of every table the import writes, with their history rows (a save adds one)."""
    found = {m.__name__: m.objects.count() for m in MODELS}
    found |= {f"history of {m.__name__}": m.history.count() for m in MODELS}
    return found


@pytest.fixture
def examples(shared_data):
    return shared_data / "iati" / "examples"


@pytest.fixture
def schema(settings, shared_data):
    settings.IATI_SCHEMA_DIR = str(shared_data / "iati" / "schemas" / "2.03")


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_file_imports(schema, examples, name):
    # MAEC's activities break the Standard's percentages rule: they import only when allowed
    # (test_iati_validate.py); every other example imports as it is.
    report = import_file(examples / name, allow_warnings=name == "MAEC_IATI_INDONESIA.xml")

    assert report.created == report.activities == Initiative.objects.count()
    assert report.organisation_file == name.startswith("organisation")


def test_the_acf_mali_file_imports_its_money_and_results(schema, examples):
    report = import_file(examples / "acfspain-ml.xml")

    mali = Initiative.objects.get()
    assert report.activities == 1
    # Another publisher's: held as theirs, its identifier as published, its slug from all of it.
    assert (mali.publisher.ref, mali.iati_identifier) == ("ES-CIF-G81164105", "ES-CIF-G81164105-R2G-ACF-Mali")
    assert mali.identifier == "es-cif-g81164105-r2g-acf-mali"
    assert report.held == {"ES-CIF-G81164105": 1}
    assert mali.title_en == "R2G ACF Mali"
    assert mali.description_en.startswith("ACF Right to Grow Mali.")
    assert (mali.status, mali.actual_start, mali.planned_end) == (
        "2",
        dt.date(2021, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert [(c.code, c.percentage) for c in mali.countries.all()] == [("ML", Decimal(100))]
    assert mali.transactions.count() == 6
    assert mali.budgets.count() == 4
    assert mali.results.count() == 3
    assert Indicator.objects.filter(result__initiative=mali).count() == 7
    assert set(mali.participations.values_list("role", flat=True)) == {"1", "2", "4"}
    assert Organisation.objects.get().ref == "ES-CIF-G81164105"  # one organisation in three roles
    incoming = mali.transactions.filter(type="1").order_by("date").first()
    assert incoming is not None
    assert incoming.receiver == Organisation.objects.get()
    assert incoming.value == 578131


def test_the_maec_file_imports_its_83_activities(schema, examples):
    report = import_file(examples / "MAEC_IATI_INDONESIA.xml", allow_warnings=True)

    assert report.activities == report.created == report.marked == 83
    assert Initiative.objects.count() == 83
    assert RecipientRegion.objects.filter(code="789").count() == 83
    assert Initiative.objects.filter(iati_identifier="ES-DIR3-E04585801-009-001301").exists()
    # Narratives in Spanish only: the title is shown, and kept as Spanish, with a warning saying so.
    assert not Initiative.objects.filter(title_it="", title_en="").exists()
    assert any("the es text is shown, with its language kept" in w for w in report.warnings)
    first = Initiative.objects.get(iati_identifier="ES-DIR3-E04585801-009-001301")
    assert first.narratives["title"] == [
        ["es", first.title_it, "Personas cooperantes voluntarias en organismos internacionales"]
    ]


def test_what_does_not_fit_is_listed_as_skipped(schema, examples):
    report = import_file(examples / "activity-standard-example-annotated.xml")

    for element in ("crs-add", "fss", "contact-info", "capital-spend", "result/indicator/reference"):
        assert report.skipped[element] >= 1, element
    for kept in ("policy-marker", "tag", "location/administrative", "planned-disbursement", "narrative (fr)"):
        assert kept not in report.skipped, kept
    assert report.skipped["transaction/recipient-region"] == 1  # region 616 lives there
    assert report.skipped["document-link (not a URL)"] == 1  # "http:www.example.org/…"
    assert RecipientRegion.objects.get(vocabulary="1").code == "489"


def test_the_organisation_file_imports_nothing_and_says_so(schema, examples):
    report = import_file(examples / "organisation-standard-example-annotated.xml")

    assert report.organisation_file
    assert report.activities == 0
    assert report.skipped == {"iati-organisation": 1}
    assert not any(counts().values())


def test_a_second_import_changes_nothing(schema, examples):
    import_file(examples / "acfspain-es.xml")
    import_file(examples / "acfspain-ml.xml")
    before = counts()

    report = import_file(examples / "acfspain-es.xml")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert counts() == before
    assert AuditEvent.objects.filter(verb="cooperation.iati_imported").count() == 2  # not 3
    # Both files are in now: the related activity of Mali's is linked.
    mali = Initiative.objects.get(iati_identifier="ES-CIF-G81164105-R2G-ACF-Mali")
    assert "ES-CIF-G81164105-R2G_ACFIN" in mali.related.values_list("iati_identifier", flat=True)


def test_a_changed_file_updates_the_initiative_in_place(tmp_path, examples):
    import_file(examples / "acfspain-ml.xml")
    pk = Initiative.objects.get().pk
    changed = tmp_path / "ml.xml"
    changed.write_text(
        (examples / "acfspain-ml.xml")
        .read_text()
        .replace("R2G ACF Mali</narrative>", "Right to Grow, Mali</narrative>")
    )

    # Another publisher's activity, already held: updated only when the office asks for it.
    report = import_file(changed, update_held=True)

    assert (report.created, report.updated) == (0, 1)
    assert Initiative.objects.get(pk=pk).title_en == "Right to Grow, Mali"


# ---------------------------------------------------------------- broken files


def _line_of(text, marker):
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


BROKEN = {
    # name: (what to replace, with what, element reported, marker of the line reported)
    "unknown activity status": (
        '<activity-status code="2"/>',
        '<activity-status code="9"/>',
        "activity-status",
        'code="9"',
    ),
    "impossible date": (
        '<activity-date type="2" iso-date="2021-01-01"/>',
        '<activity-date type="2" iso-date="2015-02-30"/>',
        "activity-date",
        "2015-02-30",
    ),
    "end before start": (  # planned 2026 to 2025: the planned end is reported
        '<activity-date type="2" iso-date="2021-01-01"/>',
        '<activity-date type="1" iso-date="2026-01-01"/>',
        "activity-date",
        '<activity-date type="3"',
    ),
    "unknown country": (
        '<recipient-country code="ML"',
        '<recipient-country code="QQ"',
        "recipient-country",
        'code="QQ"',
    ),
    "unknown transaction type": (
        '<transaction-type code="4"/>',
        '<transaction-type code="99"/>',
        "transaction-type",
        'code="99"',
    ),
    "budget ending before it starts": (
        '<period-end iso-date="2021-12-31"/>',
        '<period-end iso-date="2020-12-31"/>',
        "budget",
        "<budget ",
    ),
}


@pytest.fixture
def mali_already_there(examples):
    """The Mali activity imported, so a rejected file must leave a present record untouched."""
    import_file(examples / "acfspain-ml.xml")
    return counts()


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("with_schema", [True, False], ids=["schema", "no-schema"])
def test_a_file_with_a_wrong_code_or_date_is_rejected_whole(
    settings, shared_data, tmp_path, examples, mali_already_there, case, with_schema
):
    settings.IATI_SCHEMA_DIR = str(shared_data / "iati" / "schemas" / "2.03") if with_schema else ""
    old, new, element, marker = BROKEN[case]
    text = (examples / "acfspain-ml.xml").read_text(encoding="utf-8")
    assert old in text
    # The title changes too: had anything been written, the present record would show it.
    text = text.replace(old, new, 1).replace("R2G ACF Mali</narrative>", "Changed</narrative>")
    if case == "budget ending before it starts":
        line = _line_of(text, "<budget ")  # the first budget
    else:
        line = _line_of(text, marker)
    broken = tmp_path / "broken.xml"
    broken.write_text(text, encoding="utf-8")

    with pytest.raises(IatiFileRejected) as err:
        import_file(broken)

    assert err.value.code == "iati_file_rejected"
    assert any(p.element == element and p.line == line for p in err.value.problems), err.value.problems
    assert counts() == mali_already_there
    assert Initiative.objects.get().title_en == "R2G ACF Mali"


def test_a_withdrawn_code_is_accepted_with_a_warning(schema, tmp_path, examples):
    text = (examples / "acfspain-ml.xml").read_text(encoding="utf-8")
    path = tmp_path / "withdrawn.xml"
    path.write_text(text.replace('<sector code="14030"', '<sector code="15162"'), encoding="utf-8")

    report = import_file(path)

    assert report.created == 1
    assert "withdrawn Sector code '15162' accepted" in report.warnings


def test_an_unknown_dac_region_of_the_activity_is_rejected(schema, tmp_path, examples):
    # The annotated example's own 616 sits in a transaction, which is skipped; here it is the activity's.
    text = (examples / "activity-standard-example-annotated.xml").read_text(encoding="utf-8")
    text = text.replace('<recipient-region code="489"', '<recipient-region code="616"')
    path = tmp_path / "region.xml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(IatiFileRejected) as err:
        import_file(path)

    [problem] = err.value.problems
    assert (problem.element, problem.line) == (
        "recipient-region",
        _line_of(text, 'code="616" vocabulary="1" percentage'),
    )
    assert "unknown Region code '616'" in problem.problem


def test_every_problem_is_reported_not_only_the_first(tmp_path, examples):
    text = (examples / "acfspain-ml.xml").read_text(encoding="utf-8")
    text = text.replace('<activity-status code="2"/>', '<activity-status code="9"/>')
    text = text.replace('<recipient-country code="ML"', '<recipient-country code="QQ"')
    broken = tmp_path / "two.xml"
    broken.write_text(text, encoding="utf-8")

    with pytest.raises(IatiFileRejected) as err:
        import_file(broken)

    assert {p.element for p in err.value.problems} == {"activity-status", "recipient-country"}


def test_a_file_failing_the_schema_is_rejected_with_line_and_element(
    schema, tmp_path, examples, mali_already_there
):
    text = (examples / "acfspain-ml.xml").read_text(encoding="utf-8")
    text = text.replace("<iati-identifier>ES-CIF-G81164105-R2G-ACF-Mali</iati-identifier>", "")
    broken = tmp_path / "no-identifier.xml"
    broken.write_text(text, encoding="utf-8")

    with pytest.raises(IatiFileRejected) as err:
        import_file(broken)

    schema_problems = [p for p in err.value.problems if p.problem.startswith("schema:")]
    assert schema_problems
    assert schema_problems[0].element == "reporting-org"
    assert schema_problems[0].line == _line_of(text, "<reporting-org")
    assert "iati-identifier" in schema_problems[0].problem
    assert counts() == mali_already_there


def test_without_the_schema_a_missing_identifier_is_still_rejected(tmp_path, examples):
    text = (examples / "acfspain-ml.xml").read_text(encoding="utf-8")
    broken = tmp_path / "no-identifier.xml"
    broken.write_text(text.replace("<iati-identifier>ES-CIF-G81164105-R2G-ACF-Mali</iati-identifier>", ""))

    with pytest.raises(IatiFileRejected) as err:
        import_file(broken)

    assert [p.element for p in err.value.problems] == ["iati-identifier"]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("content", "element", "line"),
    [
        ("this is not XML at all\n<oops", "", 1),
        ("<!DOCTYPE html>\n<html><head><title>IATI</title></head><body><p>hi</p></body></html>\n", "html", 2),
        ('<?xml version="1.0"?>\n<iati-activities version="2.03">\n<iati-activity>', "", 3),
    ],
    ids=["not-xml", "html", "truncated"],
)
def test_a_file_that_is_not_iati_is_rejected(schema, tmp_path, mali_already_there, content, element, line):
    path = tmp_path / "file.xml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(IatiFileRejected) as err:
        import_file(path)

    [problem] = err.value.problems
    assert (problem.element, problem.line) == (element, line)
    assert counts() == mali_already_there


# ---------------------------------------------------------------- the command


def test_the_command_prints_the_report(schema, examples, capsys):
    call_command("import_iati", str(examples / "acfspain-ml.xml"))

    out = capsys.readouterr().out
    assert "acfspain-ml.xml: 1 activities: 1 created, 0 updated, 0 unchanged." in out
    assert "  result/indicator/reference: 7" in out


def test_the_command_prints_each_problem_and_fails(schema, tmp_path, examples, capsys):
    text = (examples / "acfspain-ml.xml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace('<activity-status code="2"/>', '<activity-status code="9"/>'))

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_iati", str(broken))

    line = _line_of(text, "<activity-status")
    assert f"{broken}:{line}: <activity-status>: unknown ActivityStatus code '9'" in capsys.readouterr().err


# ---------------------------------------------------------------- identifiers and the round trip


def test_identifiers_drop_the_reporting_prefix_when_it_is_there():
    assert identifier_for("XM-TEST-1-betlemme-2000", "XM-TEST-1") == "betlemme-2000"
    assert identifier_for("GB-1-ABC", "XM-TEST-1") == "gb-1-abc"
    long = identifier_for("X-" + "a" * 200, "Y")
    assert len(long) == 100
    assert long == identifier_for("X-" + "a" * 200, "Y")


def _export(reporting):
    out = io.BytesIO()
    iati.write_activities(
        queries.initiatives_for_export(),
        out,
        reporting=reporting,
        generated_at=dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC),
    )
    return out.getvalue()


def _canonical(data):
    """c14n 2.0 without the stamps of the moment of export and without layout whitespace.

    Element order is kept: it is meaningful in IATI (the schema fixes it, and the order of
    narratives, transactions and results is the publisher's). Only the generated datetimes,
    which say when a file was written and not what it says, are removed.
    """
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    for el in root.iter():
        for attr in ("generated-datetime", "last-updated-datetime"):
            if attr in el.attrib:
                del el.attrib[attr]
    return etree.tostring(root, method="c14n2")


def test_export_import_export_gives_the_same_xml(demo_network, settings, tmp_path):
    # Without the XSD: two demo initiatives have no participating-org, which 2.03 requires, so the
    # export itself does not validate (iati_checks reports it); the round trip is about the mapping.
    settings.IATI_SCHEMA_DIR = ""
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    reporting = iati.ReportingOrg(ref="XM-TEST-1", name="Co.Co.Pa.", type="11")
    first = _export(reporting)
    exported = Initiative.objects.count()
    path = tmp_path / "export.xml"
    path.write_bytes(first)
    Initiative.objects.all().delete()  # an empty registry; sector mappings and fields stay
    Organisation.objects.all().delete()

    # The export above writes every initiative, also those the checks keep out of the real export.
    report = import_file(path, allow_warnings=True)

    assert report.created == report.activities == exported
    assert _canonical(_export(reporting)) == _canonical(first)


def test_imported_files_export_back_to_valid_iati(schema, examples, settings, shared_data, tmp_path):
    import_file(examples / "acfspain-ml.xml")
    import_file(examples / "activity-standard-example-annotated.xml")

    # Each publisher's activities, as they came, under their own reporting organisation.
    for ref in ("ES-CIF-G81164105", "AA-AAA-123456789"):
        path = tmp_path / f"{ref}.xml"
        call_command("export_iati", "--publisher", ref, "-o", str(path))
        root = etree.parse(str(path)).getroot()
        assert {el.get("ref") for el in root.iter("reporting-org")} == {ref}
        assert iati.schema_errors(str(path), str(shared_data / "iati" / "schemas" / "2.03")) == []


def test_paths_may_be_strings_or_paths(examples):
    assert (
        import_file(str(examples / "acfspain-co.xml")).activities
        == import_file(Path(examples / "acfspain-co.xml")).activities
    )


def test_importing_our_own_export_over_the_registry_changes_nothing(demo_network, settings, tmp_path):
    # What IATI does not carry (kinds, notes, year precision, a place's country) stays, and
    # shares and sectors the exporter derived (100 % for one country, codes of fields) count as equal.
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"  # the file is the network's own
    path = tmp_path / "export.xml"
    path.write_bytes(_export(iati.ReportingOrg(ref="XM-TEST-1", name="Co.Co.Pa.", type="11")))
    before = counts()
    labels = {i.identifier: (i.kind_id, i.period_label, i.notes_it) for i in Initiative.objects.all()}

    # _export writes every initiative: those the export's checks refuse come back marked, and
    # only they change (the same rules on the way in and out). Nothing else is written.
    refused = {
        f.initiative
        for f in iati_checks.check(queries.initiatives_for_export(), today=timezone.localdate())
        if f.severity == "error"
    }
    assert refused  # the demo has initiatives without status or start date

    report = import_file(path, allow_warnings=True)

    assert (report.created, report.updated, report.unchanged) == (0, len(refused), len(labels) - len(refused))
    assert set(Initiative.objects.exclude(import_findings="").values_list("identifier", flat=True)) == refused
    after = counts()
    assert after.pop("history of Initiative") == before.pop("history of Initiative") + len(refused)
    assert after == before
    assert {i.identifier: (i.kind_id, i.period_label, i.notes_it) for i in Initiative.objects.all()} == labels
    again = import_file(path, allow_warnings=True)
    assert (again.updated, again.unchanged, again.marked) == (0, len(labels), len(refused))
