"""The demo's conventions and acts: what facts.yaml says, with its sources, and what follows from
them (Torino's 2026 renewal continues its membership; warnings around the end of 2025)."""

import datetime as dt

import pytest
import yaml

from cocopa.members import queries, warnings
from cocopa.members.models import AdhesionAct, Convention, LocalAuthority, Membership

D = dt.date
TORINO = "001272"
pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(shared_data):
    return yaml.safe_load((shared_data / "cocopa" / "facts.yaml").read_text(encoding="utf-8"))


def convention_facts(facts):
    return {str(c["date"]): c for c in facts["governance"]["convention"]}


def test_the_uip_convention_of_1997_is_in_the_demo_with_its_sources(demo_network, facts):
    fact = convention_facts(facts)["1997"]
    uip = Convention.objects.get(kind=Convention.Kind.UIP)
    assert uip.start_on == D(1997, 2, 17)
    assert "1997-02-17" in fact["fact"]
    assert "23 mayors" in fact["fact"]
    assert uip.source.code in fact["sources"]
    assert uip.end_on is None  # not given by the facts
    # The 23 signatories of that day (S16) are the members on it.
    snapshot = next(s for s in facts["membership_snapshots"] if s["id"] == "uip_convention_1997")
    assert (
        len(snapshot["members"]) == 23 == queries.members_at(uip.start_on).filter(kind="municipality").count()
    )


def test_the_1999_amendments_are_torinos_act_under_the_uip_convention(demo_network, facts):
    fact = convention_facts(facts)["1999"]
    act = AdhesionAct.objects.get(authority__istat_code=TORINO, adopted_on__year=1999)
    assert (act.source.code, act.convention.kind, act.adopted_precision) == (fact["source"], "uip", "year")
    assert act.number in next(s["title"] for s in facts["sources"] if s["id"] == "S15")


def test_the_2011_2025_convention_has_its_term_and_notice_from_s44(demo_network, facts):
    fact = convention_facts(facts)["2011-01-01 to 2025-12-31"]
    leaving = facts["governance"]["leaving"][0]
    convention = Convention.objects.get(kind=Convention.Kind.MEMBERSHIP)
    assert (convention.start_on, convention.end_on) == (D(2011, 1, 1), D(2025, 12, 31))
    assert convention.source.code == fact["source"] == leaving["source"]
    assert f"{convention.withdrawal_notice_days} days" in leaving["fact"]


def test_torino_renewed_in_february_2026_and_its_membership_continues(demo_network, facts):
    fact = convention_facts(facts)["2026-02"]
    renewal = AdhesionAct.objects.get(authority__istat_code=TORINO, kind="renewal", adopted_on__year=2026)
    assert (renewal.adopted_label, renewal.source.code) == ("2026-02", fact["source"])
    assert renewal.convention is None  # the renewed convention's text and term are not in the facts
    [period] = Membership.objects.filter(authority__istat_code=TORINO)
    assert (period.start_on, period.end_on) == (D(1996, 3, 25), None)
    assert renewal.membership == period


def test_every_act_cites_a_source_and_the_2011_renewal_belongs_to_its_convention(demo_network):
    assert not AdhesionAct.objects.filter(source__isnull=True).exists()
    renewal_2011 = AdhesionAct.objects.get(authority__istat_code=TORINO, adopted_on=D(2011, 9, 12))
    assert renewal_2011.convention.kind == Convention.Kind.MEMBERSHIP


def subjects(found, kind):
    return {w.subject for w in found if w.kind == kind}


def test_the_convention_is_reported_as_expiring_at_the_end_of_2025(demo_network):
    assert subjects(warnings.conventions_expiring(D(2025, 12, 1), 60), "convention_expiring")
    assert not warnings.conventions_expiring(D(2026, 1, 1), 60)


def test_from_2026_only_torino_has_renewed(demo_network):
    members = set(queries.members_at(D(2026, 2, 15)).values_list("name", flat=True))
    missing_jan = subjects(warnings.members_without_renewal(D(2026, 1, 15)), "renewal_act_missing")
    missing_feb = subjects(warnings.members_without_renewal(D(2026, 2, 15)), "renewal_act_missing")
    torino = LocalAuthority.objects.get(istat_code=TORINO).name
    assert torino in missing_jan  # the renewal is dated February 2026 (month precision: 1 February)
    assert missing_feb == members - {torino}


def test_before_the_end_of_2025_torino_is_covered_by_its_2011_renewal(demo_network):
    missing = subjects(warnings.members_without_renewal(D(2025, 6, 1)), "renewal_act_missing")
    assert LocalAuthority.objects.get(istat_code=TORINO).name not in missing
    assert "Rivoli" not in missing  # rejoined by an act of 2024, under the 2011-2025 convention
