"""When a new API token expires: the rule, on plain values (the settings are passed in).

Every token expires. Without a date chosen by its creator it lasts COCOPA_API_TOKEN_DAYS; no
token may last longer than COCOPA_API_TOKEN_MAX_DAYS. Both are defaults of the software, not
rules of the network: a secret left in an old script or a leaked log stops working by itself.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from cocopa.core.errors import DomainError


def expiry(
    now: dt.datetime, requested: dt.datetime | None, *, default_days: int, max_days: int
) -> dt.datetime:
    """The expiry of a token created at `now`; refuses a date past or beyond the maximum lifetime."""
    if requested is None:
        return now + dt.timedelta(days=default_days)
    if requested <= now:
        raise DomainError("invalid_expiry", _("The expiry (expires_at) must be in the future."))
    latest = now + dt.timedelta(days=max_days)
    if requested > latest:
        raise DomainError(
            "invalid_expiry",
            _(
                "The expiry (expires_at) may be at most %(days)s days ahead (COCOPA_API_TOKEN_MAX_DAYS): "
                "%(latest)s or earlier."
            )
            % {"days": max_days, "latest": f"{timezone.localtime(latest):%Y-%m-%d %H:%M}"},
        )
    return requested
