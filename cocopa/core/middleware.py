"""Staff pass a second factor before the back office (see cocopa/core/security.py)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cocopa.core import security


class StaffOTPMiddleware:
    """Send staff who have not confirmed a TOTP code this session to the verify (or set-up) page.

    Runs after django-otp's OTPMiddleware, which provides user.is_verified(). Only the path
    prefixes of COCOPA_STAFF_OTP_PATH_PREFIXES are guarded, so the public site and a
    representative's own pages never ask for a code; COCOPA_REQUIRE_STAFF_OTP=False turns it off.
    API calls with a bearer token have no session user here and pass; the staff API called
    with a session gets a 403 JSON answer until the code is confirmed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.COCOPA_REQUIRE_STAFF_OTP and self._must_verify(request):
            if request.path_info.startswith("/api/"):
                if request.headers.get("Authorization", "").startswith("Bearer "):
                    # The token authenticates this call, not the session beside it.
                    return self.get_response(request)
                # A session-authenticated API call: an answer a script can read, not a page.
                detail = _("Confirm your login with a code from the authenticator app first.")
                return JsonResponse({"code": "otp_required", "detail": str(detail)}, status=403)
            name = "otp-verify" if security.has_confirmed_device(request.user) else "otp-setup"
            return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        user = request.user
        return (
            security.is_protected_path(request.path_info)
            and security.needs_second_factor(user)
            and not user.is_verified()  # type: ignore[union-attr]
        )
