"""The IATI export: valid against the official 2.03 XSD, only official codes, stable, bilingual, streamed."""

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from lxml import etree

from cocopa.cooperation import codelists, iati, iati_checks, queries
from cocopa.cooperation.models import Initiative, Transaction
from cocopa.cooperation.testing import make_field, make_initiative, make_organisation, make_portfolio
from cocopa.core.dates import parse_partial

REPORTING = iati.ReportingOrg(ref="XM-TEST-1", name="Co.Co.Pa. - Coordinamento Comuni per la Pace", type="11")
NOW = dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC)
TODAY = NOW.date()
XML = "{http://www.w3.org/XML/1998/namespace}lang"

# Where a codelist applies: (XPath of the attribute's elements, attribute, codelist).
CODED = [
    ("/iati-activities", "version", "Version"),
    ("//iati-activity", "default-currency", "Currency"),
    ("//narrative[@xml:lang]|//iati-activity", XML, "Language"),
    ("//reporting-org|//participating-org|//provider-org|//receiver-org", "type", "OrganisationType"),
    ("//participating-org", "role", "OrganisationRole"),
    ("//iati-activity/description", "type", "DescriptionType"),
    ("//activity-status", "code", "ActivityStatus"),
    ("//activity-date", "type", "ActivityDateType"),
    ("//recipient-country", "code", "Country"),
    ("//recipient-region", "vocabulary", "RegionVocabulary"),
    ("//recipient-region[@vocabulary='1']", "code", "Region"),
    ("//location/exactness", "code", "GeographicExactness"),
    ("//iati-activity/sector", "vocabulary", "SectorVocabulary"),
    ("//iati-activity/sector[@vocabulary='1']", "code", "Sector"),
    ("//budget", "type", "BudgetType"),
    ("//budget", "status", "BudgetStatus"),
    ("//value", "currency", "Currency"),
    ("//transaction-type", "code", "TransactionType"),
    ("//document-link/category", "code", "DocumentCategory"),
    ("//document-link/language", "code", "Language"),
    ("//result", "type", "ResultType"),
    ("//indicator", "measure", "IndicatorMeasure"),
]
# RelatedActivityType is not among the official lists in shared/data/iati/codelists: its five
# codes (embedded list, unchanged since 1.0x): 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party.
RELATED_ACTIVITY_TYPES = {"1", "2", "3", "4", "5"}


@cache
def official(folder: Path, codelist: str) -> frozenset[str]:
    """The active codes of an official codelist file."""
    root = etree.parse(str(folder / f"{codelist}.xml"))
    return frozenset(
        item.findtext("code", "").strip()
        for item in root.iter("codelist-item")
        if item.get("status", "active") != "withdrawn"
    )


@cache
def xsd(folder: Path) -> etree.XMLSchema:
    return iati.schema(str(folder))


def assert_valid(data: bytes, shared_data: Path) -> etree._Element:
    """Valid against the official XSD, and every coded attribute in its official codelist."""
    root = etree.fromstring(data)
    schema = xsd(shared_data / "iati" / "schemas" / "2.03")
    assert schema.validate(root), [str(e) for e in schema.error_log][:10]
    lists = shared_data / "iati" / "codelists"
    for path, attribute, codelist in CODED:
        used = {el.get(attribute) for el in root.xpath(path)} - {None}
        assert used <= official(lists, codelist), (codelist, used - official(lists, codelist))
    assert {el.get("type") for el in root.iter("related-activity")} <= RELATED_ACTIVITY_TYPES
    return root


def export(
    initiatives: Iterable[Initiative] | None = None, *, now: dt.datetime = NOW
) -> tuple[bytes, list[iati_checks.Finding]]:
    """The export as the command runs it: checked, then written."""
    out = io.BytesIO()
    findings: list[iati_checks.Finding] = []
    source = queries.initiatives_for_export().iterator(chunk_size=100) if initiatives is None else initiatives
    iati.write_activities(
        iati_checks.exportable(source, findings, today=now.date()), out, reporting=REPORTING, generated_at=now
    )
    return out.getvalue(), findings


def activity_of(root: etree._Element, identifier: str) -> Any:
    found: Any = root.xpath(f"//iati-activity[iati-identifier='XM-TEST-1-{identifier}']")
    assert len(found) == 1, identifier
    return found[0]


