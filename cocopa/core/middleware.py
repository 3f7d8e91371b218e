"""Staff pass a second factor before writing anything and before the back office, and their
sessions end when idle (see cocopa/core/security.py, docs/decisions/0013)."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cocopa.core import roles, security

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# When the staff session's last request was seen (seconds since the epoch).
SEEN_KEY = "cocopa_staff_seen"
# Refresh the session's expiry at most this often, not on every request (each one is a write).
REFRESH_SECONDS = 60


class StaffOTPMiddleware:
    """Send staff who have not confirmed a TOTP code this session to the verify (or set-up) page.

    Runs after django-otp's OTPMiddleware, which provides user.is_verified(). Two rules:

    - **Every write by staff** (an unsafe method, on any page or API endpoint) needs the code,
      except the views of COCOPA_STAFF_OTP_WRITE_EXEMPT_VIEWS (logging in and out, the
      second-factor pages, the language switch). Being staff is the property, not the URL.
    - **Reading** the pages under COCOPA_STAFF_OTP_PATH_PREFIXES needs it too, so the public site
      and a representative's own pages never ask.

    An API call with a bearer token is judged by its token alone: the session user beside it is
    dropped. The API called with a session answers 403 JSON until the code is confirmed.
    COCOPA_REQUIRE_STAFF_OTP=False turns both rules off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_api(request) and request.headers.get("Authorization", "").startswith("Bearer "):
            # The token authenticates this call, not the session beside it (cocopa.apitokens.auth).
            request.user = _anonymous()
            return self.get_response(request)
        if settings.COCOPA_REQUIRE_STAFF_OTP and security.is_protected_path(request.path_info):
            if self._unconfirmed_staff(request):
                safe = request.method in SAFE_METHODS
                return self._refuse(
                    request, next_url=request.get_full_path() if safe else _page_of_the_form(request)
                )
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.COCOPA_REQUIRE_STAFF_OTP or request.method in SAFE_METHODS:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in settings.COCOPA_STAFF_OTP_WRITE_EXEMPT_VIEWS:
            return None
        if self._unconfirmed_staff(request):
            return self._refuse(request, next_url=_page_of_the_form(request))
        return None

    @staticmethod
    def _unconfirmed_staff(request: HttpRequest) -> bool:
        user = request.user
        return security.needs_second_factor(user) and not user.is_verified()  # type: ignore[union-attr]

    @staticmethod
    def _refuse(request: HttpRequest, *, next_url: str) -> HttpResponse:
        if _is_api(request):
            # A session-authenticated API call: an answer a script can read, not a page.
            detail = _("Confirm your login with a code from the authenticator app first.")
            return JsonResponse({"code": "otp_required", "detail": str(detail)}, status=403)
        name = "otp-verify" if security.has_confirmed_device(request.user) else "otp-setup"
        # 303: the browser follows with a GET; the form is sent again once the code is confirmed.
        response = HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")
        if request.method not in SAFE_METHODS:
            response.status_code = 303
        return response


class StaffSessionIdleMiddleware:
    """End a staff session after COCOPA_STAFF_SESSION_IDLE_HOURS without a request.

    The session's expiry is set to the idle time (refreshed at most once a minute) so the cookie
    and the stored session lapse together; the time of the last request is also kept in the
    session and checked here, so a session that became staff's later, or whose expiry was
    longer, ends all the same. Other logins keep SESSION_COOKIE_AGE (settings.py says why).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        idle = int(settings.COCOPA_STAFF_SESSION_IDLE_HOURS * 3600)
        now = int(time.time())
        if roles.is_staff(request.user):
            seen = request.session.get(SEEN_KEY)
            if isinstance(seen, int) and now - seen > idle:
                logout(request)  # the request goes on as a visitor's: login pages ask again
        response = self.get_response(request)
        # After the view, so the login request itself starts the clock.
        if roles.is_staff(request.user):
            seen = request.session.get(SEEN_KEY)
            if not isinstance(seen, int) or now - seen >= REFRESH_SECONDS:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(idle)
        return response


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _anonymous() -> AnonymousUser:
    user = AnonymousUser()
    user.is_verified = lambda: False  # type: ignore[attr-defined]  # as django-otp's middleware
    return user


def _page_of_the_form(request: HttpRequest) -> str:
    """Where to come back after confirming the code: the page the form was on, if it is ours."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"
