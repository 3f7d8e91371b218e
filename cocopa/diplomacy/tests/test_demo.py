"""The demo's city diplomacy rests on the shared facts: each agreement and mission cites its
source, uncertain ones say why, and no date is finer than its source gives."""

import pytest

from cocopa.diplomacy.models import Agreement, Mission

pytestmark = pytest.mark.django_db


def test_every_agreement_and_mission_cites_its_source_and_says_why_it_is_uncertain(demo_network):
    things = [*Agreement.objects.all(), *Mission.objects.all()]
    assert len(things) == 7
    for thing in things:
        assert thing.source is not None, thing
        if thing.uncertain:
            assert thing.uncertain_note_it, thing
            assert thing.uncertain_note_en, thing


def test_the_demo_missions_are_the_facts(demo_network):
    by_source = {m.source.code: m for m in Mission.objects.all()}
    senegal = by_source["S31"]
    assert (senegal.started_on.isoformat(), senegal.ended_on.isoformat()) == ("2025-10-28", "2025-11-04")
    assert sorted(m.name for m in senegal.members.all()) == ["Beinasco", "Rivoli"]
    assert not senegal.costs.exists()
    assert not senegal.participants.exists()
    assert by_source["S10"].started_on.isoformat() == "2017-02-21"
    assert by_source["S04"].country == "CH"
    assert by_source["S04"].uncertain
    anci = by_source["S11"]
    assert (anci.started_on_precision, anci.uncertain) == ("month", True)
    visit = by_source["S14"]
    assert visit.direction == Mission.Direction.INCOMING
    assert visit.uncertain


def test_the_ouahigouya_pact_has_only_the_year_the_source_gives(demo_network):
    pact = Agreement.objects.get(source__code="S14")
    assert pact.signed_on_precision == "year"
    assert pact.signed_on.year == 2017
    assert pact.act_body == ""
    assert pact.act_on is None
    assert pact.document is None
    assert [i.identifier for i in pact.initiatives.all()] == ["ne-yi-beeogo-burkina"]
