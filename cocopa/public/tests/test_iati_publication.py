"""The network's IATI files at stable addresses, the organisation file, and the dataset metadata
for the IATI Registry (issue 15, point 6)."""

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from cocopa.cooperation import iati_org
from cocopa.cooperation.models import Budget, Initiative, Organisation, Publisher
from cocopa.cooperation.testing import make_initiative, make_organisation
from cocopa.library import services as library_services
from cocopa.library.models import Document

REF = "XM-TEST-1"


@pytest.fixture
def iati_settings(settings):
    settings.IATI_REPORTING_ORG_REF = REF
    settings.COCOPA_SITE_URL = "https://cocopa.example.org"
    return settings


def schema_dir(shared_data: Path) -> str:
    return str(shared_data / "iati" / "schemas" / "2.03")


def budgets_of(root: etree._Element) -> list[tuple[object, ...]]:
    return [
        (
            b.get("status"),
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.findtext("value"),
        )
        for b in root.iter("total-budget")
    ]


def test_the_demo_organisation_file_is_valid_and_holds_the_public_documents_only(
    client, demo_network, iati_settings, shared_data
):
    response = client.get("/iati/organisation.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert iati_org.schema_errors(response.content, schema_dir(shared_data)) == []
    root = etree.fromstring(response.content)
    assert root.findtext("iati-organisation/organisation-identifier") == REF
    assert root.find("iati-organisation/reporting-org").get("ref") == REF
    assert budgets_of(root) == []  # the demo holds no budget figure: none is invented
    links = root.findall("iati-organisation/document-link")
    public = Document.objects.filter(
        visibility="public", kind__in=["statutes", "convention", "resolution", "report"]
    )
    assert len(links) == public.count() > 0
    assert {link.find("category").get("code") for link in links} <= {"B01", "B02"}
    assert iati_org.ruleset_findings(response.content, now=dt.datetime.now(dt.UTC)) == []


@pytest.mark.django_db
def test_total_budgets_are_sums_per_calendar_year_of_the_exported_activities(iati_settings, shared_data):
    year = [(dt.date(2024, 1, 1), dt.date(2024, 6, 30), Decimal("1000.50"))]
    make_initiative("a", budgets=[*year, (dt.date(2024, 7, 1), dt.date(2024, 12, 31), Decimal("500"))])
    make_initiative("b", budgets=[(dt.date(2024, 3, 1), dt.date(2024, 9, 30), Decimal("200"))])
    make_initiative("across", budgets=[(dt.date(2024, 7, 1), dt.date(2025, 6, 30), Decimal("999"))])
    make_initiative("committed", budgets=[(dt.date(2025, 1, 1), dt.date(2025, 12, 31), Decimal("70"))])
    Budget.objects.filter(initiative__identifier="committed").update(status="2")
    make_initiative(
        "no-status", status="", budgets=[(dt.date(2024, 1, 1), dt.date(2024, 2, 1), Decimal("5"))]
    )

    from cocopa.public import iati as publication

    data, left_out = publication.organisation_file(now=dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC))

    assert iati_org.schema_errors(data, schema_dir(shared_data)) == []
    assert budgets_of(etree.fromstring(data)) == [
        ("1", "2024-01-01", "2024-12-31", "1700.50"),  # a + b; not the one left out of the activity file
        ("2", "2025-01-01", "2025-12-31", "70.00"),
    ]
    assert left_out == ["budget: across: budget 2024-07-01 – 2025-06-30 runs across two calendar years"]
    assert iati_org.ruleset_findings(data, now=dt.datetime.now(dt.UTC)) == []


@pytest.mark.django_db
def test_a_public_document_by_address_is_linked_and_a_restricted_one_is_not(iati_settings, shared_data):
    make_initiative("a")
    for visibility, title in (("public", "Statuto"), ("restricted", "Verbale riservato")):
        library_services.add_document(
            actor=None,
            title_it=title,
            title_en=f"{title} (en)",
            kind="statutes",
            language="it",
            date=dt.date(1995, 5, 1),
            visibility=visibility,
            url="https://example.org/statuto.pdf",
        )
    from cocopa.public import iati as publication

    data, _left_out = publication.organisation_file(now=dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC))

    assert iati_org.schema_errors(data, schema_dir(shared_data)) == []
    (link,) = etree.fromstring(data).iter("document-link")
    assert link.get("url") == "https://example.org/statuto.pdf"
    assert link.get("format") == "application/pdf"
    assert [n.text for n in link.iter("narrative")] == ["Statuto", "Statuto (en)"]
    assert link.find("language").get("code") == "it"
    assert link.find("document-date").get("iso-date") == "1995-05-01"