# ---------------------------------------------------------------- the demo portfolio


@pytest.mark.django_db
def test_the_demo_portfolio_exports_valid_iati_with_only_official_codes(demo_network, shared_data):
    data, findings = export()
    root = assert_valid(data, shared_data)
    excluded = {f.initiative for f in findings if f.severity == "error"}
    exported = {el.text for el in root.iter("iati-identifier")}
    assert exported == {f"XM-TEST-1-{i}" for i in Initiative.objects.values_list("identifier", flat=True)} - {
        f"XM-TEST-1-{i}" for i in excluded
    }
    assert len(exported) >= 15


@pytest.mark.django_db
def test_the_demo_initiatives_left_out_are_those_without_a_start_or_a_status(demo_network):
    _data, findings = export()
    errors = {(f.initiative, f.rule) for f in findings if f.severity == "error"}
    assert {rule for _i, rule in errors} <= {"start_date_missing", "status_missing"}
    for identifier, rule in errors:
        initiative = Initiative.objects.get(identifier=identifier)
        if rule == "status_missing":
            assert initiative.status == ""
        else:
            assert initiative.planned_start is None
            assert initiative.actual_start is None


@pytest.mark.django_db
def test_the_command_writes_a_file_and_reports_findings_on_stderr(
    demo_network, settings, shared_data, tmp_path
):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    settings.IATI_SCHEMA_DIR = str(shared_data / "iati" / "schemas" / "2.03")
    target = tmp_path / "activities.xml"
    err = io.StringIO()
    call_command("export_iati", "-o", str(target), stderr=err)
    assert_valid(target.read_bytes(), shared_data)
    assert "status_missing" in err.getvalue()
    assert "Valid against the IATI 2.03 schema" in err.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_without_a_reporting_organisation_identifier(settings, tmp_path):
    settings.IATI_REPORTING_ORG_REF = ""
    with pytest.raises(CommandError, match="iati_not_configured"):
        call_command("export_iati", "-o", str(tmp_path / "x.xml"))
    with pytest.raises(iati.IatiNotConfigured):
        iati.reporting_org_from_settings()


# ---------------------------------------------------------------- what is written


@pytest.mark.django_db
def test_identifiers_are_the_reporting_ref_and_the_initiative_identifier_and_stable_across_exports():
    make_initiative("acqua-2020")
    make_initiative("scuole-2021")
    first, _ = export()
    second, _ = export(now=NOW + dt.timedelta(days=30))
    ids = [etree.fromstring(x).xpath("//iati-identifier/text()") for x in (first, second)]
    assert ids[0] == ids[1] == ["XM-TEST-1-acqua-2020", "XM-TEST-1-scuole-2021"]


@pytest.mark.django_db
def test_texts_have_a_narrative_in_every_filled_language():
    make_initiative("both")
    make_initiative("italian-only", title_en="", description_en="")
    root = etree.fromstring(export()[0])
    both = activity_of(root, "both")
    assert [(n.get(XML), n.text) for n in both.find("title")] == [
        ("it", "Acqua per tutti"),
        ("en", "Water for all"),
    ]
    assert [n.get(XML) for n in both.find("description")] == ["it", "en"]
    only = activity_of(root, "italian-only")
    assert [n.get(XML) for n in only.find("title")] == ["it"]
    # No default language is declared: a name whose language is not known claims none.
    assert only.get(XML) is None
    assert all(n.get(XML) is None for n in root.iterfind("iati-activity/participating-org/narrative"))
    assert only.get("default-currency") == "EUR"


@pytest.mark.django_db
def test_partial_dates_are_written_as_the_first_day_for_starts_and_the_last_for_ends():
    start, _ = parse_partial("2015")
    end, _ = parse_partial("2015", end=True)
    make_initiative("year-only", actual_start=start, actual_end=end, planned_end=None, status="4")
    root = etree.fromstring(export()[0])
    dates = {d.get("type"): d.get("iso-date") for d in activity_of(root, "year-only").iter("activity-date")}
    assert dates == {"2": "2015-01-01", "4": "2015-12-31"}


