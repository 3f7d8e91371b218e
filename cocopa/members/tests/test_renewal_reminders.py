"""Issue 13, point 4: a member whose convention was renewed, or who joined this year, is not
reported as expired; a convention followed by the next is not "expiring"."""

import datetime as dt

import pytest

from cocopa.members import conventions, services, warnings
from cocopa.members.models import AdhesionAct, Convention
from cocopa.members.tests.test_acts import kinds
from cocopa.testing import make_authority

D = dt.date
Kind = AdhesionAct.Kind


@pytest.mark.parametrize(
    ("end_on", "later", "expected"),
    [
        (D(2025, 12, 31), [D(2026, 1, 1)], True),  # the next one starts the day after
        (D(2025, 12, 31), [D(2025, 12, 31)], False),  # starts before the end: not after it
        (D(2025, 12, 31), [D(2026, 1, 2)], False),  # a one-day gap: not renewed
        (D(2025, 12, 31), [D(2011, 1, 1)], False),  # only itself (or older ones)
        (None, [D(2026, 1, 1)], False),
    ],
)
def test_a_convention_is_succeeded_when_the_next_starts_the_day_after(end_on, later, expected):
    assert conventions.succeeded(end_on, later) is expected


@pytest.fixture
def office(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("office", "o@example.org", "x")


@pytest.fixture
def convention_2011(db):
    return Convention.objects.create(
        title="Convention 2011-2025",
        start_on=D(2011, 1, 1),
        end_on=D(2025, 12, 31),
        withdrawal_notice_days=120,
    )


def test_a_renewed_convention_is_not_expiring(convention_2011):
    assert kinds(warnings.conventions_expiring(D(2025, 12, 1), 60)) == [
        ("convention_expiring", "Convention 2011-2025")
    ]
    Convention.objects.create(title="Convention 2026", start_on=D(2026, 1, 1))
    assert warnings.conventions_expiring(D(2025, 12, 1), 60) == []


def test_a_renewal_of_the_expired_convention_counts(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    services.record_act(
        town, actor=office, kind=Kind.RENEWAL, adopted_on=D(2026, 2, 10), convention=convention_2011
    )
    assert warnings.members_without_renewal(D(2026, 3, 1)) == []


def test_a_renewal_adopted_before_the_expiry_in_force_after_it_counts(office, convention_2011):
    town = make_authority("Town", joined=D(1996, 1, 1))
    services.record_act(
        town, actor=office, kind=Kind.RENEWAL, adopted_on=D(2025, 11, 20), in_force_on=D(2026, 1, 1)
    )
    assert warnings.members_without_renewal(D(2026, 3, 1)) == []


def test_a_member_that_joined_this_year_is_not_expired(office, convention_2011):
    make_authority("Newcomer", joined=D(2026, 3, 1))
    make_authority("Old", joined=D(1996, 1, 1))
    assert kinds(warnings.members_without_renewal(D(2026, 6, 1))) == [("renewal_act_missing", "Old")]
