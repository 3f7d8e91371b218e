"""How the staff API knows who calls: a bearer token (machine clients) or a browser session."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cocopa.apitokens import services
from cocopa.core import security


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cocopa_…`, a token made with `cocopa create_api_token`.

    An expired token raises TokenExpired, which ninja turns into the 401 `token_expired` at
    once: no other way of authenticating is tried (cocopa.api's DomainError handler).
    """

    openapi_description = (
        "A token from `cocopa create_api_token USERNAME NAME`, sent as `Authorization: Bearer <token>`. "
        "Every token expires (by default after 90 days, COCOPA_API_TOKEN_DAYS). "
        "A wrong or revoked token answers 401 with code `not_authenticated`, an expired one 401 with code `token_expired`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.user_for_secret(token)  # raises TokenExpired
        if user is not None:
            request.user = user
        return user


class LoggedInSession(SessionAuth):
    """The session cookie of someone logged in to the site (the office's pages call the API so).

    Staff sessions count only once the second factor was confirmed (COCOPA_REQUIRE_STAFF_OTP):
    otherwise a password alone would read every member's fees here. Tokens are made by an
    operator on the server, so they need no second factor.
    """

    openapi_description = (
        "The session cookie of a user logged in to the site (staff: after their second factor)."
    )

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if _second_factor_missing(user):
            return None
        return user


def _second_factor_missing(user: Any) -> bool:
    if not getattr(settings, "COCOPA_REQUIRE_STAFF_OTP", False):
        return False
    if not security.needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)  # django-otp's OTPMiddleware sets it
    return not (callable(is_verified) and is_verified())


# Either one; what the caller may read is then decided by cocopa.fees.permissions, row by row.
staff_auth = [TokenAuth(), LoggedInSession()]
