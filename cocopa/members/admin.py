"""Back office for the member registry: staff edit authorities, figures, evidence and conventions
here; every change is kept in history.

Authorities and acts are archived, never deleted (members/README.md, "Archive"): no delete
permission, and an "archive" action that calls the service. Acts are recorded on the member's
office page through services.record_act, so that the membership periods follow them; here they
and the periods they made are read-only (docs/decisions/0007-one-write-path.md).
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.admin import ChangedOnTheOfficePage, ReadOnlyAdmin, ReadOnlyInline
from cocopa.core.errors import DomainError
from cocopa.core.names import SafeNamesForm
from cocopa.members import services
from cocopa.members.models import (
    AdhesionAct,
    Convention,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    ReportedCount,
    SizeClass,
)


class PopulationFigureInline(TranslationTabularInline[PopulationFigure, LocalAuthority]):
    model = PopulationFigure
    extra = 0
    fields = (
        "value",
        "reference_date",
        "reference_precision",
        "reference_text",
        "basis",
        "source",
        "uncertain",
        "preferred",
    )
    autocomplete_fields = ("source",)


class MembershipInline(ReadOnlyInline, TranslationStackedInline[Membership, LocalAuthority]):
    """Read-only: a period is changed on its own page (when no act made it) or by recording an act."""

    model = Membership
    show_change_link = True
    fields = (
        ("start_on", "start_precision", "start_basis", "start_source"),
        ("end_on", "end_precision", "end_basis", "end_source"),
        "notes",
    )
    autocomplete_fields = ("start_source", "end_source")


class AdhesionActInline(ReadOnlyInline, TranslationTabularInline[AdhesionAct, LocalAuthority]):
    model = AdhesionAct
    fields = (
        "kind",
        "body",
        "number",
        "adopted_on",
        "adopted_precision",
        "in_force_on",
        "convention",
        "notified_on",
        "effective_on",
        "membership",
        "source",
        "document_url",
        "notes",
        "archived_on",
    )
    readonly_fields = ("archived_on",)


class EvidenceInline(TranslationTabularInline[MembershipEvidence, LocalAuthority]):
    model = MembershipEvidence
    extra = 0
    fields = ("on", "on_precision", "date_text", "what", "source", "uncertain")
    autocomplete_fields = ("source",)


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("no")), ("yes", _("yes"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "no":
            return queryset.filter(archived_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_on__isnull=False)
        return queryset


def _each(
    model_admin: admin.ModelAdmin[Any], request: HttpRequest, rows: QuerySet[Any], service: Any, done: Any
) -> None:
    """Call the service on each selected row; a refusal is shown with its row, the others go on."""
    count = 0
    for row in rows:
        try:
            service(row, actor=request.user)
        except DomainError as err:
            model_admin.message_user(request, f"{row}: {err.message}", messages.WARNING)
        else:
            count += 1
    model_admin.message_user(request, done % {"n": count}, messages.SUCCESS)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SimpleHistoryAdmin, TranslationAdmin[LocalAuthority]):  # type: ignore[misc]
    form = SafeNamesForm  # names refuse control and text-direction characters (core/names.py)
    list_display = (
        "name",
        "kind",
        "istat_code",
        "province_code",
        "province_name",
        "region_name",
        "archived_on",
    )
    list_filter = (ArchivedFilter, "kind", "region_name", "province_name")
    readonly_fields = ("archived_on", "archived_by")
    actions = ("archive",)
    search_fields = ("name", "istat_code", "cadastral_code", "names_in_sources")
    inlines = (MembershipInline, PopulationFigureInline, AdhesionActInline, EvidenceInline)
    fieldsets = (
        (None, {"fields": ("kind", "name", "names_in_sources")}),
        (
            "ISTAT",
            {
                "fields": (
                    "istat_code",
                    "province_code",
                    "statistical_code",
                    "cadastral_code",
                    "province_name",
                    "region_name",
                )
            },
        ),
        (None, {"fields": ("latitude", "longitude", "notes")}),
        (_("Archive"), {"fields": ("archived_on", "archived_by")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # archived, never deleted

    @admin.action(description=_("Archive the selected authorities"))
    def archive(self, request: HttpRequest, queryset: QuerySet[LocalAuthority]) -> None:
        _each(self, request, queryset, services.archive_authority, _("Archived: %(n)s."))


def _acts_page(authority_id: int | None) -> str:
    if authority_id is None:
        return reverse("members_office:conventions")
    return reverse("members_office:member-acts", args=[authority_id])


@admin.register(Membership)
class MembershipAdmin(ChangedOnTheOfficePage, SimpleHistoryAdmin, TranslationAdmin[Membership]):  # type: ignore[misc]
    """A period attested by a source is entered here (Membership.clean refuses an overlap); one
    that acts made follows them (services.apply_act) and is read-only: record an act instead."""

    list_display = ("authority", "start_on", "start_basis", "end_on", "end_basis")
    list_filter = ("start_basis", "end_basis")
    search_fields = ("authority__name", "authority__istat_code")
    date_hierarchy = "start_on"
    autocomplete_fields = ("authority", "start_source", "end_source")
    list_select_related = ("authority",)

    def office_url(self, obj: Membership | None) -> str:
        return _acts_page(obj.authority_id if obj else None)

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return (obj is None or not obj.acts.exists()) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return (obj is None or not obj.acts.exists()) and super().has_delete_permission(request, obj)


@admin.register(PopulationFigure)
class PopulationFigureAdmin(SimpleHistoryAdmin, TranslationAdmin[PopulationFigure]):  # type: ignore[misc]
    list_display = ("authority", "value", "reference_date", "source", "uncertain", "preferred")
    list_filter = ("uncertain", "preferred", "reference_date")
    search_fields = ("authority__name", "authority__istat_code")
    autocomplete_fields = ("authority", "source")
    list_select_related = ("authority", "source")


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin, TranslationAdmin[Convention]):  # type: ignore[misc]
    list_display = ("title", "kind", "start_on", "end_on", "withdrawal_notice_days", "source")
    list_filter = ("kind",)
    search_fields = ("title_it", "title_en")
    autocomplete_fields = ("source",)
    list_select_related = ("source",)


@admin.register(AdhesionAct)
class AdhesionActAdmin(ReadOnlyAdmin, SimpleHistoryAdmin, TranslationAdmin[AdhesionAct]):  # type: ignore[misc]
    """Read-only: an act is recorded on the member's office page (services.record_act), which
    moves the membership periods with it and refuses a withdrawal inside the notice period.
    "apply" lets the periods follow an act entered before; "archive" takes one out of the record."""

    list_display = (
        "authority",
        "kind",
        "number",
        "adopted_on",
        "in_force_on",
        "convention",
        "effective_on",
        "source",
        "archived_on",
    )
    list_filter = (ArchivedFilter, "kind", "convention")
    search_fields = ("authority__name", "number")
    autocomplete_fields = ("authority", "source", "membership")
    list_select_related = ("authority", "source", "convention")
    readonly_fields = ("notice_forced", "archived_on", "archived_by")
    actions = ("apply", "archive")

    def office_url(self, obj: AdhesionAct | None) -> str:
        return _acts_page(obj.authority_id if obj else None)

    @admin.action(description=_("Apply to the membership periods"))
    def apply(self, request: HttpRequest, queryset: QuerySet[AdhesionAct]) -> None:
        _each(self, request, queryset, services.apply_act, _("Applied: %(n)s."))

    @admin.action(description=_("Archive the selected acts"))
    def archive(self, request: HttpRequest, queryset: QuerySet[AdhesionAct]) -> None:
        _each(self, request, queryset, services.archive_act, _("Archived: %(n)s."))


@admin.register(MembershipEvidence)
class MembershipEvidenceAdmin(SimpleHistoryAdmin, TranslationAdmin[MembershipEvidence]):  # type: ignore[misc]
    list_display = ("authority", "date_text", "on", "source", "uncertain")
    list_filter = ("uncertain", "source")
    search_fields = ("authority__name", "what_it", "what_en")
    autocomplete_fields = ("authority", "source")
    list_select_related = ("authority", "source")


@admin.register(ReportedCount)
class ReportedCountAdmin(SimpleHistoryAdmin, TranslationAdmin[ReportedCount]):  # type: ignore[misc]
    list_display = ("date_label", "municipalities", "text", "source", "uncertain")
    list_filter = ("uncertain",)
    search_fields = ("text_it", "text_en")
    autocomplete_fields = ("source", "conflicts_with")


@admin.register(SizeClass)
class SizeClassAdmin(SimpleHistoryAdmin, TranslationAdmin[SizeClass]):  # type: ignore[misc]
    list_display = ("name", "key", "lower_bound")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The class starting at 0 keeps every municipality classified: it can be renamed, not deleted.
        if obj is not None and obj.lower_bound == 0:
            return False
        return super().has_delete_permission(request, obj)
