"""Every role × every action, as one explicit truth table over `user.has_perm` (the rules each
app registers in its permissions.py; cocopa.core.roles and cocopa.governance.roles for the roles).

The same table is then tried at every edge where a person meets each action (office and
self-service pages, the staff API, the Django admin): `test_every_edge_gives_the_tables_answer`.
cocopa/tests/test_api_roles.py checks that the fees API returns exactly the members this
table lets each role read, so pages, API and rules cannot drift apart.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from django.utils import timezone

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP, PEACE_OFFICE_GROUP, Role, rule_allows
from cocopa.fees import testing as ft
from cocopa.fees.permissions import fee_members_visible, restrict_to_fee_members
from cocopa.governance import testing as gt
from cocopa.governance.roles import roles_of

pytestmark = pytest.mark.django_db

ROLES = [
    "public",
    "user",
    "representative_a",
    "board_member",
    "peace_office",
    "administrative_office",
    "superuser",
]
ACTIONS = [
    "manage_governance",
    "record_in_person_ballot",
    "cast_online_for_a",
    "announce_attendance_for_a",
    "see_convocation_of_a",
    "manage_fees",
    "see_fees_of_a",
    "see_fees_of_b",
    "see_audit_trail",
    "manage_members",
    "use_staff_api_for_all",
]

T, F = True, False
#                          govern in-person cast A announce A convoc. A mng fees fees A fees B audit members staff API
EXPECTED = {
    "public":                (F,     F,        F,     F,         F,        F,       F,     F,     F,    F,      F),
    "user":                  (F,     F,        F,     F,         F,        F,       F,     F,     F,    F,      F),
    "representative_a":      (F,     F,        T,     T,         T,        F,       T,     F,     F,    F,      F),
    "board_member":          (F,     F,        F,     F,         T,        F,       F,     F,     F,    F,      F),
    "peace_office":          (T,     T,        F,     F,         T,        F,       T,     T,     T,    T,      T),
    "administrative_office": (F,     F,        F,     F,         F,        T,       T,     T,     F,    F,      T),
    "superuser":             (T,     T,        F,     F,         T,        T,       T,     T,     T,    T,      T),
}  # fmt: skip

ROLES_HELD = {
    "public": {Role.PUBLIC},
    "user": {Role.USER},
    "representative_a": {Role.REPRESENTATIVE},
    "board_member": {Role.BOARD_MEMBER},
    "peace_office": {Role.PEACE_OFFICE},
    "administrative_office": {Role.ADMINISTRATIVE_OFFICE},
    "superuser": {Role.SUPERUSER, Role.PEACE_OFFICE, Role.ADMINISTRATIVE_OFFICE},
}


def make_administrative_office_user():
    user = gt.make_user()
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATIVE_OFFICE_GROUP)[0])
    return user


def make_world():
    """Members A and B, each with a representative; a board with one member (sitting for A) whose
    meeting convenes A (not B); an open election; one user per role."""
    a, rep_a = gt.make_members_with_representatives(1)[0]
    b, rep_b = gt.make_members_with_representatives(1)[0]
    _body, seat = gt.make_board(5)
    board_member = gt.make_person(login=True)
    gt.make_mandate(seat, board_member, a, dt.date(2020, 1, 1))
    meeting = gt.make_meeting(seat.body, timezone.localdate() + dt.timedelta(days=20))
    election = gt.make_election(seat, [(rep_a, a)])
    users = {
        "public": AnonymousUser(),
        "user": gt.make_user(),
        "representative_a": rep_a.user,
        "board_member": board_member.user,
        "peace_office": gt.make_office_user(),
        "administrative_office": make_administrative_office_user(),
        "superuser": gt.make_user(superuser=True),
    }
    return {"a": a, "b": b, "rep_b": rep_b.user, "meeting": meeting, "election": election, "users": users}


@pytest.fixture
def world():
    return make_world()


def allowed(world, user, action):
    a, b, meeting, election = world["a"], world["b"], world["meeting"], world["election"]
    checks = {
        "manage_governance": lambda: user.has_perm("governance.manage_governance"),
        "record_in_person_ballot": lambda: user.has_perm("governance.record_in_person_ballot", election),
        "cast_online_for_a": lambda: rule_allows(user, "governance.cast_online_ballot", a),
        "announce_attendance_for_a": lambda: rule_allows(user, "governance.announce_attendance", a),
        "see_convocation_of_a": lambda: user.has_perm("governance.view_convocation", meeting),
        "manage_fees": lambda: user.has_perm("fees.manage_fees"),
        "see_fees_of_a": lambda: user.has_perm("fees.view_fees", a),
        "see_fees_of_b": lambda: user.has_perm("fees.view_fees", b),
        "see_audit_trail": lambda: user.has_perm("core.view_auditevent"),
        "manage_members": lambda: user.has_perm("members.manage_members"),
        "use_staff_api_for_all": lambda: user.has_perm("fees.use_staff_api"),
    }
    return checks[action]()


def test_the_table_has_one_row_per_role_and_one_cell_per_action():
    assert list(EXPECTED) == ROLES
    assert all(len(row) == len(ACTIONS) for row in EXPECTED.values())
    assert {r.value for held in ROLES_HELD.values() for r in held} == {r.value for r in Role}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_truth_table(world, role, action):
    expected = EXPECTED[role][ACTIONS.index(action)]

    assert allowed(world, world["users"][role], action) is expected


@pytest.mark.parametrize("role", ROLES)
def test_each_persona_holds_exactly_its_role(world, role):
    assert roles_of(world["users"][role], timezone.localdate()) == ROLES_HELD[role]


@pytest.mark.parametrize("role", ROLES)
def test_fee_visibility_agrees_with_the_table(world, role):
    """fee_members_visible (what lists filter with) names the members fees.view_fees allows."""
    user, a, b = world["users"][role], world["a"], world["b"]
    expected = {m.pk for m, col in ((a, "see_fees_of_a"), (b, "see_fees_of_b")) if allowed(world, user, col)}

    visible = fee_members_visible(user, timezone.localdate())

    assert (set(visible) if visible is not None else {a.pk, b.pk}) == expected


def test_roles_add_up_for_an_office_clerk_who_represents_a_member(world):
    clerk = world["users"]["representative_a"]
    clerk.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])

    assert roles_of(clerk, timezone.localdate()) == {Role.REPRESENTATIVE, Role.PEACE_OFFICE}
    assert allowed(world, clerk, "cast_online_for_a")
    assert allowed(world, clerk, "see_fees_of_b")


def test_inactive_logins_hold_no_role_and_may_do_nothing(world):
    for role in ROLES[1:]:
        user = world["users"][role]
        user.is_active = False
        user.save()

        assert roles_of(user, timezone.localdate()) == {Role.PUBLIC}
        assert not any(allowed(world, user, action) for action in ACTIONS), role


def test_a_board_member_whose_mandate_ended_no_longer_sees_the_convocation(world):
    user = world["users"]["board_member"]
    user.person.mandates.update(end_on=timezone.localdate() - dt.timedelta(days=1))

    assert Role.BOARD_MEMBER not in roles_of(user, timezone.localdate())
    assert not allowed(world, user, "see_convocation_of_a")


def test_a_representative_of_b_sees_b_and_not_a(world):
    user = world["rep_b"]

    assert user.has_perm("fees.view_fees", world["b"])
    assert not user.has_perm("fees.view_fees", world["a"])
    assert not user.has_perm("governance.view_convocation", world["meeting"])


def test_restrict_to_fee_members_filters_a_queryset_by_the_same_rule(world):
    from cocopa.members.models import LocalAuthority

    both = LocalAuthority.objects.filter(pk__in=[world["a"].pk, world["b"].pk])
    today = timezone.localdate()

    def names(role):
        rows = restrict_to_fee_members(both, world["users"][role], today, member_field="pk")
        return set(rows.values_list("pk", flat=True))

    assert names("representative_a") == {world["a"].pk}
    assert names("peace_office") == {world["a"].pk, world["b"].pk}
    assert names("user") == set()
    assert names("public") == set()


# --- The same table at every edge: pages, the staff API and the Django admin -------------------
# Each action is tried where a person meets it; every cell must give the table's answer at every
# edge, so a page, an endpoint or an admin screen that drifts from the rules fails here. Every
# login gets the admin's door (is_staff): the rules, not the flag, decide what is behind it.


def _past_the_gate(response) -> bool:
    """Neither refused (401, 403) nor sent to a login page: the request reached the view's work."""
    if response.status_code in (401, 403):
        return False
    return not (response.status_code == 302 and "login" in response["Location"])


