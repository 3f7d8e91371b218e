"""API tokens: stored as a digest only, usable until revoked or expired, acting as an active owner."""

import datetime as dt
import hashlib
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.db.models import QuerySet
from django.utils import timezone, translation

from cocopa.apitokens import services
from cocopa.apitokens.models import ApiToken
from cocopa.core import testing as ct
from cocopa.core.errors import DomainError
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


def test_an_expired_token_stops_working_and_says_it_expired(owner):
    _token, secret = services.create_token(
        owner, "x", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )

    assert services.user_for_secret(secret) == owner
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=2)),
        pytest.raises(services.TokenExpired) as refused,
    ):
        services.user_for_secret(secret)
    assert refused.value.code == "token_expired"
    assert refused.value.status == 401


def test_a_revoked_token_that_also_expired_is_only_unknown(owner):
    token, secret = services.create_token(
        owner, "x", expires_at=timezone.now() + dt.timedelta(days=1), actor=None
    )
    services.revoke_token(token, actor=None)

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert services.user_for_secret(secret) is None


def test_a_token_without_a_date_expires_after_the_configured_days(owner, settings):
    settings.COCOPA_API_TOKEN_DAYS = 10

    token, _secret = services.create_token(owner, "x", actor=None)

    assert token.expires_at - token.created_at == dt.timedelta(days=10)


def test_a_token_without_a_date_expires_after_90_days_by_default(owner):
    token, _secret = services.create_token(owner, "x", actor=None)

    assert token.expires_at - token.created_at == dt.timedelta(days=90)


def test_an_expiry_beyond_the_maximum_is_refused_naming_the_field(owner, settings):
    settings.COCOPA_API_TOKEN_MAX_DAYS = 30

    with pytest.raises(DomainError) as refused:
        services.create_token(owner, "x", expires_at=timezone.now() + dt.timedelta(days=31), actor=None)

    assert refused.value.code == "invalid_expiry"
    assert "expires_at" in refused.value.message
    assert "COCOPA_API_TOKEN_MAX_DAYS" in refused.value.message
    assert not ApiToken.objects.exists()
    assert services.create_token(owner, "x", expires_at=timezone.now() + dt.timedelta(days=30), actor=None)


def test_an_expiry_in_the_past_is_refused(owner):
    with pytest.raises(DomainError, match="expires_at") as refused:
        services.create_token(owner, "x", expires_at=timezone.now() - dt.timedelta(seconds=1), actor=None)

    assert refused.value.code == "invalid_expiry"
    assert not ApiToken.objects.exists()


def test_last_used_is_written_once_a_minute_in_one_query(owner, django_assert_num_queries):
    token, secret = services.create_token(owner, "x", actor=None)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        with django_assert_num_queries(2):  # the look-up, then the UPDATE … WHERE
            services.user_for_secret(secret)
        token.refresh_from_db()
        assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        with django_assert_num_queries(1):  # the look-up only
            services.user_for_secret(secret)
        token.refresh_from_db()
        assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        services.user_for_secret(secret)
        token.refresh_from_db()
        assert token.last_used_at == start + dt.timedelta(seconds=61)


def test_a_locked_database_skips_the_note_but_not_the_answer(owner, monkeypatch):
    _token, secret = services.create_token(owner, "x", actor=None)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(QuerySet, "update", locked)

    assert services.user_for_secret(secret) == owner
    assert ApiToken.objects.get().last_used_at is None


def test_of_two_requests_that_read_the_old_time_only_the_first_writes(owner):
    token, _secret = services.create_token(owner, "x", actor=None)
    now = timezone.now()

    assert services._note_use(token.pk, now) == 1
    # The second request looked the token up before the first wrote: its UPDATE matches nothing.
    assert services._note_use(token.pk, now + dt.timedelta(seconds=5)) == 0
    token.refresh_from_db()
    assert token.last_used_at == now


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
    assert dt.timedelta(days=29) < expires - timezone.now() <= dt.timedelta(days=30)


def test_create_api_token_says_the_default_lifetime_is_a_default(owner):
    err = StringIO()

    call_command("create_api_token", "accounting", "ledger", stdout=StringIO(), stderr=err)

    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    assert f"expires {timezone.localtime(token.expires_at):%Y-%m-%d}" in err.getvalue()
    assert "default lifetime, COCOPA_API_TOKEN_DAYS" in err.getvalue()
    assert "/accounts/api-tokens/" in err.getvalue()


def test_create_api_token_until_a_day(owner):
    day = timezone.localdate() + dt.timedelta(days=60)

    call_command(
        "create_api_token",
        "accounting",
        "ledger",
        "--expires-on",
        day.isoformat(),
        stdout=StringIO(),
        stderr=StringIO(),
    )

    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert (expires.date(), expires.time()) == (day, dt.time())


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--expires-in-days", "366", "--expires-in-days: The expiry (expires_at) may be at most 365 days"),
        ("--expires-on", "2000-01-01", "--expires-on: The expiry (expires_at) must be in the future"),
        ("--expires-on", "31/12/2027", "--expires-on: '31/12/2027' is not a date"),
    ],
)
def test_create_api_token_refuses_a_bad_expiry_naming_the_option(owner, option, value, message):
    with translation.override("en"), pytest.raises(CommandError, match=re.escape(message)):
        call_command(
            "create_api_token", "accounting", "ledger", option, value, stdout=StringIO(), stderr=StringIO()
        )
    assert not ApiToken.objects.exists()


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
