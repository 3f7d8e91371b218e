from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cocopa.apitokens import services
from cocopa.apitokens.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are listed and revoked here; they are created with `cocopa create_api_token`."""

    # What the operator looks for first (is it working, until when, used lately) before the rest.
    list_display = (
        "name",
        "user",
        "status",
        "expires_at",
        "last_used_at",
        "prefix",
        "created_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    actions = ("revoke",)

    @admin.display(description=gettext_lazy("status"))
    def status(self, token: ApiToken) -> str:
        labels = {
            "active": pgettext("token status", "active"),
            "expired": pgettext("token status", "expired"),
            "revoked": pgettext("token status", "revoked"),
        }
        return labels[token.status(timezone.now())]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The lifetime is a default of the software: the back office says so where tokens are listed.
        subtitle = _(
            "Every token expires: %(days)s days after it is created unless another date was chosen "
            "(COCOPA_API_TOKEN_DAYS), at most %(max)s days (COCOPA_API_TOKEN_MAX_DAYS). "
            "These are defaults of the software, not rules of the network."
        ) % {"days": settings.COCOPA_API_TOKEN_DAYS, "max": settings.COCOPA_API_TOKEN_MAX_DAYS}
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": subtitle})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = request.user if request.user.is_authenticated else None
        count = sum(services.revoke_token(token, actor=actor) for token in queryset)
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
