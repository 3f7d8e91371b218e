"""API tokens: secrets machine clients (e.g. a member's accounting) send to read the staff API.

Only a SHA-256 digest of each secret is stored; the secret itself is shown once, when the token
is created, and cannot be recovered. A token acts as its owner, with the owner's rights on the
day of each request (the rules behind `user.has_perm`), so a lapsed role or an inactive owner stops it.
"""

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A named secret that lets a machine client call the API as its owner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("owner")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'accounting'.")
    )
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The secret's first characters, to recognise it in logs.")
    )
    digest = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        _("expires"),
        help_text=_(
            "Every token expires: by default COCOPA_API_TOKEN_DAYS days after it is created "
            "(a default of the software, not a rule of the network)."
        ),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["user", "name", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user}: {self.name} ({self.prefix}…)"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def status(self, now: dt.datetime) -> str:
        """`revoked`, `expired` or `active` at `now` (revoked wins: it was someone's decision)."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return "revoked"
        return "active" if self.expires_at > now else "expired"


def usable(now: dt.datetime) -> Q:
    """Tokens neither revoked nor expired at `now`: `ApiToken.objects.filter(usable(now))`."""
    return Q(revoked_at__isnull=True, expires_at__gt=now)
