"""Acts and the membership periods they imply (services.record_act / apply_act), the warnings,
and the office's pages."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cocopa.core.errors import Conflict
from cocopa.core.models import AuditEvent
from cocopa.members import services, warnings
from cocopa.members.models import AdhesionAct, Convention
from cocopa.testing import make_authority, make_source

D = dt.date
Kind = AdhesionAct.Kind
pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return User.objects.create_user("office", is_staff=True, is_superuser=True)


@pytest.fixture
def convention_2011():
    return Convention.objects.create(
        title="Convention 2011-2025",
        kind=Convention.Kind.MEMBERSHIP,
        start_on=D(2011, 1, 1),
        end_on=D(2025, 12, 31),
        withdrawal_notice_days=120,
        source=make_source("S44"),
    )


def period_dates(authority):
    return [(p.start_on, p.end_on, p.end_basis) for p in authority.memberships.order_by("start_on")]


# --- Joining and renewing -----------------------------------------------------------------------


def test_an_adhesion_starts_a_period_on_the_day_it_comes_into_force(office):
    town = make_authority("Town")
    act = services.record_act(
        town, actor=office, kind=Kind.ADHESION, adopted_on=D(2012, 3, 1), in_force_on=D(2012, 3, 20)
    )
    assert period_dates(town) == [(D(2012, 3, 20), None, "")]
    assert act.membership == town.memberships.get()
    assert AuditEvent.objects.filter(verb="members.period_started", target_id=str(act.membership_id)).exists()


def test_an_adhesion_without_an_in_force_date_starts_on_its_adoption_with_its_precision(office):
    town = make_authority("Town")
    services.record_act(
        town, actor=office, kind=Kind.ADHESION, adopted_on=D(2024, 1, 1), adopted_precision="year"
    )
    period = town.memberships.get()
    assert (period.start_on, period.start_precision, period.start_basis) == (D(2024, 1, 1), "year", "joined")


def test_a_renewal_continues_the_period_in_force(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 3, 25))
    act = services.record_act(
        town, actor=office, kind=Kind.RENEWAL, adopted_on=D(2011, 9, 12), convention=convention_2011
    )
    assert period_dates(town) == [(D(1996, 3, 25), None, "")]
    assert act.membership == town.memberships.get()


def test_an_adhesion_after_leaving_starts_a_second_period(office):
    town = make_authority("Town", joined=D(1995, 10, 4), left=D(2020, 12, 31))
    services.record_act(town, actor=office, kind=Kind.ADHESION, adopted_on=D(2024, 5, 1))
    assert period_dates(town) == [(D(1995, 10, 4), D(2020, 12, 31), "left"), (D(2024, 5, 1), None, "")]


def test_an_adhesion_before_a_later_period_is_refused_as_overlapping(office):
    town = make_authority("Town", joined=D(2024, 5, 1))
    with pytest.raises(Conflict) as err:
        services.record_act(town, actor=office, kind=Kind.ADHESION, adopted_on=D(2020, 1, 1))
    assert err.value.code == "overlapping_period"
    assert not AdhesionAct.objects.exists()  # all or nothing


def test_an_act_without_a_date_cannot_start_a_period(office):
    town = make_authority("Town")
    with pytest.raises(Conflict) as err:
        services.record_act(town, actor=office, kind=Kind.ADHESION)
    assert err.value.code == "act_date_missing"


# --- Withdrawing --------------------------------------------------------------------------------


def test_a_withdrawal_with_enough_notice_ends_the_period_on_the_day_it_takes_effect(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    act = services.record_act(
        town,
        actor=office,
        kind=Kind.WITHDRAWAL,
        adopted_on=D(2020, 7, 20),
        notified_on=D(2020, 7, 30),
        effective_on=D(2020, 12, 31),
    )
    assert period_dates(town) == [(D(1996, 1, 1), D(2020, 12, 31), "left")]
    assert not act.notice_forced
    assert not AuditEvent.objects.filter(verb="members.withdrawal_notice_short").exists()


def test_a_withdrawal_inside_the_notice_period_is_refused_and_nothing_is_written(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    with pytest.raises(Conflict) as err:
        services.record_act(
            town,
            actor=office,
            kind=Kind.WITHDRAWAL,
            notified_on=D(2020, 9, 3),  # 119 days before
            effective_on=D(2020, 12, 31),
        )
    assert err.value.code == "withdrawal_notice_too_short"
    assert period_dates(town) == [(D(1996, 1, 1), None, "")]
    assert not AdhesionAct.objects.exists()


def test_a_withdrawal_without_a_notice_date_is_refused_under_a_notice_rule(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    with pytest.raises(Conflict) as err:
        services.record_act(town, actor=office, kind=Kind.WITHDRAWAL, effective_on=D(2020, 12, 31))
    assert err.value.code == "withdrawal_notice_unknown"


def test_a_forced_withdrawal_inside_the_notice_period_ends_the_period_and_is_flagged(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    act = services.record_act(
        town,
        actor=office,
        kind=Kind.WITHDRAWAL,
        notified_on=D(2020, 12, 1),
        effective_on=D(2020, 12, 31),
        force=True,
    )
    assert period_dates(town) == [(D(1996, 1, 1), D(2020, 12, 31), "left")]
    assert act.notice_forced
    event = AuditEvent.objects.get(verb="members.withdrawal_notice_short")
    assert (event.actor, event.data["code"], event.data["notice_days"]) == (
        office,
        "withdrawal_notice_too_short",
        120,
    )


def test_a_withdrawal_takes_the_notice_of_its_own_convention_first(office, convention_2011):
    other = Convention.objects.create(title="Short", start_on=D(2011, 1, 1), withdrawal_notice_days=10)
    town = make_authority("Town", joined=D(1996, 1, 1))
    services.record_act(
        town,
        actor=office,
        kind=Kind.WITHDRAWAL,
        convention=other,
        notified_on=D(2020, 12, 1),
        effective_on=D(2020, 12, 31),
    )
    assert period_dates(town)[0][1] == D(2020, 12, 31)


def test_a_withdrawal_needs_a_period_in_force_and_a_date(office):
    town = make_authority("Town")
    with pytest.raises(Conflict) as err:
        services.record_act(town, actor=office, kind=Kind.WITHDRAWAL, effective_on=D(2020, 12, 31))
    assert err.value.code == "no_period_in_force"
    with pytest.raises(Conflict) as err:
        services.record_act(town, actor=office, kind=Kind.WITHDRAWAL)
    assert err.value.code == "withdrawal_effective_date_missing"


def test_only_a_withdrawal_has_notice_and_effect_dates(office):
    town = make_authority("Town")
    with pytest.raises(Conflict) as err:
        services.record_act(
            town, actor=office, kind=Kind.ADHESION, adopted_on=D(2020, 1, 1), effective_on=D(2020, 2, 1)
        )
    assert err.value.code == "invalid_act"


# --- Warnings -----------------------------------------------------------------------------------


def kinds(found):
    return [(w.kind, w.subject) for w in found]


@pytest.mark.parametrize(
    ("today", "expiring"),
    [
        (D(2025, 9, 1), False),  # 121 days before the end
        (D(2025, 9, 2), True),
        (D(2025, 12, 31), True),
        (D(2026, 1, 1), False),
        (D(2026, 2, 15), False),
    ],
)
def test_a_convention_is_reported_within_the_days_before_it_expires(convention_2011, today, expiring):
    found = kinds(warnings.conventions_expiring(today, 120))
    assert (found == [("convention_expiring", "Convention 2011-2025")]) is expiring


def test_members_without_an_act_under_the_convention_in_force_are_reported(office, convention_2011):
    renewed = make_authority("Renewed", joined=D(1996, 1, 1))
    services.record_act(
        renewed, actor=office, kind=Kind.RENEWAL, adopted_on=D(2011, 9, 12), convention=convention_2011
    )
    make_authority("Silent", joined=D(1996, 1, 1))
    make_authority("Former", joined=D(1996, 1, 1), left=D(2005, 1, 1))

    assert kinds(warnings.members_without_renewal(D(2025, 6, 1))) == [("renewal_act_missing", "Silent")]


def test_after_the_convention_expired_members_without_a_new_renewal_are_reported(office, convention_2011):
    torino = make_authority("Torino", joined=D(1996, 3, 25))
    services.record_act(
        torino, actor=office, kind=Kind.RENEWAL, adopted_on=D(2011, 9, 12), convention=convention_2011
    )
    other = make_authority("Other", joined=D(1996, 3, 25))
    services.record_act(
        other, actor=office, kind=Kind.RENEWAL, adopted_on=D(2011, 9, 12), convention=convention_2011
    )

    assert kinds(warnings.members_without_renewal(D(2025, 12, 31))) == []
    assert kinds(warnings.members_without_renewal(D(2026, 1, 1))) == [
        ("renewal_act_missing", "Other"),
        ("renewal_act_missing", "Torino"),
    ]
    services.record_act(
        torino, actor=office, kind=Kind.RENEWAL, adopted_on=D(2026, 2, 1), adopted_precision="month"
    )
    assert kinds(warnings.members_without_renewal(D(2026, 2, 15))) == [("renewal_act_missing", "Other")]


def test_without_any_convention_nobody_is_reported_for_a_missing_renewal():
    make_authority("Town", joined=D(1996, 1, 1))
    assert warnings.members_without_renewal(D(2026, 1, 1)) == []


def test_a_forced_withdrawal_is_reported_until_it_takes_effect(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    services.record_act(
        town,
        actor=office,
        kind=Kind.WITHDRAWAL,
        notified_on=D(2025, 11, 1),
        effective_on=D(2025, 12, 31),
        force=True,
    )
    assert kinds(warnings.withdrawals_inside_notice(D(2025, 11, 2))) == [("withdrawal_notice_short", "Town")]
    assert warnings.withdrawals_inside_notice(D(2026, 1, 1)) == []


def test_archived_acts_do_not_count_as_renewals(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    act = services.record_act(
        town, actor=office, kind=Kind.RENEWAL, adopted_on=D(2011, 9, 12), convention=convention_2011
    )
    assert warnings.members_without_renewal(D(2025, 6, 1)) == []
    services.archive_act(act, actor=office)
    assert kinds(warnings.members_without_renewal(D(2025, 6, 1))) == [("renewal_act_missing", "Town")]
    with pytest.raises(Conflict) as err:
        services.apply_act(act, actor=office)
    assert err.value.code == "act_archived"


# --- The office's pages -------------------------------------------------------------------------


def test_the_office_sees_the_conventions_and_the_warnings(client, office, convention_2011):
    make_authority("Silent", joined=D(1996, 1, 1))
    client.force_login(office)
    response = client.get(reverse("members_office:conventions"))
    assert response.status_code == 200
    assert response.context["conventions"].get() == convention_2011
    assert b'data-kind="renewal_act_missing"' in response.content


def test_a_members_acts_page_lists_its_acts(client, office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    act = services.record_act(
        town, actor=office, kind=Kind.RENEWAL, adopted_on=D(2011, 9, 12), convention=convention_2011
    )
    client.force_login(office)
    response = client.get(reverse("members_office:member-acts", args=[town.pk]))
    assert response.status_code == 200
    assert list(response.context["acts"]) == [act]


def test_outside_the_office_the_pages_are_forbidden(client, db):
    client.force_login(User.objects.create_user("someone"))
    assert client.get(reverse("members_office:conventions")).status_code == 403
    client.logout()
    assert client.get(reverse("members_office:conventions")).status_code == 302
