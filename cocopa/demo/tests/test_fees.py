from decimal import Decimal

import pytest

from cocopa.fees import services
from cocopa.fees.models import Assessment, FeeSchedule, Payment, Waiver


def test_the_demo_holds_only_the_attested_fee_rules_and_no_payments(demo_network):
    schedules = {s.year: s for s in FeeSchedule.objects.select_related("source")}

    assert {year: (s.kind, s.rate, s.source.code) for year, s in schedules.items()} == {
        2011: ("per_inhabitant", Decimal("0.06"), "S17"),
        2020: ("per_inhabitant", Decimal("0.06"), "S44"),
    }
    assert all("Attested" in s.notes and "not from a source" in s.notes for s in schedules.values())
    assert all(s.population_on is None for s in schedules.values())
    assert not Assessment.objects.exists()
    assert not Payment.objects.exists()
    assert not Waiver.objects.exists()


@pytest.mark.parametrize("year", [2011, 2020])
def test_the_attested_years_can_be_assessed_from_the_demo_populations(demo_network, year):
    result = services.assess_fees(year, actor=None)

    assert result.created > 0
    assert all(a.population for a in Assessment.objects.filter(year=year))
