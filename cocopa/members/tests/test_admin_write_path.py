"""The admin cannot write acts or the periods they made around services.record_act
(docs/decisions/0007-one-write-path.md)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cocopa.core import testing as ct
from cocopa.members import services
from cocopa.members.models import AdhesionAct, Membership
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = ct.make_user(superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_an_act_cannot_be_added_in_the_admin(admin_client):
    town = make_authority("Comune", 10_000, joined=dt.date(2000, 1, 1))

    response = admin_client.post(
        reverse("admin:members_adhesionact_add"),
        {
            "authority": town.pk,
            "kind": "withdrawal",
            "effective_on": "2020-12-31",
            "adopted_precision": "day",
        },
    )

    assert response.status_code == 403
    assert not AdhesionAct.objects.exists()


def test_a_period_that_an_act_made_cannot_be_changed_or_deleted(admin_client):
    town = make_authority("Comune", 10_000, joined=dt.date(2010, 1, 1))
    act = services.record_act(town, actor=admin_client.user, kind="renewal", adopted_on=dt.date(2015, 1, 1))
    period = act.membership
    url = reverse("admin:members_membership_change", args=[period.pk])

    posted = admin_client.post(
        url, {"authority": town.pk, "start_on": "1990-01-01", "start_precision": "day"}
    )
    deleted = admin_client.post(reverse("admin:members_membership_delete", args=[period.pk]), {"post": "yes"})

    assert (posted.status_code, deleted.status_code) == (403, 403)
    period.refresh_from_db()
    assert period.start_on == dt.date(2010, 1, 1)
    assert reverse("members_office:member-acts", args=[town.pk]) in admin_client.get(url).content.decode()


def test_a_period_no_act_made_is_still_edited_but_cannot_overlap(admin_client):
    town = make_authority("Comune", 10_000, joined=dt.date(2010, 1, 1))
    Membership.objects.filter(authority=town).update(end_on=dt.date(2012, 12, 31), end_basis="left")

    response = admin_client.post(
        reverse("admin:members_membership_add"),
        {
            "authority": town.pk,
            "start_on": "2011-01-01",
            "start_precision": "day",
            "start_basis": "joined",
            "end_precision": "day",
        },
    )

    assert response.status_code == 200
    # The message in the admin's language (Italian by default), up to its placeholder.
    overlap = gettext("This period overlaps another period of the same authority: %(other)s.")
    assert overlap.split("%(other)s")[0] in response.content.decode()
    assert Membership.objects.filter(authority=town).count() == 1
