"""Good standing: the one definition governance asks (members/README.md, "Good standing")."""

import datetime as dt

import pytest

from cocopa.members.queries import members_in_good_standing
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


def test_good_standing_is_membership_on_the_day_less_the_arrears_the_fees_supply():
    member = make_authority("Member", joined=dt.date(1996, 1, 1))
    late = make_authority("Late payer", joined=dt.date(1996, 1, 1))
    make_authority("Newcomer", joined=dt.date(2030, 1, 1))
    archived = make_authority("Archived", joined=dt.date(1996, 1, 1))
    archived.archived_on = dt.date(2020, 1, 1)
    archived.save(update_fields=["archived_on"])
    day = dt.date(2025, 6, 1)

    assert list(members_in_good_standing(day)) == [late, member]
    # The default passes no arrears; the fees layer may pass some.
    assert list(members_in_good_standing(day, in_arrears={late.pk})) == [member]
