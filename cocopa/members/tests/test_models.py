import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cocopa.members.models import LocalAuthority, Membership
from cocopa.testing import make_authority, make_membership

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["1272", "0012720", "00127a", ""])
def test_an_istat_code_must_have_six_digits(code):
    town = LocalAuthority(kind=LocalAuthority.Kind.MUNICIPALITY, name="Torino", istat_code=code or None)
    with pytest.raises(ValidationError) as err:
        town.full_clean()
    assert "istat_code" in err.value.message_dict


def test_the_database_refuses_a_malformed_istat_code_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalAuthority.objects.create(name="X", istat_code="12345a")


def test_the_same_istat_code_cannot_be_used_twice():
    make_authority("Torino", istat_code="001272")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_authority("Torino bis", istat_code="001272")


def test_the_istat_code_starts_with_the_province_code():
    town = LocalAuthority(name="Torino", istat_code="001272", province_code="002")
    with pytest.raises(ValidationError) as err:
        town.full_clean()
    assert "province_code" in err.value.message_dict


def test_overlapping_periods_of_one_member_are_refused():
    rivoli = make_authority("Rivoli", joined=D(1995, 10, 4), left=D(2020, 12, 31))
    second = Membership(authority=rivoli, start_on=D(2020, 6, 1))
    with pytest.raises(ValidationError) as err:
        second.full_clean()
    assert [e.code for e in err.value.error_dict["__all__"]] == ["overlapping_period"]
    Membership(authority=rivoli, start_on=D(2024, 1, 1)).full_clean()


def test_a_period_cannot_end_before_it_starts_nor_end_without_saying_how():
    rivoli = make_authority("Rivoli")
    with pytest.raises(ValidationError):
        Membership(
            authority=rivoli, start_on=D(2020, 1, 1), end_on=D(2019, 1, 1), end_basis="left"
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(authority=rivoli, start_on=D(2020, 1, 1), end_on=D(2021, 1, 1))


def test_the_public_slug_is_the_istat_code_or_the_statistical_code():
    assert make_authority("Torino", istat_code="001272").slug == "001272"
    cm = LocalAuthority.objects.create(
        name="Città metropolitana di Torino", kind="province", statistical_code="201"
    )
    assert cm.slug == "province-201"


def test_membership_labels_keep_the_precision_of_the_source():
    rivoli = make_authority("Rivoli")
    period = make_membership(rivoli, D(2024, 1, 1))
    period.start_precision = "year"
    assert period.start_label == "2024"
