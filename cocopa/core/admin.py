"""Back office for sources and the audit trail, and the link from a read-only admin page to the
office page that changes the record (docs/decisions/0007-one-write-path.md)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.models import AuditEvent, Source
from cocopa.core.outbox import MODELS as OUTBOX_MODELS

if TYPE_CHECKING:
    _Base = admin.ModelAdmin[Any]
else:
    _Base = object


class ChangedOnTheOfficePage(_Base):
    """Mixin for the admin of a model whose invariants live in a service.

    The admin shows the record with a button to the office page that changes it (`office_url`),
    and never reverts it from its history: django-simple-history saves a posted revert after
    checking only the right to view, which would write around the service. Each admin still says
    itself which of add, change and delete it refuses; this mixin grants nothing.
    """

    change_form_template = "admin/office_link/change_form.html"
    change_list_template = "admin/office_link/change_list.html"
    office_link_label = _("Open the office page")

    def office_url(self, obj: Any | None) -> str:
        """The office page for the record, or for the whole list when obj is None."""
        raise NotImplementedError

    def _link(self, obj: Any | None, extra_context: dict[str, Any] | None) -> dict[str, Any]:
        return {
            **(extra_context or {}),
            "office_url": self.office_url(obj),
            "office_link_label": self.office_link_label,
        }

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        return super().changeform_view(request, object_id, form_url, self._link(obj, extra_context))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, self._link(None, extra_context))

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        response: HttpResponse = super().history_form_view(  # type: ignore[misc]
            request, object_id, version_id, extra_context
        )
        return response


class WritesNothing:
    """Mixin refusing add, change and delete, whatever the permission gate would allow."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(WritesNothing):
    """Mixin for an inline whose rows a service writes: listed, never added, changed or deleted here."""

    can_delete = False
    extra = 0


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("code", "publisher", "title", "published", "kind", "date_uncertain")
    search_fields = ("code", "publisher", "title", "url", "note")
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


class ReadOnlyAdmin(WritesNothing, ChangedOnTheOfficePage):
    """The admin of a model only services write: shown, with the button to its office page."""


# The outbox has no admin: its office page (/office/outbox/, cocopa/core/outbox.py) shows each
# message's state and sends a failed one again through a service. post_office's own admin would
# show bodies (password-reset links) and edit or resend around that service.
for _model in OUTBOX_MODELS:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
