"""Creating, revoking and checking API tokens."""

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocopa.apitokens import lifetime
from cocopa.apitokens.models import ApiToken
from cocopa.core import audit
from cocopa.core.errors import DomainError
from cocopa.core.roles import Actor

logger = logging.getLogger(__name__)

SECRET_PREFIX = "cocopa_"
# Writing last_used_at on every request would turn each read into a write (a write lock on
# SQLite, a dead row to vacuum on PostgreSQL); to the minute is what the owner and office need.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenExpired(DomainError):
    """The secret is right but its token expired: the API answers 401 `token_expired`, so the
    client is told to get a new token rather than that its secret is wrong."""

    status = 401

    def __init__(self, expired_at: dt.datetime) -> None:
        when = f"{timezone.localtime(expired_at):%Y-%m-%d %H:%M}"
        super().__init__(
            "token_expired", _("This API token expired on %(when)s: ask for a new one.") % {"when": when}
        )


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    user: User, name: str, *, expires_at: dt.datetime | None = None, actor: Actor
) -> tuple[ApiToken, str]:
    """A new token for the user, and its secret: the only time the secret exists outside the client.

    It expires at `expires_at`, by default COCOPA_API_TOKEN_DAYS from now, at most
    COCOPA_API_TOKEN_MAX_DAYS (apitokens/lifetime.py; DomainError `invalid_expiry` otherwise).
    The secret has 256 random bits, so a plain (unsalted) SHA-256 is enough to store it safely.
    """
    now = timezone.now()
    expires_at = lifetime.expiry(
        now,
        expires_at,
        default_days=settings.COCOPA_API_TOKEN_DAYS,
        max_days=settings.COCOPA_API_TOKEN_MAX_DAYS,
    )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[: len(SECRET_PREFIX) + 6],
            digest=digest(secret),
            created_at=now,
            expires_at=expires_at,
        )
        audit.record(
            actor,
            "api_token.created",
            token,
            {"user": user.pk, "name": name, "expires_at": expires_at.isoformat()},
        )
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
    """The active owner of the usable token with this secret, else None (unknown or revoked
    secret, inactive owner); raises TokenExpired when the token's only fault is its age.
    Notes when the token was used, to the minute."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(digest=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    if token.expires_at <= now:
        raise TokenExpired(token.expires_at)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        _note_use(token.pk, now)
    return token.user


def _note_use(pk: int, now: dt.datetime) -> int:
    """Set last_used_at in one UPDATE … WHERE, only when it is a minute old: of several requests
    that read the old time at once, the first writes and the others match no row."""
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
    try:
        return ApiToken.objects.filter(stale, pk=pk).update(last_used_at=now)
    except OperationalError:
        # SQLite in autocommit (a request): a long write elsewhere (an import, a backup) kept the
        # lock past busy_timeout. The note can wait for the next minute; the read must not fail.
        # (Inside a transaction SQLite already holds the lock: BEGIN IMMEDIATE, settings.py.)
        logger.warning("last_used_at of API token %s not noted: database locked", pk)
        return 0
