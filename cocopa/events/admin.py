"""Events in the back office: shown, never written here (docs/decisions/0007-one-write-path.md).

services.py checks the dates, the place and the links an event holds; a form over one row would
write around it. Each page has a button to the office page that changes the record."""

from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.admin import ReadOnlyAdmin
from cocopa.events.models import Event, EventKind


@admin.register(EventKind)
class EventKindAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("key", "name")
    search_fields = ("key", "name_it", "name_en")

    def office_url(self, obj: EventKind | None) -> str:
        if obj is None:
            return reverse("events_office:kinds")
        return reverse("events_office:edit-kind", args=[obj.pk])


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "kind", "start_on", "is_public", "uncertain")
    list_filter = ("kind", "is_public", "uncertain")
    search_fields = ("title_it", "title_en", "address")
    date_hierarchy = "start_on"

    def office_url(self, obj: Event | None) -> str:
        if obj is None:
            return reverse("events_office:list")
        return reverse("events_office:edit", args=[obj.pk])
