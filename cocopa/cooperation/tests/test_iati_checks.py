"""The checks before the IATI export: each rule, on a minimal initiative, names the field to fix."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocopa.cooperation import iati, iati_checks, queries
from cocopa.cooperation.iati_checks import Finding
from cocopa.cooperation.models import Initiative, Transaction
from cocopa.cooperation.testing import make_field_of_action, make_initiative, make_organisation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 15)


def findings(initiative: Initiative) -> list[Finding]:
    return iati_checks.check([queries.initiatives_for_export().get(pk=initiative.pk)], today=TODAY)


def rules(initiative: Initiative) -> set[tuple[str, str, str]]:
    return {(f.field, f.rule, f.severity) for f in findings(initiative)}


def test_a_complete_initiative_has_no_findings():
    assert findings(make_initiative()) == []


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"actual_start": None}, "planned_start", "start_date_missing"),
        (
            {"actual_start": TODAY + dt.timedelta(days=1), "planned_end": None},
            "actual_start",
            "actual_date_in_future",
        ),
        ({"actual_end": dt.date(2027, 12, 31)}, "actual_end", "actual_date_in_future"),
        (
            {"actual_start": dt.date(2020, 5, 1), "actual_end": dt.date(2020, 4, 30)},
            "actual_end",
            "end_before_start",
        ),
        (
            {"planned_start": dt.date(2021, 1, 1), "planned_end": dt.date(2020, 1, 1)},
            "planned_end",
            "end_before_start",
        ),
        ({"status": ""}, "status", "status_missing"),
        ({"status": "9"}, "status", "unknown_code"),
        ({"title_it": "", "title_en": ""}, "title", "title_missing"),
        ({"description_it": "", "description_en": ""}, "description", "description_missing"),
        (
            {"countries": [("BF", Decimal(60)), ("ML", Decimal(30))]},
            "countries.percentage",
            "recipient_percentages_not_100",
        ),
        ({"countries": [("BF", Decimal(60)), "ML"]}, "countries.percentage", "recipient_percentages_not_100"),
        ({"countries": ["QQ"]}, "countries[0].code", "unknown_code"),
        ({"organisations": []}, "participations", "participating_org_missing"),
        (
            {"budgets": [(dt.date(2020, 1, 1), dt.date(2021, 1, 1), Decimal(100))]},
            "budgets[0].period_end",
            "budget_period_too_long",
        ),
        (
            {"budgets": [(dt.date(2020, 6, 1), dt.date(2020, 5, 1), Decimal(100))]},
            "budgets[0].period_end",
            "budget_end_before_start",
        ),
        (
            {"transactions": [{"type": "3", "date": TODAY + dt.timedelta(days=2), "value": Decimal(1)}]},
            "transactions[0].date",
            "transaction_date_in_future",
        ),
        (
            {"transactions": [{"type": "99", "date": TODAY, "value": Decimal(1)}]},
            "transactions[0].type",
            "unknown_code",
        ),
        (
            {"results": [{"title_it": "Pozzi", "indicators": []}]},
            "results[0].indicators",
            "result_without_indicator",
        ),
        (
            {"documents": [{"url": "https://example.org", "title_it": "x", "category": "Z99"}]},
            "documents[0].category",
            "unknown_code",
        ),
    ],  # fmt: skip
)
def test_each_rule_names_the_initiative_and_the_field_to_fix(changes: dict[str, Any], field: str, rule: str):
    initiative = make_initiative("to-fix", **changes)
    found = findings(initiative)
    assert (field, rule, "error") in {(f.field, f.rule, f.severity) for f in found}
    assert {f.initiative for f in found} == {"to-fix"}
    assert all(f.message for f in found)


def test_a_participating_organisation_needs_a_ref_or_a_name():
    unnamed = make_organisation("", ref="", type="")
    assert ("participations[0].organisation", "participating_org_unnamed", "error") in rules(
        make_initiative(organisations=[(unnamed, "4")])
    )
    assert rules(make_initiative(organisations=[(make_organisation("", ref="XM-DAC-41114"), "4")])) == set()


def test_an_unknown_organisation_type_or_role_is_an_error():
    odd = make_organisation("Comune", type="99")
    assert {("participations[0].organisation.type", "unknown_code", "error"), ("participations[0].role", "unknown_code", "error")} <= rules(
        make_initiative(organisations=[(odd, "7")])
    )  # fmt: skip


def test_a_budget_of_exactly_one_year_passes_even_across_a_leap_day():
    initiative = make_initiative(
        budgets=[
            (dt.date(2020, 1, 1), dt.date(2020, 12, 31), Decimal(1)),
            (dt.date(2020, 2, 29), dt.date(2021, 2, 28), Decimal(1)),
        ]
    )
    assert rules(initiative) == set()


def test_an_initiative_without_sectors_gets_a_warning_and_is_still_exported():
    initiative = make_initiative("no-sector", fields=[])
    found = findings(initiative)
    assert [(f.field, f.rule, f.severity) for f in found] == [
        ("fields_of_intervention", "sector_missing", "warning")
    ]
    kept: list[Finding] = []
    assert list(iati_checks.exportable(queries.initiatives_for_export(), kept, today=TODAY)) == [initiative]
    assert kept == found


def test_the_fields_of_action_give_the_sectors_when_there_are_no_fields_of_intervention():
    initiative = make_initiative(fields=[], fields_of_action=[make_field_of_action(code="15220")])
    assert rules(initiative) == set()
    assert iati.sector_codes(queries.initiatives_for_export().get(pk=initiative.pk)) == ["15220"]


def test_an_initiative_with_errors_is_not_exportable_and_its_findings_are_kept():
    make_initiative("fine")
    make_initiative("broken", status="", actual_start=None)
    kept: list[Finding] = []
    exported = [
        i.identifier for i in iati_checks.exportable(queries.initiatives_for_export(), kept, today=TODAY)
    ]
    assert exported == ["fine"]
    assert {(f.initiative, f.rule) for f in kept} == {
        ("broken", "status_missing"),
        ("broken", "start_date_missing"),
    }


def test_a_finding_reads_as_a_line_with_the_initiative_the_field_and_the_rule():
    finding = Finding("acqua", "status", "status_missing", "set the status")
    assert str(finding) == "error: acqua: status: set the status [status_missing]"


def test_a_transaction_type_the_model_offers_is_an_official_code():
    assert all(iati_checks.codelists.is_valid("TransactionType", t) for t in Transaction.Type.values)


@given(st.integers(min_value=1, max_value=300))
def test_an_equal_split_always_sums_exactly_to_100(n: int):
    shares = iati.equal_split(n)
    assert len(shares) == n
    assert sum(shares) == 100
    assert max(shares) - min(shares) <= Decimal("0.01")
