"""Invitations to enrol an authenticator: the only way, besides an already confirmed second
factor, for a staff login to set up a TOTP device (docs/decisions/0013).

A password alone must not be enough to enrol: whoever knows it would bind their own phone and
pass the second factor for good. An invitation is a link made by an administrator (the service
below, `cocopa invite_to_enrol USERNAME`, `cocopa ensure_admin`) and handed to its owner.

The link carries a signed token (django.core.signing, with a timestamp) of the user's id and a
digest of the state it was made for: the password hash and the confirmed devices. It therefore
expires after COCOPA_OTP_ENROL_INVITATION_HOURS, and it is one-time: once a device is
confirmed through it (or the password changes) the state differs and the link is dead. No table
is needed, as with Django's password-reset links.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.core import audit
from cocopa.core.errors import Forbidden
from cocopa.core.roles import Actor

SALT = "cocopa.core.enrolment"


@dataclass(frozen=True)
class Invitation:
    user: User
    path: str  # the link without scheme and host
    url: str  # the link as COCOPA_SITE_URL serves it
    expires_at: datetime


def _state(user: User) -> str:
    confirmed = sorted(TOTPDevice.objects.filter(user=user, confirmed=True).values_list("pk", flat=True))
    return salted_hmac(SALT, f"{user.pk}|{user.password}|{user.is_active}|{confirmed}").hexdigest()[:32]


def make_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT)


def valid_for(token: str, user: Any) -> bool:
    """Whether `token` lets `user` enrol a device now: theirs, unexpired, not used, not stale."""
    if not token or not getattr(user, "is_authenticated", False):
        return False
    hours = settings.COCOPA_OTP_ENROL_INVITATION_HOURS
    try:
        payload = signing.loads(token, salt=SALT, max_age=timedelta(hours=hours))
    except signing.BadSignature:  # SignatureExpired included
        return False
    return bool(payload.get("u") == user.pk and payload.get("s") == _state(user))


def user_id_of(token: str) -> int | None:
    """The user a well-signed token was made for (expired or not), to say "another account"."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    return user_id if isinstance(user_id, int) else None


def invite_to_enrol(user: User, *, actor: Actor) -> Invitation:
    """A one-time, expiring link with which `user` sets up an authenticator app.

    Only the system (a command on the server) or a superuser invites. The link goes to its owner
    by a channel the office trusts; it is audited, never its token.
    """
    if actor is not None and not actor.has_perm("core.invite_to_enrol", user):
        raise Forbidden("forbidden", "Only an administrator invites staff to enrol an authenticator.")
    if not user.is_active:
        raise Forbidden("user_inactive", f"{user.get_username()} is not active: no invitation.")
    hours = settings.COCOPA_OTP_ENROL_INVITATION_HOURS
    with transaction.atomic():
        audit.record(actor, "auth.enrolment_invited", user, {"hours": hours})
    path = reverse("otp-enrol", kwargs={"token": make_token(user)})
    return Invitation(
        user=user,
        path=path,
        url=urljoin(settings.COCOPA_SITE_URL, path),
        expires_at=timezone.now() + timedelta(hours=hours),
    )
