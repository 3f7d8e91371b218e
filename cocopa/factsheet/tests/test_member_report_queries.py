"""A member's yearly report read from built registers: each section holds what the register
holds for that member and year (and nothing of another year), in a bounded number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cocopa.factsheet import report_queries
from cocopa.factsheet.testing import MemberYear, make_member_year
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db

YEAR = 2024
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def built() -> MemberYear:
    return make_member_year(YEAR)


def report(built: MemberYear, year: int = YEAR, *, show_fee: bool = True) -> report_queries.MemberReport:
    # In English: the roles' and votes' labels are compared as words (Italian is the default).
    with translation.override("en"):
        return report_queries.member_report(built.member, year, show_fee=show_fee, today=TODAY)


def test_the_fee_is_the_ledgers_assessed_paid_and_paid_on(built):
    fee = report(built).fee
    assert fee is not None
    assert fee.assessment is not None
    assert (fee.assessment.amount, fee.assessment.paid, fee.assessment.balance) == (
        Decimal("600.00"), Decimal("450.00"), Decimal("150.00"),
    )  # fmt: skip
    assert [(p.paid_on, p.amount) for p in fee.payments] == [
        (dt.date(YEAR, 3, 10), Decimal("300.00")),
        (dt.date(YEAR, 9, 1), Decimal("150.00")),
    ]
    assert report(built, YEAR - 1).fee.assessment is None  # no fee recorded that year


def test_without_the_right_the_fee_is_not_even_read(built):
    found = report(built, show_fee=False)
    assert found.fee is None
    assert found.fee_shown is False


def test_the_initiative_with_the_years_budget_and_the_members_recorded_share(built):
    lines = report(built).initiatives
    assert [line.initiative.title_en for line in lines] == [built.names["initiative"]]
    line = lines[0]
    assert line.budget.totals == {"EUR": Decimal(12_000)}  # the revised budget replaces the original
    assert [(s.role, s.percent) for s in line.shares] == [("funding", Decimal(25))]
    assert line.contributions == {"EUR": Decimal(3_000)}  # the year before's 999 is not this year's
    # The initiative that ended two years before is in its own years only.
    older = report(built, YEAR - 3).initiatives
    assert built.names["old_initiative"] in [line.initiative.title_en for line in older]


def test_events_of_the_year_with_a_month_only_date_and_not_the_year_befores(built):
    lines = report(built).events
    assert [line.event.title_en for line in lines] == [built.names["event"]]
    assert lines[0].held_here
    assert not lines[0].organised
    assert lines[0].event.start_precision == "month"
    before = report(built, YEAR - 1).events
    assert [(line.event.title_en, line.took_part) for line in before] == [(built.names["old_event"], True)]


def test_schools_of_the_two_school_years_the_calendar_year_touches(built):
    schools = report(built).schools
    assert schools.school_years == [f"{YEAR - 1}/{str(YEAR)[2:]}", f"{YEAR}/{str(YEAR + 1)[2:]}"]
    assert (schools.total.activities, schools.total.pupils, schools.total.classes) == (2, 65, 3)
    assert [(line.key, line.reach.pupils) for line in schools.by_level] == [
        ("primaria", 40),
        ("secondaria-1", 25),
    ]
    assert [(line.key, line.reach.pupils) for line in schools.by_topic] == [("justice", 40)]
    # A year with nothing recorded has no lines (the page says so), never zeros.
    empty = report(built, YEAR + 2).schools
    assert not empty.recorded
    assert empty.by_school_year == []


def test_missions_and_agreements_in_force(built):
    found = report(built)
    assert [(line.mission.title_en, line.people) for line in found.missions] == [
        (built.names["mission"], ["Anna Esempio, Sindaca"])
    ]
    assert [a.title_en for a in found.agreements] == [built.names["agreement"]]
    # The pact that ended before the year began is in force in its own years.
    assert built.names["ended_agreement"] in [a.title_en for a in report(built, YEAR - 2).agreements]
    assert report(built, YEAR - 1).missions == []


def test_campaign_adopted_in_the_year(built):
    assert [a.campaign.name_en for a in report(built).campaigns] == [built.names["campaign"]]
    assert report(built, YEAR - 1).campaigns == []


def test_resolutions_it_voted_on_with_its_vote_only_when_not_secret(built):
    lines = report(built).resolutions
    assert [(line.resolution.number, line.vote, line.by_proxy) for line in lines] == [
        (1, "against", False),
        (2, None, True),
    ]
    assert lines[1].secret
    # The other member's report has its own vote, not this member's.
    with translation.override("en"):
        other = report_queries.member_report(built.other, YEAR, show_fee=False, today=TODAY)
    assert [(line.resolution.number, line.vote) for line in other.resolutions] == [(1, "for")]


def test_unpublished_resolutions_are_not_in_the_report(built):
    from cocopa.governance.models import Resolution

    Resolution.objects.filter(number=1).update(published=False)
    assert [line.resolution.number for line in report(built).resolutions] == [2]


def test_the_years_offered_are_those_with_data(built):
    years = report_queries.years_with_data(built.member, TODAY)
    assert years == sorted(years, reverse=True)
    assert {YEAR - 8, YEAR - 3, YEAR - 1, YEAR, YEAR + 1, TODAY.year - 1} <= set(years)
    assert max(years) <= TODAY.year


def test_an_authority_with_nothing_recorded_has_an_empty_report():
    nobody = make_authority("Comune senza nulla", 1_000, joined=dt.date(2010, 1, 1))
    found = report_queries.member_report(nobody, YEAR, show_fee=True, today=TODAY)
    assert found.member_in_year
    assert found.fee.assessment is None
    assert not any([found.initiatives, found.events, found.missions, found.agreements, found.campaigns,
                    found.resolutions, found.schools.recorded])  # fmt: skip
    assert not report_queries.member_report(nobody, 2005, show_fee=False, today=TODAY).member_in_year


def count_queries(built: MemberYear) -> int:
    with CaptureQueriesContext(connection) as captured:
        report(built)
    return len(captured)


def add_more_of_everything(built: MemberYear) -> None:
    """A second thing of each register for the same member and year."""
    from cocopa.campaigns.models import Adoption
    from cocopa.campaigns.testing import make_campaign
    from cocopa.cooperation.models import Organisation, Participation
    from cocopa.cooperation.testing import make_initiative
    from cocopa.diplomacy.testing import make_agreement, make_mission, make_partner
    from cocopa.events.testing import make_event

    organisation = Organisation.objects.get(authority=built.member)
    for n in range(3):
        make_initiative(title_it=f"Altra {n}", actual_start=dt.date(YEAR, 2, 1),
                        organisations=[(organisation, Participation.Role.IMPLEMENTING)])  # fmt: skip
        make_event(title_it=f"Evento {n}", start=f"{YEAR}-06-0{n + 1}", organisers=[built.member])
        make_mission(title_it=f"Missione {n}", started_on=str(YEAR), members=[built.member])
        make_agreement(title_it=f"Patto {n}", signed_on=f"{YEAR}-01", members=[built.member],
                       foreign_authorities=[make_partner(f"Città {n}")])  # fmt: skip
        Adoption.objects.create(campaign=make_campaign(name_it=f"Campagna {n}"), member=built.member,
                                adopted_on=dt.date(YEAR, 9, n + 1))  # fmt: skip


def test_the_number_of_queries_does_not_grow_with_the_record(built):
    before = count_queries(built)
    add_more_of_everything(built)
    after = report(built)
    assert len(after.initiatives) == 4
    assert len(after.events) == 4
    assert len(after.missions) == 4
    assert count_queries(built) == before
    assert before <= 30
