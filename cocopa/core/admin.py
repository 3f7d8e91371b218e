from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.models import AuditEvent, Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("code", "title", "published", "kind", "date_uncertain")
    search_fields = ("code", "title", "url", "note")
    list_filter = ("kind", "date_uncertain")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("at", "verb", "actor", "target_type", "target_id")
    list_filter = ("verb",)
    search_fields = ("verb", "target_id")
    readonly_fields = ("at", "actor", "verb", "target_type", "target_id", "data")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # the trail is append-only: verify_audit would report the gap anyway
