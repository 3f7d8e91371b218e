"""The one page of API tokens outside the back office: the logged-in user's own, read-only.

Tokens are created and revoked by an operator (permissions.py); their owner still sees when
each expires and when it was last used, to notice one used by someone else or about to lapse.
"""

from typing import cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cocopa.apitokens.models import ApiToken


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    tokens = ApiToken.objects.filter(
        user=cast(User, request.user)
    )  # login_required.order_by("revoked_at", "-expires_at", "name")
    return render(
        request,
        "apitokens/mine.html",
        {
            "rows": [(token, token.status(now)) for token in tokens],
            "default_days": settings.COCOPA_API_TOKEN_DAYS,
            "max_days": settings.COCOPA_API_TOKEN_MAX_DAYS,
        },
    )
