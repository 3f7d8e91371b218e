"""How the staff API knows who calls: a bearer token (machine clients) or a browser session."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cocopa.apitokens import services


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cocopa_…`, a token made with `cocopa create_api_token`."""

    openapi_description = (
        "A token from `cocopa create_api_token USERNAME NAME`, sent as `Authorization: Bearer <token>`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.user_for_secret(token)
        if user is not None:
            request.user = user
        return user


class LoggedInSession(SessionAuth):
    """The session cookie of someone logged in to the site (the office's pages call the API so)."""

    openapi_description = "The session cookie of a user logged in to the site."

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


# Either one; what the caller may read is then decided by cocopa.core.permissions, row by row.
staff_auth = [TokenAuth(), LoggedInSession()]
