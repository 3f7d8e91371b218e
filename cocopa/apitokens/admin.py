from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cocopa.apitokens import services
from cocopa.apitokens.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are listed and revoked here; they are created with `cocopa create_api_token`."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = request.user if request.user.is_authenticated else None
        count = sum(services.revoke_token(token, actor=actor) for token in queryset)
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
