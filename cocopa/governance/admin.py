"""Back office for governance records: people and their offices, bodies with their rules and
positions, and hand-entered resolutions are edited here; every change is kept in history.

What a service guards is only shown here, with a button to the office page that changes it
(docs/decisions/0007-one-write-path.md): designations (no overlap), mandates (seat counts),
meetings with their agenda and attendance register (proxies held by members present), counted
motions' resolutions and elections. Ballots are not shown at all.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.admin import ChangedOnTheOfficePage, ReadOnlyAdmin, ReadOnlyInline
from cocopa.core.names import SafeNamesForm
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
    Motion,
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
    form = SafeNamesForm  # names refuse control and text-direction characters (core/names.py)
    list_display = ("name", "email", "user")
    search_fields = ("name", "email")
    autocomplete_fields = ("user",)
    inlines = (OfficeInline,)


@admin.register(Designation)
class DesignationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.designate ends the designation in force and refuses an overlapping one,
    which a form over one row cannot see. Designated on the member's office page."""

    list_display = ("authority", "person", "basis", "start_on", "end_on")
    list_filter = ("basis",)
    search_fields = ("authority__name", "person__name")
    autocomplete_fields = ("authority", "person", "source")

    def office_url(self, obj: Designation | None) -> str:
        if obj is None:
            return reverse("office:people-members")
        return reverse("office:people-member", args=[obj.authority.slug])


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
class MandateAdmin(ReadOnlyAdmin, SimpleHistoryAdmin, TranslationAdmin[Mandate]):  # type: ignore[misc]
    """Read-only: services.appoint counts the seats taken on every day of the new mandate, which
    a form over one row cannot. Appointed and ended on the body's office page."""

    list_display = ("position", "person", "authority", "start_on", "end_on", "began", "ended", "uncertain")
    list_filter = ("body", "began", "ended", "uncertain")
    search_fields = ("person__name", "authority__name", "affiliation")
    autocomplete_fields = ("person", "authority", "source")
    list_select_related = ("position__body", "person", "authority")
    readonly_fields = ("election", "end_from_term")

    def office_url(self, obj: Mandate | None) -> str:
        if obj is None:
            return reverse("office:bodies")
        return reverse("office:body-detail", args=[obj.body.key])


class AgendaDocumentInline(admin.TabularInline[AgendaDocument, AgendaItem]):
    model = AgendaDocument
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(ChangedOnTheOfficePage, SimpleHistoryAdmin):  # type: ignore[misc]
    """The item itself is read-only (services.convene numbers the agenda, services.record_minutes
    writes its minutes); its documents, which no service guards, are attached here."""

    list_display = ("meeting", "number", "title")
    search_fields = ("title",)
    readonly_fields = ("meeting", "number", "title", "description", "minutes")
    inlines = (AgendaDocumentInline,)

    def office_url(self, obj: AgendaItem | None) -> str:
        if obj is None:
            return reverse("office:dashboard")
        return reverse("office:meeting-detail", args=[obj.meeting_id])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgendaItemInline(ReadOnlyInline, admin.TabularInline[AgendaItem, Meeting]):
    model = AgendaItem
    fields = ("number", "title", "description")
    show_change_link = True  # documents are attached on the item's own page


class AttendanceInline(ReadOnlyInline, admin.TabularInline[Attendance, Meeting]):
    model = Attendance
    fields = ("authority", "announced", "presence", "person", "proxy_for")


class MotionInline(ReadOnlyInline, admin.TabularInline[Motion, Meeting]):
    """The votes, read-only (put, counted and, for a secret ballot, the box entered on the office's
    motion page); `voting` carries its help text: roll-call is the software's default."""

    model = Motion
    fields = ("title", "voting", "status", "carried")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.convene writes the agenda and the register of members entitled to sit,
    services.record_attendance lets only a member present hold a proxy, services.cancel_meeting
    keeps a meeting with counted votes. All on the meeting's office page."""

    list_display = ("body", "starts_at", "place", "status")
    list_filter = ("body", "status")
    date_hierarchy = "starts_at"
    inlines = (AgendaItemInline, AttendanceInline, MotionInline)

    def office_url(self, obj: Meeting | None) -> str:
        if obj is None:
            return reverse("office:dashboard")
        return reverse("office:meeting-detail", args=[obj.pk])


@admin.register(Resolution)
class ResolutionAdmin(ChangedOnTheOfficePage, SimpleHistoryAdmin):  # type: ignore[misc]
    """Resolutions adopted before the platform are entered here (the unique number per body and
    year guards them); one that services.count_motion numbered from a counted motion is read-only."""

    list_display = ("number", "year", "body", "title", "adopted_on", "carried", "published")
    list_filter = ("body", "year", "published")
    search_fields = ("title", "text")
    readonly_fields = ("motion", "figures")

    def office_url(self, obj: Resolution | None) -> str:
        if obj is None or obj.motion_id is None:
            return ""
        return reverse("office:motion-detail", args=[obj.motion_id])

    def has_change_permission(self, request: HttpRequest, obj: Resolution | None = None) -> bool:
        return (obj is None or obj.motion_id is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Resolution | None = None) -> bool:
        return (obj is None or obj.motion_id is None) and super().has_delete_permission(request, obj)


class CandidateInline(ReadOnlyInline, admin.TabularInline[Candidate, Election]):
    model = Candidate
    fields = ("person", "authority", "nominated_by", "withdrawn")


class ParticipationInline(ReadOnlyInline, admin.TabularInline[Participation, Election]):
    model = Participation
    fields = ("authority", "channel", "person", "recorded_by", "at")
    readonly_fields = ("at",)


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: created, run and counted from the office pages, through the services (the
    electorate is fixed by the election day, the count by the ballots)."""

    list_display = ("title", "body", "held_on", "status")
    list_filter = ("body", "status")
    inlines = (CandidateInline, ParticipationInline)

    def office_url(self, obj: Election | None) -> str:
        if obj is None:
            return reverse("office:dashboard")
        return reverse("office:election-detail", args=[obj.pk])
