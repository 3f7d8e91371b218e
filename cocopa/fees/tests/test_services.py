import datetime as dt
from decimal import Decimal

import pytest

from cocopa.core.errors import Conflict, DomainError
from cocopa.core.models import AuditEvent
from cocopa.fees import queries, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment, FeeSchedule, Payment, Waiver
from cocopa.governance import testing as gt
from cocopa.testing import make_membership

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return ft.make_finance_user()


def test_assessing_a_year_issues_one_fee_per_member_from_its_population(finance):
    rivoli = gt.make_member("Rivoli", 47_123)
    gt.make_member("Bruino", 8_500)
    ft.make_schedule(2026)

    result = services.assess_fees(2026, actor=finance)

    assert (result.created, result.already, result.total) == (2, 0, D("3337.38"))
    fee = Assessment.objects.get(authority=rivoli, year=2026)
    assert (fee.amount, fee.population, fee.code) == (
        D("2827.38"),
        47_123,
        f"COCOPA-2026-{rivoli.istat_code}",
    )
    assert fee.population_figure_id is not None
    assert Decimal(fee.rule["rate"]) == D("0.06")
    assert AuditEvent.objects.filter(verb="fees.assessed").count() == 1
    assert fee.history.count() == 1


def test_a_second_run_changes_nothing_and_says_so(finance):
    gt.make_member(population=10_000)
    schedule = ft.make_schedule(2026)
    services.assess_fees(2026, actor=finance)
    schedule.rate = D("1.00")
    schedule.save()

    again = services.assess_fees(2026, actor=finance)

    assert (again.changed, again.created, again.already) == (False, 0, 1)
    assert Assessment.objects.get().amount == D("600.00")
    assert AuditEvent.objects.filter(verb="fees.assessed").count() == 1


def test_a_member_joining_in_the_year_pays_pro_rata_and_a_former_member_nothing(finance):
    newcomer = gt.make_member(population=12_000, joined=dt.date(2026, 7, 15))
    left = gt.make_member(population=12_000, joined=dt.date(2000, 1, 1))
    left.memberships.update(end_on=dt.date(2025, 12, 31), end_basis="left")
    ft.make_schedule(2026, pro_rata=FeeSchedule.ProRata.MONTHS)

    services.assess_fees(2026, actor=finance)

    fee = Assessment.objects.get()
    assert fee.authority == newcomer
    assert (fee.joined_on, fee.full_year_amount, fee.amount) == (
        dt.date(2026, 7, 15),
        D("720.00"),
        D("360.00"),
    )


def test_a_member_leaving_during_the_year_owes_the_full_year(finance):
    member = gt.make_member(population=10_000)
    member.memberships.update(end_on=dt.date(2026, 3, 31), end_basis="left")
    ft.make_schedule(2026, pro_rata=FeeSchedule.ProRata.DAYS)
    services.assess_fees(2026, actor=finance)
    assert Assessment.objects.get().amount == D("600.00")


def test_without_a_schedule_nothing_is_assessed(finance):
    gt.make_member()
    with pytest.raises(DomainError) as err:
        services.assess_fees(2026, actor=finance)
    assert err.value.code == "no_fee_schedule"


def test_members_without_a_population_are_named_and_nothing_is_assessed(finance):
    gt.make_member("Alpha", 10_000)
    gt.make_member("Beta", None)
    ft.make_schedule(2026)

    with pytest.raises(services.MissingPopulation) as err:
        services.assess_fees(2026, actor=finance)

    assert err.value.code == "population_missing"
    assert err.value.names == ["Beta"]
    assert not Assessment.objects.exists()


def test_a_fixed_fee_needs_no_population(finance):
    gt.make_member("Beta", None)
    ft.make_schedule(2026, kind=FeeSchedule.Kind.PER_MEMBER, rate=None, amount=D("150"))
    services.assess_fees(2026, actor=finance)
    assert Assessment.objects.get().amount == D("150.00")


def test_only_the_administrative_office_assesses():
    gt.make_member()
    ft.make_schedule(2026)
    with pytest.raises(services.Forbidden):
        services.assess_fees(2026, actor=gt.make_office_user())


def test_partial_payments_waivers_and_the_balance_across_years(finance):
    member = gt.make_member()
    old = ft.make_assessment(member, 2025, "600")
    new = ft.make_assessment(member, 2026, "600")
    services.record_payment(
        actor=finance, authority=member, paid_on=dt.date(2026, 2, 1), amount=D("200"), assessment=old
    )
    services.waive(old, actor=finance, amount=D("100"), reason="flood")
    services.record_payment(actor=finance, authority=member, paid_on=dt.date(2026, 3, 1), amount=D("50"))

    [account] = queries.balances()

    assert (account.assessed, account.paid, account.waived, account.balance) == (
        D("1200"),
        D("250"),
        D("100"),
        D("850"),
    )
    # The unallocated 50 pays the oldest open year.
    assert account.open_years == [(2025, D("250")), (2026, D("600"))]
    assert queries.outstanding(new) == D("600")


def test_a_waiver_beyond_what_is_due_is_refused(finance):
    fee = ft.make_assessment(gt.make_member(), 2026, "600")
    ft.make_payment(fee.authority, "500", assessment=fee)
    with pytest.raises(DomainError) as err:
        services.waive(fee, actor=finance, amount=D("100.01"), reason="x")
    assert err.value.code == "waiver_exceeds_balance"
    assert not Waiver.objects.exists()


def test_a_payment_for_another_members_assessment_is_refused(finance):
    fee = ft.make_assessment(gt.make_member(), 2026, "600")
    with pytest.raises(DomainError) as err:
        services.record_payment(
            actor=finance,
            authority=gt.make_member(),
            paid_on=dt.date(2026, 1, 2),
            amount=D("1"),
            assessment=fee,
        )
    assert err.value.code == "assessment_of_another_member"


def test_an_archived_payment_leaves_the_accounts_but_stays_on_record(finance):
    fee = ft.make_assessment(gt.make_member(), 2026, "600")
    payment = ft.make_payment(fee.authority, "600", assessment=fee)

    services.archive_payment(payment, actor=finance, reason="entered twice")

    assert Payment.objects.filter(pk=payment.pk, archived_on__isnull=False).exists()
    assert queries.outstanding(fee) == D("600")
    with pytest.raises(Conflict) as err:
        services.archive_payment(payment, actor=finance, reason="again")
    assert err.value.code == "payment_already_archived"


def test_arrears_list_the_oldest_debt_first():
    recent = gt.make_member("Alpha")
    ft.make_assessment(recent, 2026, "100")
    oldest = gt.make_member("Beta")
    ft.make_assessment(oldest, 2024, "100")
    paid = gt.make_member("Gamma")
    fee = ft.make_assessment(paid, 2024, "100")
    ft.make_payment(paid, "100", assessment=fee)

    assert [b.authority for b in queries.arrears()] == [oldest, recent]


def test_members_due_follow_their_membership_periods():
    on_first_january = gt.make_member(joined=dt.date(2010, 1, 1))
    rejoined = gt.make_member(joined=dt.date(2010, 1, 1))
    rejoined.memberships.update(end_on=dt.date(2025, 6, 30), end_basis="left")
    make_membership(rejoined, dt.date(2026, 9, 1))

    due = queries.members_due(2026)

    assert due == {on_first_january.pk: None, rejoined.pk: dt.date(2026, 9, 1)}
