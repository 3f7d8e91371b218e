"""The one guard of the office pages: log in first, then hold the right, else 403.

`@permission_required_or_403("governance.manage_governance")` asks `user.has_perm`, so a page
obeys the same rules (cocopa/<app>/permissions.py) as its service, the API and the admin.
Anonymous visitors go to the login page; a logged-in user without the right gets 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from cocopa.core import roles

View = Callable[..., HttpResponse]


def permission_required_or_403(perm: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorator


def require_to_act_for(user: Any, perm: str, member: Any) -> None:
    """403 unless the user acts for this member today (cocopa.core.roles.rule_allows: no office,
    superusers included, votes or answers for a member it does not represent)."""
    if not roles.rule_allows(user, perm, member):
        raise PermissionDenied(perm)
