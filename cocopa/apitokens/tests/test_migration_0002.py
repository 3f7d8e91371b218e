"""Migration 0002 on tokens made when they could last for ever: each gets created_at plus the
default lifetime (so an old one stops working), a chosen expiry is kept, and the column is
then required."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("apitokens", "0001_initial")]
AFTER = [("apitokens", "0002_tokens_always_expire")]


def test_tokens_without_an_expiry_get_the_default_lifetime(settings):
    settings.COCOPA_API_TOKEN_DAYS = 30
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("auth", "User")
    ApiToken = apps.get_model("apitokens", "ApiToken")
    owner = User.objects.create(username="accounting")
    made = dt.datetime(2025, 1, 10, 9, 30, tzinfo=dt.UTC)
    chosen = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    forever = ApiToken.objects.create(
        user=owner, name="a", prefix="cocopa_a", digest="a" * 64, created_at=made
    )
    dated = ApiToken.objects.create(
        user=owner, name="b", prefix="cocopa_b", digest="b" * 64, created_at=made, expires_at=chosen
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    ApiToken = executor.loader.project_state(AFTER).apps.get_model("apitokens", "ApiToken")
    assert ApiToken.objects.get(pk=forever.pk).expires_at == made + dt.timedelta(days=30)
    assert ApiToken.objects.get(pk=dated.pk).expires_at == chosen
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(
            user_id=owner.pk, name="c", prefix="cocopa_c", digest="c" * 64, expires_at=None
        )
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
