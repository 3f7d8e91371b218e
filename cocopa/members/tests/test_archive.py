"""Authorities and acts are archived, never deleted: out of lists, statistics and the API, still
in the back office and its history."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cocopa.core.errors import Conflict
from cocopa.core.models import AuditEvent
from cocopa.members import queries, services
from cocopa.members.models import AdhesionAct, LocalAuthority
from cocopa.testing import make_authority, make_size_classes

D = dt.date
DAY = D(2020, 6, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_user("office", is_staff=True, is_superuser=True)


@pytest.fixture
def towns():
    make_size_classes()
    kept = make_authority("Kept", 12_000, joined=D(2000, 1, 1))
    gone = make_authority("Gone", 40_000, joined=D(2000, 1, 1))
    return kept, gone


def test_an_archived_authority_leaves_the_member_list_and_the_statistics(towns, staff):
    kept, gone = towns
    before = queries.statistics(DAY)
    services.archive_authority(gone, actor=staff)

    assert list(queries.members_at(DAY)) == [kept]
    after = queries.statistics(DAY)
    assert (before.members, after.members) == (2, 1)
    assert before.population_represented - after.population_represented == 40_000
    assert queries.by_slug(gone.slug).count() == 0


def test_an_archived_authority_leaves_the_public_api(client, towns, staff):
    kept, gone = towns
    services.archive_authority(gone, actor=staff)
    listed = client.get("/api/v1/members", {"at": DAY.isoformat(), "page_size": 500}).json()["items"]
    assert [m["slug"] for m in listed] == [kept.slug]
    assert client.get(f"/api/v1/members/{gone.slug}").status_code == 404


def test_an_archived_authority_stays_in_the_database_history_and_audit(towns, staff):
    _, gone = towns
    services.archive_authority(gone, actor=staff)

    gone.refresh_from_db()
    assert (gone.archived_on is not None, gone.archived_by) == (True, staff)
    assert gone.memberships.count() == 1
    assert gone.history.first().archived_on == gone.archived_on
    event = AuditEvent.objects.get(verb="members.authority_archived")
    assert (event.actor, event.target_id) == (staff, str(gone.pk))


def test_an_authority_is_archived_once(towns, staff):
    _, gone = towns
    services.archive_authority(gone, actor=staff)
    with pytest.raises(Conflict) as err:
        services.archive_authority(gone, actor=staff)
    assert err.value.code == "already_archived"


def test_an_archived_act_leaves_the_members_record_but_not_the_database(towns, staff):
    kept, _ = towns
    act = services.record_act(kept, actor=staff, kind=AdhesionAct.Kind.RENEWAL, adopted_on=D(2011, 9, 12))
    services.archive_act(act, actor=staff)

    [page] = queries.with_record(queries.with_standing(queries.by_slug(kept.slug), DAY))
    assert list(page.acts.all()) == []
    assert AdhesionAct.objects.filter(pk=act.pk).exists()
    assert kept.memberships.count() == 1  # the period it shaped stays
    assert AuditEvent.objects.filter(verb="members.act_archived", target_id=str(act.pk)).exists()


@pytest.mark.parametrize("model", [LocalAuthority, AdhesionAct])
def test_the_back_office_cannot_delete_authorities_or_acts(client, towns, staff, model):
    kept, _ = towns
    row = kept if model is LocalAuthority else AdhesionAct.objects.create(authority=kept, kind="renewal")
    client.force_login(staff)
    meta = model._meta
    response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[row.pk]))
    assert response.status_code == 403
    changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    actions = [name for name, _label in changelist.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert "archive" in actions
    assert model.objects.filter(pk=row.pk).exists()


def test_the_back_office_archives_authorities_with_an_action(client, towns, staff):
    _, gone = towns
    client.force_login(staff)
    response = client.post(
        reverse("admin:members_localauthority_changelist"),
        {"action": "archive", "_selected_action": [gone.pk]},
    )
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.archived_by == staff


def test_the_back_office_archives_acts_with_an_action(client, towns, staff):
    kept, _ = towns
    act = AdhesionAct.objects.create(authority=kept, kind="renewal")
    client.force_login(staff)
    client.post(
        reverse("admin:members_adhesionact_changelist"), {"action": "archive", "_selected_action": [act.pk]}
    )
    act.refresh_from_db()
    assert act.archived_on is not None
