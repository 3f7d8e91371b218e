"""Each activity's `last-updated-datetime` is when its initiative last changed (issue 15, 6a)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from lxml import etree

from cocopa.cooperation import iati, iati_source, iati_updated
from cocopa.cooperation.models import Budget, IndicatorPeriod, Initiative, Organisation
from cocopa.cooperation.testing import make_initiative, make_organisation

REPORTING = iati.ReportingOrg(ref="XM-TEST-1", name="Co.Co.Pa.", type="11")
CREATED = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 5, 2, 17, 30, tzinfo=dt.UTC)
EXPORTED = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)


def stamps() -> dict[str, str]:
    chunks = iati.iter_activities(
        iati_source.read(),
        reporting=REPORTING,
        generated_at=EXPORTED,
        last_updated=iati_updated.last_changed(),
    )
    root = etree.fromstring(b"".join(chunks))
    return {
        a.findtext("iati-identifier").removeprefix("XM-TEST-1-"): a.get("last-updated-datetime", "")
        for a in root.iter("iati-activity")
    }


@pytest.mark.django_db
def test_the_date_is_the_initiative_s_last_change_not_the_export_time():
    with time_machine.travel(CREATED, tick=False):
        make_initiative("uno")
        make_initiative("due")
    with time_machine.travel(LATER, tick=False):
        Initiative.objects.get(identifier="due").save()

    assert stamps() == {"uno": "2024-03-01T09:00:00+00:00", "due": "2025-05-02T17:30:00+00:00"}


@pytest.mark.django_db
def test_a_change_or_deletion_of_a_related_row_or_a_partner_moves_the_date():
    with time_machine.travel(CREATED, tick=False):
        partner = make_organisation("Partner")
        budget_of = make_initiative(
            "budget", budgets=[(dt.date(2024, 1, 1), dt.date(2024, 12, 31), Decimal(10))]
        )
        make_initiative("partner", organisations=[(partner, "4")])
        make_initiative("quiet")
    with time_machine.travel(LATER, tick=False):
        Budget.objects.filter(initiative=budget_of).get().delete()
        org = Organisation.objects.get(pk=partner.pk)
        org.name = "Partner renamed"
        org.save()

    found = stamps()
    assert found["budget"] == found["partner"] == "2025-05-02T17:30:00+00:00"
    assert found["quiet"] == "2024-03-01T09:00:00+00:00"


@pytest.mark.django_db
def test_without_history_the_attribute_is_left_out(django_assert_max_num_queries):
    make_initiative("senza-storia")
    for model in apps.get_app_config("cooperation").get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()

    with django_assert_max_num_queries(20):
        assert iati_updated.last_changed() == {}
    assert stamps() == {"senza-storia": ""}


@pytest.mark.django_db
def test_one_statement_gives_each_initiative_its_history_s_latest_change(django_assert_num_queries):
    """An indicator period's change dates its initiative through its indicator and result; a
    transaction's provider renamed dates the transaction's initiative; all in one query."""
    steps = [CREATED + dt.timedelta(days=d) for d in range(5)]
    with time_machine.travel(steps[0], tick=False):
        provider = make_organisation("Provider")
        period = (dt.date(2024, 1, 1), dt.date(2024, 12, 31), Decimal(5), None)
        results = [{"title_it": "R", "type": "1", "indicators": [{"title_it": "I", "periods": [period]}]}]
        make_initiative("measured", results=results)
        make_initiative(
            "funded",
            transactions=[
                {"type": "1", "date": dt.date(2024, 2, 1), "value": Decimal(3), "provider": provider}
            ],
        )
        make_initiative("other")
    with time_machine.travel(steps[2], tick=False):
        changed = IndicatorPeriod.objects.get(indicator__result__initiative__identifier="measured")
        changed.actual = Decimal(4)
        changed.save()
    with time_machine.travel(steps[3], tick=False):
        provider.name = "Provider renamed"
        provider.save()
    with time_machine.travel(steps[4], tick=False):
        Initiative.objects.get(identifier="other").delete()

    with django_assert_num_queries(1):
        found = iati_updated.last_changed()

    assert found == {"measured": steps[2], "funded": steps[3]}
    assert all(when.tzinfo is not None for when in found.values())
