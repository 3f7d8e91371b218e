"""Creating, revoking and checking API tokens."""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cocopa.apitokens.models import ApiToken, usable
from cocopa.core import audit
from cocopa.core.roles import Actor

SECRET_PREFIX = "cocopa_"
# Writing last_used_at on every request would turn each read into a write; a minute is precise enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    user: User, name: str, *, expires_at: dt.datetime | None = None, actor: Actor
) -> tuple[ApiToken, str]:
    """A new token for the user, and its secret: the only time the secret exists outside the client.

    The secret has 256 random bits, so a plain (unsalted) SHA-256 is enough to store it safely.
    """
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[: len(SECRET_PREFIX) + 6],
            digest=digest(secret),
            expires_at=expires_at,
        )
        audit.record(actor, "api_token.created", token, {"user": user.pk, "name": name})
    return token, secret


def revoke_token(token: ApiToken, *, actor: Actor) -> bool:
    """Revoke the token from now on; False when it was already revoked."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor, "api_token.revoked", token, {"user": token.user_id, "name": token.name})
    return True


def user_for_secret(secret: str) -> User | None:
    """The active owner of the usable token with this secret, else None; notes when it was used."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(usable(now), digest=digest(secret), user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
