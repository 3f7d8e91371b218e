"""Tokens at the HTTP edge: the API's answers to expired and revoked tokens, the owner's page
and the back-office list, both showing expiry and last use."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cocopa.apitokens import services
from cocopa.apitokens.models import ApiToken
from cocopa.core import testing as ct

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/api/v1/fees/assessments"


@pytest.fixture
def office():
    return ct.make_office_user("clerk")


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_an_expired_token_answers_401_token_expired_and_nothing_else(client, office):
    _token, secret = services.create_token(
        office, "x", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )
    assert client.get(ASSESSMENTS, **bearer(secret)).status_code == 200
    client.force_login(office)  # a session beside the token must not serve the call either

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = client.get(ASSESSMENTS, **bearer(secret), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["code"] == "token_expired"
    assert "expired" in body["detail"]
    assert "items" not in body


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_expiry_message_is_translated(client, office, lang):
    _token, secret = services.create_token(
        office, "x", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = client.get(ASSESSMENTS, {"lang": lang}, **bearer(secret))

    assert response.json()["code"] == "token_expired"
    assert response["Content-Language"] == lang


def test_a_revoked_token_answers_401_without_the_expiry_code(client, office):
    token, secret = services.create_token(office, "x", actor=None)
    services.revoke_token(token, actor=None)

    response = client.get(ASSESSMENTS, **bearer(secret))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_token_answers_401_without_the_expiry_code(client, office):
    response = client.get(ASSESSMENTS, **bearer("cocopa_" + "x" * 43))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_call_notes_the_last_use(client, office):
    token, secret = services.create_token(office, "x", actor=None)

    client.get(ASSESSMENTS, **bearer(secret))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_owner_sees_their_tokens_with_expiry_and_last_use(client, office):
    used, secret = services.create_token(office, "accounting", actor=None)
    services.user_for_secret(secret)
    old, _s = services.create_token(
        office, "old", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )
    gone, _s = services.create_token(office, "gone", actor=None)
    services.revoke_token(gone, actor=None)
    services.create_token(ct.make_user("someone-else"), "theirs", actor=None)
    client.force_login(office)

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = client.get(reverse("apitokens:mine"))

    assert response.status_code == 200
    html = response.content.decode()
    used.refresh_from_db()
    assert f'data-token="{used.prefix}" data-status="active"' in html
    assert f'data-token="{old.prefix}" data-status="expired"' in html
    assert f'data-token="{gone.prefix}" data-status="revoked"' in html
    assert f'data-expires="{int(used.expires_at.timestamp())}"' in html
    assert f'data-last-used="{int(used.last_used_at.timestamp())}"' in html
    assert "theirs" not in html
    assert 'id="token-lifetime"' in html


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("apitokens:mine"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_back_office_lists_tokens_with_expiry_last_use_and_the_default(client, superuser_user, office):
    token, secret = services.create_token(office, "accounting", actor=None)
    services.user_for_secret(secret)
    client.force_login(superuser_user)

    response = client.get(reverse("admin:apitokens_apitoken_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    for column in ("column-expires_at", "column-last_used_at", "column-status"):
        assert column in html
    assert "COCOPA_API_TOKEN_DAYS" in html
    assert ApiToken.objects.get().last_used_at is not None


def test_the_office_clerk_cannot_list_tokens_in_the_back_office(client, office):
    office.is_staff = True
    office.save()
    client.force_login(office)

    response = client.get(reverse("admin:apitokens_apitoken_changelist"))

    assert response.status_code == 403


def test_my_page_links_to_the_tokens_page_only_for_an_owner_of_tokens(client, office):
    client.force_login(office)
    assert 'id="api-tokens-link"' not in client.get(reverse("self_service:home")).content.decode()
    services.create_token(office, "accounting", actor=None)
    html = client.get(reverse("self_service:home")).content.decode()
    assert 'id="api-tokens-link"' in html
    assert reverse("apitokens:mine") in html
