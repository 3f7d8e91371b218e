"""The fees API returns exactly the members the roles truth table lets each role read."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from cocopa.apitokens import services as tokens
from cocopa.fees.tests.test_api import ASSESSMENTS, PAYMENTS, make_assessment, make_payment
from cocopa.tests.test_roles import ACTIONS, EXPECTED, ROLES, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    for member in (world["a"], world["b"]):
        assessment = make_assessment(member, 2025)
        make_payment(member, dt.date(2025, 3, 1), "20.00", assessment)
    return world


def table_members(world, role):
    allowed = EXPECTED[role]
    return {
        m.slug
        for m, action in ((world["a"], "see_fees_of_a"), (world["b"], "see_fees_of_b"))
        if allowed[ACTIONS.index(action)]
    }


@pytest.mark.parametrize("path", [ASSESSMENTS, PAYMENTS])
@pytest.mark.parametrize("how", ["token", "session"])
@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_exactly_the_members_the_table_allows(client, world, role, how, path):
    user = world["users"][role]
    headers = {}
    if not isinstance(user, AnonymousUser):
        if how == "token":
            _token, secret = tokens.create_token(user, "test", actor=None)
            headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        else:
            client.force_login(user)

    response = client.get(path, **headers)

    if isinstance(user, AnonymousUser):
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert {item["member"] for item in response.json()["items"]} == table_members(world, role)


@pytest.mark.parametrize("role", ROLES[1:])
def test_asking_for_a_member_by_slug_never_widens_what_a_role_reads(client, world, role):
    _token, secret = tokens.create_token(world["users"][role], "test", actor=None)
    allowed = table_members(world, role)

    for member in (world["a"], world["b"]):
        response = client.get(ASSESSMENTS, {"member": member.slug}, HTTP_AUTHORIZATION=f"Bearer {secret}")

        assert {i["member"] for i in response.json()["items"]} == {member.slug} & allowed