@pytest.mark.django_db
def test_a_rounded_equal_split_of_countries_is_written_as_an_exact_one_summing_to_100():
    third = Decimal("33.33")
    make_initiative("three", countries=[("BF", third), ("ML", third), ("SN", third)])
    make_initiative("unset", countries=["BF", "ML", "SN"])
    root = etree.fromstring(export()[0])
    for identifier in ("three", "unset"):
        shares = [
            Decimal(c.get("percentage", "")) for c in activity_of(root, identifier).iter("recipient-country")
        ]
        assert shares == [Decimal("33.34"), third, third]
        assert sum(shares) == 100


@pytest.mark.django_db
def test_sectors_come_from_the_fields_of_intervention_with_percentages_summing_to_100():
    water = make_field("Water", code="14030")
    make_field("Water", code="14031")
    schools = make_field("Education and schools", name_it="Istruzione", code="11220")
    make_initiative("sectors", fields=[water, schools])
    root = etree.fromstring(export()[0])
    sectors = [
        (s.get("vocabulary"), s.get("code"), Decimal(s.get("percentage", "")))
        for s in activity_of(root, "sectors").iter("sector")
    ]
    assert [c for _v, c, _p in sectors] == ["14030", "14031", "11220"]
    assert {v for v, _c, _p in sectors} == {"1"}
    assert sum(p for _v, _c, p in sectors) == 100


@pytest.mark.django_db
def test_a_complete_initiative_exports_every_element_in_schema_order(shared_data):
    org = make_organisation("Commune de Ouahigouya", ref="XM-OUA-1", type="11", country="BF")
    before = make_initiative("phase-1", status="4", actual_end=dt.date(2019, 12, 31))
    make_initiative(
        "phase-2",
        organisations=[(org, "4"), (make_organisation("Comune di Torino"), "1")],
        places=[("Ouahigouya", Decimal("13.5828"), Decimal("-2.4216")), ("Villaggio", None, None)],
        budgets=[(dt.date(2020, 1, 1), dt.date(2020, 12, 31), Decimal("1000.50"))],
        transactions=[
            {
                "type": Transaction.Type.DISBURSEMENT,
                "date": dt.date(2020, 3, 1),
                "value": Decimal(400),
                "receiver": org,
                "description_it": "Rata",
                "description_en": "Instalment",
            }
        ],
        documents=[
            {
                "url": "https://example.org/sheet",
                "title_it": "Scheda",
                "language": "it",
                "published_on": dt.date(2020, 1, 1),
            }
        ],
        results=[
            {
                "title_it": "Pozzi",
                "indicators": [
                    {
                        "title_it": "Pozzi scavati",
                        "periods": [(dt.date(2020, 1, 1), dt.date(2020, 12, 31), Decimal(10), Decimal(7))],
                    }
                ],
            }
        ],
        related=[before],
    )
    root = assert_valid(export()[0], shared_data)
    activity = activity_of(root, "phase-2")
    tags = list(dict.fromkeys(child.tag for child in activity))
    assert tags == [
        "iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status",
        "activity-date", "recipient-country", "location", "sector", "budget", "transaction", "document-link",
        "related-activity", "result",
    ]  # fmt: skip
    assert activity.find("related-activity").attrib == {"ref": "XM-TEST-1-phase-1", "type": iati.RELATED_TYPE}
    point = activity.find("location/point")
    assert point.get("srsName") == iati.SRS_NAME
    assert point.findtext("pos") == "13.582800 -2.421600"
    assert activity.find("participating-org[@ref='XM-OUA-1']").get("role") == "4"
    assert activity.find("transaction/receiver-org").get("ref") == "XM-OUA-1"


@pytest.mark.django_db
def test_an_initiative_with_errors_is_left_out_and_the_others_are_written():
    make_initiative("good")
    make_initiative("no-status", status="")
    data, findings = export()
    assert etree.fromstring(data).xpath("//iati-identifier/text()") == ["XM-TEST-1-good"]
    assert [(f.initiative, f.field, f.rule) for f in findings if f.severity == "error"] == [
        ("no-status", "status", "status_missing")
    ]


@pytest.mark.django_db
def test_the_export_queries_a_fixed_number_of_times(django_assert_max_num_queries):
    for n in range(5):
        make_initiative(f"i-{n}", results=[{"indicators": [{"periods": []}]}])
    with django_assert_max_num_queries(20):
        export()
    make_portfolio(30)
    with django_assert_max_num_queries(20):
        export()


# ---------------------------------------------------------------- API