@pytest.mark.django_db
def test_the_activity_file_and_its_year_parts_hold_the_exported_activities(client, iati_settings):
    make_initiative("del-2019", actual_start=dt.date(2019, 5, 1))
    make_initiative("del-2021", actual_start=None, planned_start=dt.date(2021, 1, 1))
    make_initiative("senza-stato", status="", actual_start=dt.date(2019, 2, 1))

    def identifiers(path: str) -> list[str]:
        response = client.get(path)
        assert response.status_code == 200
        root = etree.fromstring(b"".join(response.streaming_content))
        return [str(i.text).removeprefix(f"{REF}-") for i in root.iter("iati-identifier")]

    assert sorted(identifiers("/iati/activities.xml")) == ["del-2019", "del-2021"]
    assert identifiers("/iati/activities-2019.xml") == ["del-2019"]
    assert identifiers("/iati/activities-2021.xml") == ["del-2021"]
    assert identifiers("/iati/activities-2020.xml") == []


@pytest.mark.django_db
def test_the_files_answer_409_with_the_reason_without_an_identifier(client, settings):
    settings.IATI_REPORTING_ORG_REF = ""
    for path in (
        "/iati/activities.xml",
        "/iati/activities-2020.xml",
        "/iati/activities/BF.xml",
        "/iati/activities/multi-country.xml",
        "/iati/organisation.xml",
    ):
        response = client.get(path)
        assert response.status_code == 409
        assert "IATI_REPORTING_ORG_REF" in response.content.decode()


def metadata(*args: str) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command("iati_registry_metadata", *args, stdout=out)
    found: list[dict[str, object]] = json.loads(out.getvalue())
    return found


