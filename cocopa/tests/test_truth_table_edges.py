"""The truth table at every edge: office pages, the staff API and the Django admin refuse every
"no" cell of cocopa/tests/test_roles.py, since all of them ask `user.has_perm`.

Django's stored model permissions grant nothing (cocopa.core.backends): a clerk holding
`view_payment` through a group still cannot open the fees admin.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cocopa.core import audit
from cocopa.core.models import AuditEvent
from cocopa.fees import testing as ft
from cocopa.governance import testing as gt
from cocopa.governance.models import Meeting

pytestmark = pytest.mark.django_db

ROLES = [
    "public",
    "plain",
    "representative",
    "board_member",
    "peace_office",
    "administrative_office",
    "superuser",
]


@pytest.fixture
def plain_user():
    return gt.make_user()


@pytest.fixture
def representative_user():
    return gt.make_members_with_representatives(1)[0][1].user


@pytest.fixture
def board_member_user():
    _body, seat = gt.make_board(5)
    person = gt.make_person(login=True)
    gt.make_mandate(seat, person, gt.make_members_with_representatives(1)[0][0], dt.date(2020, 1, 1))
    return person.user


@pytest.fixture
def peace_office_user():
    user = gt.make_office_user()
    user.is_staff = True  # a clerk who also uses the back office
    user.save()
    return user


@pytest.fixture
def administrative_office_user():
    user = ft.make_finance_user()
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser_user():
    return gt.make_user(superuser=True)


@pytest.fixture
def login(request, client):
    def as_role(role):
        if role != "public":
            name = "plain_user" if role == "plain" else f"{role}_user"
            client.force_login(request.getfixturevalue(name))
        return client

    return as_role


# Office pages: who gets the page (200); the public is sent to log in (302); the others get 403.
PAGES = {
    #                             public plain  rep   board peace admin super
    "office:dashboard":           (302,  403,   403,  403,  200,  200,  200),
    "office:meetings":            (302,  403,   403,  403,  200,  403,  200),
    "members_office:conventions":  (302,  403,   403,  403,  200,  403,  200),
    "fees:overview":              (302,  403,   403,  403,  403,  200,  200),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_the_office_pages_obey_the_table(login, role):
    client = login(role)
    for name, expected in PAGES.items():
        assert client.get(reverse(name)).status_code == expected[ROLES.index(role)], name


@pytest.mark.parametrize("role", ROLES)
def test_convening_is_refused_to_everyone_but_the_peace_office_and_writes_nothing(login, role):
    body = gt.make_assembly()
    client = login(role)
    response = client.post(
        reverse("office:convene"),
        {"body": body.pk, "starts_at": "2030-01-10T10:00", "convened_on": "2029-12-01"},
    )

    if role in {"peace_office", "superuser"}:
        assert response.status_code != 403  # past the gate; the form decides the rest
    else:
        assert response.status_code == (302 if role == "public" else 403)
        assert response.status_code != 302 or "/login/" in response["Location"]
        assert not Meeting.objects.exists()
        assert not AuditEvent.objects.exists()


# The Django admin: the apps a role sees on the index, and what it may do with one model per app.
ADMIN_APPS = {
    "public": None,  # sent to the admin's login page
    "plain": None,
    "representative": None,
    "board_member": None,
    "peace_office": {
        "core",
        "members",
        "network",
        "cooperation",
        "governance",
        "events",
        "education",
        "diplomacy",
        "campaigns",
    },
    "administrative_office": {"fees"},
}


@pytest.mark.parametrize("role", list(ADMIN_APPS))
def test_the_admin_index_lists_exactly_the_apps_the_role_has_rights_on(login, role, request):
    if role in {"representative", "board_member", "plain"}:
        # Give them the back office's door (is_staff): the rules still grant them nothing.
        user = request.getfixturevalue("plain_user" if role == "plain" else f"{role}_user")
        user.is_staff = True
        user.save()
    response = login(role).get(reverse("admin:index"))

    if ADMIN_APPS[role] is None:
        assert response.status_code == 302 or not response.context["app_list"]
    else:
        assert response.status_code == 200
        assert {app["app_label"] for app in response.context["app_list"]} == ADMIN_APPS[role]


ADMIN_MODELS = {
    #                          peace office  administrative office
    "governance_meeting":     (200,          403),
    "members_localauthority": (200,          403),
    "fees_payment":           (403,          200),
}  # fmt: skip


@pytest.mark.parametrize(("role", "column"), [("peace_office", 0), ("administrative_office", 1)])
@pytest.mark.parametrize("model", list(ADMIN_MODELS))
def test_the_admin_changelist_and_add_obey_the_table(login, role, column, model):
    client = login(role)
    expected = ADMIN_MODELS[model][column]

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == expected
    if expected == 403:
        assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_the_audit_trail_is_viewable_by_the_peace_office_and_changeable_by_nobody(login):
    client = login("peace_office")
    event = audit.record(None, "test.seen")

    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_the_administrative_office_cannot_read_the_audit_trail(login):
    assert login("administrative_office").get(reverse("admin:core_auditevent_changelist")).status_code == 403


def test_stored_group_permissions_grant_nothing(login, peace_office_user):
    group = Group.objects.create(name="clerks")
    group.permissions.add(Permission.objects.get(codename="view_payment"))
    peace_office_user.groups.add(group)

    assert not peace_office_user.has_perm("fees.view_payment")
    assert login("peace_office").get(reverse("admin:fees_payment_changelist")).status_code == 403


# The staff API: 401 without credentials; otherwise 200, rows filtered by fees.view_fees.
@pytest.mark.parametrize("role", ROLES)
def test_the_staff_api_answers_by_the_table(login, role):
    response = login(role).get("/api/v1/fees/assessments")

    assert response.status_code == (401 if role == "public" else 200)