@pytest.mark.django_db
def test_the_api_streams_the_xml_with_the_count_of_findings(client, settings):
    settings.IATI_REPORTING_ORG_REF = "XM-TEST-1"
    make_initiative("good")
    make_initiative("undated", actual_start=None, planned_end=None)
    response = client.get("/api/v1/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response.streaming
    assert response["X-IATI-Findings"] == "1"
    root = etree.fromstring(b"".join(response.streaming_content))
    assert root.xpath("//iati-identifier/text()") == ["XM-TEST-1-good"]
    findings = client.get("/api/v1/iati/findings").json()
    assert findings["excluded"] == ["undated"]
    assert findings["findings"][0]["rule"] == "start_date_missing"
    assert findings["findings"][0]["field"] == "planned_start"


@pytest.mark.django_db
def test_the_api_answers_409_when_the_reporting_organisation_is_not_configured(client, settings):
    settings.IATI_REPORTING_ORG_REF = ""
    response = client.get("/api/v1/iati/activities.xml")
    assert response.status_code == 409
    assert response.json()["code"] == "iati_not_configured"


# ---------------------------------------------------------------- generated initiatives (hypothesis)

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(str.strip)
_DAY = st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY - dt.timedelta(days=400))
_COUNTRIES = sorted(codelists.codes("Country"))
_ORG_TYPES = sorted(codelists.codes("OrganisationType"))


@st.composite
def initiative_data(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(_DAY)
    end = draw(st.none() | st.dates(min_value=start, max_value=TODAY - dt.timedelta(days=1)))
    n_countries = draw(st.integers(0, 4))
    countries = draw(
        st.lists(st.sampled_from(_COUNTRIES), min_size=n_countries, max_size=n_countries, unique=True)
    )
    lat = st.decimals(min_value=-90, max_value=90, places=6)
    lon = st.decimals(min_value=-180, max_value=180, places=6)
    budget_start = draw(_DAY)
    return {
        "title_it": draw(_TEXT),
        "title_en": draw(st.just("") | _TEXT),
        "description_it": draw(_TEXT),
        "description_en": draw(st.just("") | _TEXT),
        "status": draw(st.sampled_from(sorted(codelists.codes("ActivityStatus")))),
        "actual_start": start,
        "actual_end": end,
        "planned_end": None,
        "countries": countries,
        "places": draw(
            st.lists(st.tuples(_TEXT, lat, lon) | st.tuples(_TEXT, st.none(), st.none()), max_size=2)
        ),
        "budgets": [
            (
                budget_start,
                budget_start + dt.timedelta(days=draw(st.integers(0, 364))),
                draw(st.decimals(0, 10**9, places=2)),
            )
        ],
        "org": (
            draw(_TEXT),
            draw(st.sampled_from(["", "XM-TEST-ORG"])),
            draw(st.sampled_from(["", *_ORG_TYPES])),
        ),
        "role": draw(st.sampled_from(sorted(codelists.codes("OrganisationRole")))),
        "tx": (
            draw(st.sampled_from(Transaction.Type.values)),
            draw(_DAY),
            draw(st.decimals(-(10**9), 10**9, places=2)),
        ),
        "indicators": draw(st.integers(1, 2)),
    }


class GeneratedInitiativesTests(HypothesisTestCase):
    @pytest.fixture(autouse=True)
    def _shared(self, shared_data: Path) -> None:
        self.shared_data = shared_data

    @hsettings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=initiative_data())
    def test_a_generated_initiative_exports_valid_iati(self, data: dict[str, Any]) -> None:
        name, ref, org_type = data.pop("org")
        org = make_organisation(name, ref=ref, type=org_type)
        tx_type, tx_date, tx_value = data.pop("tx")
        indicators = data.pop("indicators")
        role = data.pop("role")
        initiative = make_initiative(
            **data,
            organisations=[(org, role)],
            transactions=[
                {"type": tx_type, "date": tx_date, "value": tx_value, "provider": org, "description_it": name}
            ],
            results=[{"title_it": name, "indicators": [{"title_it": name, "periods": []}] * indicators}],
        )
        out, findings = export()
        assert [f for f in findings if f.severity == "error"] == []
        root = assert_valid(out, self.shared_data)
        assert root.xpath("//iati-identifier/text()") == [f"XM-TEST-1-{initiative.identifier}"]