@pytest.mark.django_db
def test_the_registry_metadata_names_both_files_with_their_counts_and_dates(iati_settings):
    import time_machine

    with time_machine.travel(dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        make_initiative("del-2019", actual_start=dt.date(2019, 5, 1))
    with time_machine.travel(dt.datetime(2025, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        make_initiative("del-2021", actual_start=dt.date(2021, 5, 1))
        make_initiative("senza-stato", status="")

    activities, organisation = metadata("--publisher", "cocopa")

    assert activities == {
        "name": "cocopa-activities",
        "title": "Co.Co.Pa. - Coordinamento Comuni per la Pace - activities",
        "filetype": "activity",
        "url": "https://cocopa.example.org/iati/activities.xml",
        "format": "IATI-XML",
        "iati_version": "2.03",
        "language": "it",
        "activity_count": 2,
        "data_updated": "2025-04-02T09:00:00+00:00",
        "recipient_country": None,
    }
    assert organisation["name"] == "cocopa-org"
    assert organisation["filetype"] == "organisation"
    assert organisation["url"] == "https://cocopa.example.org/iati/organisation.xml"
    assert organisation["data_updated"] is None  # no budget, no public document: nothing dates it

    with time_machine.travel(dt.datetime(2025, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        make_initiative(
            "across",
            actual_start=dt.date(2021, 1, 1),
            budgets=[(dt.date(2024, 7, 1), dt.date(2025, 6, 30), Decimal(9))],
        )
    err = io.StringIO()
    call_command("iati_registry_metadata", "--publisher", "cocopa", stdout=io.StringIO(), stderr=err)
    assert (
        "left out of the organisation file: budget: across: budget 2024-07-01 – 2025-06-30 runs across "
        "two calendar years" in err.getvalue()
    )

    split = metadata("--publisher", "cocopa", "--per-file", "1")
    assert [(d["name"], d["url"], d["activity_count"], d["data_updated"]) for d in split[:-1]] == [
        (
            "cocopa-activities-2019",
            "https://cocopa.example.org/iati/activities-2019.xml",
            1,
            "2024-03-01T09:00:00+00:00",
        ),
        (
            "cocopa-activities-2021",
            "https://cocopa.example.org/iati/activities-2021.xml",
            2,  # del-2021 and across
            "2025-04-02T09:00:00+00:00",
        ),
    ]
    assert split[-1]["name"] == "cocopa-org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "publisher: give"),
        (("--publisher", "Co.Co.Pa"), "publisher: 'Co.Co.Pa' may hold only"),
        (("--publisher", "cocopa", "--per-file", "0"), "per-file"),
    ],
)
def test_the_metadata_command_names_the_bad_option(iati_settings, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("iati_registry_metadata", *args)


@pytest.mark.django_db
def test_the_metadata_command_refuses_without_an_identifier(settings):
    settings.IATI_REPORTING_ORG_REF = ""
    with pytest.raises(CommandError, match="iati_not_configured"):
        call_command("iati_registry_metadata", "--publisher", "cocopa")


# ---------------------------------------------------------------- the organisation file's figures

NOW = dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC)


def figures_of(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    org = etree.fromstring(data).find("iati-organisation")

    def row(el: etree._Element, *first: object) -> tuple[object, ...]:
        value = el.find("value")
        return (
            *first,
            str(el.find("period-start").get("iso-date"))[:4],
            value.get("currency"),
            value.text,
            el.get("status"),
        )

    return {
        "total": [row(el) for el in org.findall("total-budget")],
        "region": [
            row(el, el.find("recipient-region").get("vocabulary"), el.find("recipient-region").get("code"))
            for el in org.findall("recipient-region-budget")
        ],
        "country": [
            row(el, el.find("recipient-country").get("code"))
            for el in org.findall("recipient-country-budget")
        ],
        "expenditure": [row(el) for el in org.findall("total-expenditure")],
    }


@pytest.mark.django_db
def test_the_organisation_file_shares_the_budgets_by_country_and_region_and_sums_the_spending(
    iati_settings, shared_data
):
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    make_initiative(
        "two-countries",
        countries=[("BF", Decimal(60)), ("SN", Decimal(40))],
        budgets=[(*year, Decimal("1000.50"))],
        transactions=[
            {"type": "3", "date": dt.date(2024, 5, 1), "value": Decimal(100)},  # disbursement
            {"type": "4", "date": dt.date(2025, 2, 1), "value": Decimal(50)},  # expenditure
            {"type": "1", "date": dt.date(2024, 5, 1), "value": Decimal(999)},  # incoming: not spent
            {"type": "2", "date": dt.date(2024, 5, 1), "value": Decimal(888)},  # commitment: not spent
        ],
    )
    revised = make_initiative(
        "revised",
        countries=[("BF", Decimal(50))],
        regions=[("289", Decimal(50))],
        budgets=[(*year, Decimal(100))],
    )
    Budget.objects.create(initiative=revised, period_start=year[0], period_end=year[1], value=200, type="2")
    pounds = make_initiative("in-pounds", countries=["PS"], budgets=[(*year, Decimal(300))])
    Initiative.objects.filter(pk=pounds.pk).update(default_currency="GBP")
    no_recipient = make_initiative("at-home-nowhere", countries=[], budgets=[(*year, Decimal(7))])
    Budget.objects.filter(initiative=no_recipient).update(status="2")
    # Another publisher's activity the registry holds: never in the network's figures.
    theirs = make_initiative("theirs", countries=["BF"], budgets=[(*year, Decimal(123456))])
    Initiative.objects.filter(pk=theirs.pk).update(
        publisher=Publisher.objects.create(ref="XM-OTHER-1", shown_publicly=True),
        iati_identifier="XM-OTHER-1-theirs",
    )

    from cocopa.public import iati as publication

    data, left_out = publication.organisation_file(now=NOW)

    assert iati_org.schema_errors(data, schema_dir(shared_data)) == []
    assert iati_org.ruleset_findings(data, now=dt.datetime.now(dt.UTC)) == []
    assert left_out == []
    assert figures_of(data) == {
        # 1000.50 + 200 (the revised budget replaces the original 100 of its period) + 7, in euros;
        # the pounds apart, never added to them; indicative as not all are committed.
        "total": [("2024", "EUR", "1207.50", "1"), ("2024", "GBP", "300.00", "1")],
        "region": [("1", "289", "2024", "EUR", "100.00", "1")],
        "country": [
            ("BF", "2024", "EUR", "700.30", "1"),  # 60 % of 1000.50, and 50 % of 200
            ("PS", "2024", "GBP", "300.00", "1"),
            ("SN", "2024", "EUR", "400.20", "1"),
        ],
        "expenditure": [("2024", "EUR", "100.00", None), ("2025", "EUR", "50.00", None)],
    }


def test_the_ruleset_check_finds_what_the_standard_ruleset_refuses():
    bad = b"""<iati-organisations version="2.03"><iati-organisation last-updated-datetime="2027-01-01T00:00:00+00:00">
      <organisation-identifier>XM-A/B</organisation-identifier><name><narrative>x</narrative></name>
      <reporting-org ref=" XM-A" type="80"><narrative>x</narrative></reporting-org>
      <total-budget><period-start iso-date="2024-01-01"/><period-end iso-date="2025-06-30"/>
        <value currency="EUR" value-date="2024-01-01">1</value></total-budget>
      <total-expenditure><period-start iso-date="2024-06-01"/><period-end iso-date="2024-01-01"/>
        <value value-date="2024-01-01">1</value></total-expenditure>
    </iati-organisation></iati-organisations>"""

    found = {f.rule for f in iati_org.ruleset_findings(bad, now=NOW)}

    assert found == {
        "1.12.13",  # "/" in the organisation identifier
        "1.18.1",  # a space around the reporting-org's ref
        "11.4.1",  # last updated in the future
        "4.5.1",  # no default language, narratives without one
        "7.8.2",  # no default currency, a value without one
        "budget_period_too_long",  # 7.5.3
        "budget_end_before_start",  # 8.6.3
    }


# ---------------------------------------------------------------- the files per country


@pytest.mark.django_db
def test_each_activity_is_in_exactly_one_country_file(client, iati_settings):
    make_initiative("burkina", countries=["BF"])
    make_initiative("burkina-2", countries=[("BF", Decimal(100))])
    make_initiative("two", countries=["BF", "SN"])
    make_initiative("region", countries=[], regions=[("289", Decimal(100))])
    make_initiative("senza-stato", status="", countries=["BF"])  # left out of every file

    def identifiers(path: str) -> list[str]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("application/xml")
        root = etree.fromstring(b"".join(response.streaming_content))
        return sorted(str(i.text).removeprefix(f"{REF}-") for i in root.iter("iati-identifier"))

    assert identifiers("/iati/activities/BF.xml") == ["burkina", "burkina-2"]
    assert identifiers("/iati/activities/multi-country.xml") == ["region", "two"]
    assert identifiers("/iati/activities/SN.xml") == []  # a country without a file of its own
    assert identifiers("/iati/activities/ML.xml") == []
    whole = identifiers("/iati/activities.xml")
    assert (
        sorted(identifiers("/iati/activities/BF.xml") + identifiers("/iati/activities/multi-country.xml"))
        == whole
    )
    assert client.get("/iati/activities/QQ.xml").status_code == 404  # no country has this code
    assert client.get("/iati/activities/bf.xml").status_code == 404  # capitals, as the country pages


@pytest.mark.django_db
def test_the_registry_metadata_lists_every_file_and_registers_no_activity_twice(iati_settings):
    make_initiative("burkina", countries=["BF"], actual_start=dt.date(2019, 5, 1))
    make_initiative("senegal", countries=["SN"], actual_start=dt.date(2019, 6, 1))
    make_initiative("two", countries=["BF", "SN"], actual_start=dt.date(2021, 1, 1))

    def names(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(r["name"], r["url"], r["activity_count"], r["recipient_country"]) for r in rows]

    site = "https://cocopa.example.org/iati"
    assert names(metadata("--publisher", "cocopa", "--per-file", "2", "--split", "country")) == [
        ("cocopa-activities-bf", f"{site}/activities/BF.xml", 1, "BF"),
        ("cocopa-activities-sn", f"{site}/activities/SN.xml", 1, "SN"),
        ("cocopa-activities-multi-country", f"{site}/activities/multi-country.xml", 1, None),
        ("cocopa-org", f"{site}/organisation.xml", None, None),
    ]
    assert names(metadata("--publisher", "cocopa", "--split", "country")) == [
        ("cocopa-activities", f"{site}/activities.xml", 3, None),  # under the threshold: the whole file
        ("cocopa-org", f"{site}/organisation.xml", None, None),
    ]

    every = metadata("--publisher", "cocopa", "--all")
    assert [(r["name"], r["activity_count"], r["registered"]) for r in every] == [
        ("cocopa-activities", 3, True),
        ("cocopa-activities-2019", 2, False),
        ("cocopa-activities-2021", 1, False),
        ("cocopa-activities-bf", 1, False),
        ("cocopa-activities-sn", 1, False),
        ("cocopa-activities-multi-country", 1, False),
        ("cocopa-org", None, True),
    ]
    # What is registered holds every activity once.
    registered = [r for r in every if r["registered"] and r["filetype"] == "activity"]
    assert sum(int(str(r["activity_count"])) for r in registered) == 3


@pytest.mark.django_db
def test_the_splitting_threshold_is_a_setting_with_a_software_default(iati_settings):
    make_initiative("a", actual_start=dt.date(2019, 5, 1))
    make_initiative("b", actual_start=dt.date(2020, 5, 1))
    assert [r["name"] for r in metadata("--publisher", "cocopa")][0] == "cocopa-activities"

    iati_settings.IATI_ACTIVITIES_PER_FILE = 1

    assert [r["name"] for r in metadata("--publisher", "cocopa")] == [
        "cocopa-activities-2019",
        "cocopa-activities-2020",
        "cocopa-org",
    ]


# ---------------------------------------------------------------- participating organisations' identifiers


@pytest.mark.django_db
def test_participating_organisations_carry_the_identifier_on_record_and_none_invented(client, iati_settings):
    from cocopa.testing import make_authority

    agency = make_organisation("Agenzia italiana per la cooperazione", ref="XM-DAC-6-4", type="10")
    municipality = make_organisation("Comune di Prova")
    municipality.authority = make_authority("Prova", 1000, istat_code="001999")
    municipality.save()
    make_initiative("funded", organisations=[(agency, "1"), (municipality, "3")])

    root = etree.fromstring(b"".join(client.get("/iati/activities.xml").streaming_content))

    refs = {org.findtext("narrative"): org.get("ref") for org in root.iter("participating-org")}
    # The municipality's ISTAT code is under no prefix of the IATI organisation identifier guide.
    assert refs == {"Agenzia italiana per la cooperazione": "XM-DAC-6-4", "Comune di Prova": None}


def test_the_demo_participating_organisations_carry_exactly_the_identifiers_on_record(
    client, demo_network, iati_settings
):
    root = etree.fromstring(b"".join(client.get("/iati/activities.xml").streaming_content))

    orgs = list(root.iter("participating-org"))
    on_record = set(Organisation.objects.exclude(ref="").values_list("ref", flat=True))
    assert len(orgs) > 0
    assert {o.get("ref") for o in orgs if o.get("ref")} == on_record  # none stored in the demo: none written


@pytest.mark.django_db
def test_the_office_iati_page_labels_the_splitting_threshold_a_software_default(
    client, peace_office_user, iati_settings
):
    iati_settings.IATI_ACTIVITIES_PER_FILE = 1234
    client.force_login(peace_office_user)

    html = client.get("/en/office/iati/").content.decode()

    threshold = html[html.index('id="split-threshold"') :]
    threshold = threshold[: threshold.index("</p>")]
    assert "1234" in threshold.replace(",", "").replace(".", "")
    assert "software default" in threshold


def _from_api(client, tmp_path: Path) -> bytes:
    response = client.get("/api/v1/iati/activities.xml")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _from_command(client, tmp_path: Path) -> bytes:
    path = tmp_path / "activities.xml"
    call_command("export_iati", "-o", str(path), stderr=io.StringIO())
    return path.read_bytes()


def _from_public_file(client, tmp_path: Path) -> bytes:
    return b"".join(client.get("/iati/activities.xml").streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written", [_from_public_file, _from_api, _from_command], ids=["iati", "api", "command"]
)
def test_every_activity_file_links_the_documents_of_the_initiatives_agreements_as_a09(
    client, iati_settings, shared_data, tmp_path, written
):
    """/iati/activities.xml, the API's file and `cocopa export_iati` are one file: the agreements'
    documents are in each, and each is valid IATI 2.03."""
    from cocopa.cooperation import iati as cooperation_iati
    from cocopa.diplomacy.testing import make_agreement

    initiative = make_initiative("con-patto", actual_start=dt.date(2017, 1, 1))
    document = library_services.add_document(
        actor=None,
        title_it="Patto",
        kind="other",
        language="it",
        date=dt.date(2017, 6, 1),
        visibility="public",
        url="https://example.org/patto.pdf",
    )
    make_agreement(document=document, initiatives=[initiative], signed_on="2017-06-01")
    data = written(client, tmp_path)
    assert cooperation_iati.schema_errors(io.BytesIO(data), schema_dir(shared_data)) == []
    root = etree.fromstring(data)
    (a09,) = [d for d in root.iter("document-link") if d.find("category").get("code") == "A09"]
    assert a09.get("url") == "https://example.org/patto.pdf"
    assert a09.find("document-date").get("iso-date") == "2017-06-01"
    assert root.findtext("iati-activity/iati-identifier") == f"{REF}-con-patto"
