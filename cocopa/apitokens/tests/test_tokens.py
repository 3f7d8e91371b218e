"""API tokens: stored as a digest only, usable until revoked or expired, acting as an active owner."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from cocopa.apitokens import services
from cocopa.apitokens.models import ApiToken
from cocopa.core import testing as ct
from cocopa.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return ct.make_user("accounting")


def test_only_a_sha256_of_the_secret_is_stored(owner):
    token, secret = services.create_token(owner, "accounting", actor=None)

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix)
    assert len(secret) > 40


def test_two_tokens_never_share_a_secret(owner):
    _t1, s1 = services.create_token(owner, "one", actor=None)
    _t2, s2 = services.create_token(owner, "two", actor=None)

    assert s1 != s2


def test_a_secret_finds_its_owner_and_notes_the_use(owner):
    token, secret = services.create_token(owner, "accounting", actor=None)

    assert services.user_for_secret(secret) == owner
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("secret", ["", "cocopa_", "cocopa_wrong", "not-a-token"])
def test_a_wrong_secret_finds_nobody(owner, secret):
    services.create_token(owner, "accounting", actor=None)

    assert services.user_for_secret(secret) is None


def test_a_revoked_token_stops_working_at_once(owner):
    token, secret = services.create_token(owner, "accounting", actor=None)

    assert services.revoke_token(token, actor=None) is True
    assert services.revoke_token(token, actor=None) is False
    assert services.user_for_secret(secret) is None


def test_an_expired_token_stops_working(owner):
    _token, secret = services.create_token(
        owner, "x", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )

    assert services.user_for_secret(secret) == owner
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert services.user_for_secret(secret) is None


def test_a_token_of_an_inactive_owner_does_not_work(owner):
    _token, secret = services.create_token(owner, "accounting", actor=None)
    owner.is_active = False
    owner.save()

    assert services.user_for_secret(secret) is None


def test_creating_and_revoking_are_audited(owner):
    token, _secret = services.create_token(owner, "accounting", actor=None)
    services.revoke_token(token, actor=None)

    events = AuditEvent.objects.filter(verb__startswith="api_token.").order_by("pk")
    assert [(e.verb, e.target_id) for e in events] == [
        ("api_token.created", str(token.pk)),
        ("api_token.revoked", str(token.pk)),
    ]


def test_create_api_token_prints_the_secret_once(owner):
    out, err = StringIO(), StringIO()

    call_command("create_api_token", "accounting", "ledger", stdout=out, stderr=err)

    secret = out.getvalue().strip()
    assert services.user_for_secret(secret) == owner
    assert "not shown again" in err.getvalue()
    assert ApiToken.objects.get().name == "ledger"


def test_create_api_token_with_an_expiry(owner):
    call_command(
        "create_api_token",
        "accounting",
        "ledger",
        "--expires-in-days",
        "30",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    expires = ApiToken.objects.get().expires_at
    assert expires is not None
    assert dt.timedelta(days=29) < expires - timezone.now() <= dt.timedelta(days=30)


def test_create_api_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody", "ledger", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_revoke_api_token_revokes_the_named_token_only(owner):
    _t1, s1 = services.create_token(owner, "ledger", actor=None)
    _t2, s2 = services.create_token(owner, "other", actor=None)
    out = StringIO()

    call_command("revoke_api_token", "accounting", "ledger", stdout=out)

    assert services.user_for_secret(s1) is None
    assert services.user_for_secret(s2) == owner
    assert "Revoked 1" in out.getvalue()


def test_revoke_api_token_says_when_there_is_nothing_to_revoke(owner):
    with pytest.raises(CommandError, match="no active token"):
        call_command("revoke_api_token", "accounting", "ledger", stdout=StringIO())