def _api_rows(client, **params):
    response = client.get("/api/v1/fees/assessments", params)
    return response.json()["count"] if response.status_code == 200 else None


def _edges(world, client):
    """action → {edge: probe}; a probe answers whether the edge let the user do the action."""
    a, b, meeting, election = world["a"], world["b"], world["meeting"], world["election"]
    page = lambda name, *args: _past_the_gate(client.get(reverse(name, args=args)))  # noqa: E731
    post = lambda name, *args: _past_the_gate(client.post(reverse(name, args=args), {}))  # noqa: E731
    admin = lambda model: _past_the_gate(client.get(reverse(f"admin:{model}_changelist")))  # noqa: E731

    def convocation_shown() -> bool:
        home = client.get(reverse("self_service:home"))
        listed = home.status_code == 200 and f'id="meeting-{meeting.pk}"' in home.content.decode()
        return listed or page("office:meeting-detail", meeting.pk)

    return {
        "manage_governance": {
            "page /office/meetings/": lambda: page("office:meetings"),
            "admin meetings": lambda: admin("governance_meeting"),
        },
        "record_in_person_ballot": {"page ballot box": lambda: post("office:record-in-person", election.pk)},
        "cast_online_for_a": {"page ballot": lambda: post("self_service:cast-ballot", election.pk, a.pk)},
        "announce_attendance_for_a": {
            "page attendance": lambda: post("self_service:announce-attendance", meeting.pk, a.pk)
        },
        "see_convocation_of_a": {"page convocation": convocation_shown},
        "manage_fees": {
            "page /fees/": lambda: page("fees:overview"),
            "admin payments": lambda: admin("fees_payment"),
        },
        "see_fees_of_a": {"API rows of A": lambda: bool(_api_rows(client, member=a.slug))},
        "see_fees_of_b": {"API rows of B": lambda: bool(_api_rows(client, member=b.slug))},
        "see_audit_trail": {"admin audit trail": lambda: admin("core_auditevent")},
        "manage_members": {
            "page /office/conventions/": lambda: page("members_office:conventions"),
            "admin members": lambda: admin("members_localauthority"),
        },
        "use_staff_api_for_all": {"API every row": lambda: _api_rows(client) == 2},
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_edge_gives_the_tables_answer(world, client, role):
    ft.make_assessment(world["a"], 2025, "100")
    ft.make_assessment(world["b"], 2025, "100")
    user = world["users"][role]
    if user.is_authenticated:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        client.force_login(user)

    wrong = [
        f"{action} at {edge}: {'allowed' if not expected else 'refused'}"
        for action, edges in _edges(world, client).items()
        for edge, probe in edges.items()
        if probe() is not (expected := EXPECTED[role][ACTIONS.index(action)])
    ]

    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_every_action_is_tried_at_some_edge(world, client):
    assert set(_edges(world, client)) == set(ACTIONS)
