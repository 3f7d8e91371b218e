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
from cocopa.cooperation.models import Budget
from cocopa.cooperation.testing import make_initiative
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
    assert left_out == ["budget across two calendar years: across: 2024-07-01 – 2025-06-30"]


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
    for path in ("/iati/activities.xml", "/iati/activities-2020.xml", "/iati/organisation.xml"):
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
    assert "left out of the organisation file: budget across two calendar years: across" in err.getvalue()

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
