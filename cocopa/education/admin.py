"""Peace education in the back office: shown, never written here
(docs/decisions/0007-one-write-path.md). services.py checks what a form over one row cannot: an
activity's member was a member in that school year, a topic in use is never deleted, a programme's
address is free. Each page has a button to the office page that changes the record."""

from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.admin import ReadOnlyAdmin
from cocopa.education.models import Activity, Programme, Topic


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "key", "order", "retired")
    list_filter = ("retired",)
    search_fields = ("key", "name_it", "name_en")

    def office_url(self, obj: Topic | None) -> str:
        if obj is None:
            return reverse("education_office:topics")
        return reverse("education_office:topic-edit", args=[obj.pk])


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "from_year", "to_year", "source")
    search_fields = ("title_it", "title_en", "slug")

    def office_url(self, obj: Programme | None) -> str:
        if obj is None:
            return reverse("education_office:overview")
        return reverse("education_office:programme-edit", args=[obj.pk])


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("school_name", "school_year", "member", "programme", "level", "pupils")
    list_filter = ("level", "programme")
    search_fields = ("school_name", "school_code", "member__name")
    list_select_related = ("member", "programme")

    def office_url(self, obj: Activity | None) -> str:
        if obj is None:
            return reverse("education_office:overview")
        return reverse("education_office:activity-edit", args=[obj.pk])
