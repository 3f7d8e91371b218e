"""Back office for governance records: people and their offices, designations, bodies with their
rules and positions, mandates, meetings, resolutions. Every change is kept in history.

Elections are run from the office pages (/office/), which go through the services: here their
status, result and participation are read-only, and ballots are not shown at all.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.governance.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Body,
    Candidate,
    Designation,
    Election,
    Mandate,
    Meeting,
    Office,
    Participation,
    Person,
    Position,
    Resolution,
)


class OfficeInline(admin.TabularInline[Office, Person]):
    model = Office
    extra = 0
    fields = (
        "authority",
        "kind",
        "title",
        "start_on",
        "start_precision",
        "end_on",
        "end_precision",
        "source",
    )
    autocomplete_fields = ("authority", "source")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "email", "user")
    search_fields = ("name", "email")
    autocomplete_fields = ("user",)
    inlines = (OfficeInline,)


@admin.register(Designation)
class DesignationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("authority", "person", "basis", "start_on", "end_on")
    list_filter = ("basis",)
    search_fields = ("authority__name", "person__name")
    autocomplete_fields = ("authority", "person", "source")


class PositionInline(TranslationTabularInline[Position, Body]):
    model = Position
    extra = 0
    fields = ("key", "name", "seats", "holder", "order")


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin, TranslationAdmin[Body]):  # type: ignore[misc]
    list_display = ("name", "kind", "term_years", "rules_are_defaults")
    search_fields = ("name_it", "name_en", "key")
    autocomplete_fields = ("source", "term_source")
    inlines = (PositionInline,)


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin, TranslationAdmin[Mandate]):  # type: ignore[misc]
    list_display = ("position", "person", "authority", "start_on", "end_on", "began", "ended", "uncertain")
    list_filter = ("body", "began", "ended", "uncertain")
    search_fields = ("person__name", "authority__name", "affiliation")
    autocomplete_fields = ("person", "authority", "source")
    list_select_related = ("position__body", "person", "authority")
    readonly_fields = ("election", "end_from_term")


class AgendaDocumentInline(admin.TabularInline[AgendaDocument, AgendaItem]):
    model = AgendaDocument
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("meeting", "number", "title")
    search_fields = ("title",)
    inlines = (AgendaDocumentInline,)


class AgendaItemInline(admin.TabularInline[AgendaItem, Meeting]):
    model = AgendaItem
    extra = 0
    fields = ("number", "title", "description")
    show_change_link = True  # documents are attached on the item's own page


class AttendanceInline(admin.TabularInline[Attendance, Meeting]):
    model = Attendance
    extra = 0
    fields = ("authority", "announced", "presence", "person", "proxy_for")
    readonly_fields = ("authority", "announced")
    can_delete = False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("body", "starts_at", "place", "status")
    list_filter = ("body", "status")
    date_hierarchy = "starts_at"
    inlines = (AgendaItemInline, AttendanceInline)


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("number", "year", "body", "title", "adopted_on", "carried", "published")
    list_filter = ("body", "year", "published")
    search_fields = ("title", "text")
    readonly_fields = ("motion", "figures")


class CandidateInline(admin.TabularInline[Candidate, Election]):
    model = Candidate
    extra = 0
    fields = ("person", "authority", "nominated_by", "withdrawn")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ParticipationInline(admin.TabularInline[Participation, Election]):
    model = Participation
    extra = 0
    fields = ("authority", "channel", "person", "recorded_by", "at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "body", "held_on", "status")
    list_filter = ("body", "status")
    readonly_fields = (
        "body",
        "position",
        "method",
        "seats",
        "max_choices",
        "tie_rule",
        "secret",
        "creates_presidency",
        "status",
        "seed",
        "result",
    )
    inlines = (CandidateInline, ParticipationInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created, run and counted from the office pages, through the services

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
