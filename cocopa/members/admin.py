"""Back office for the member registry: staff edit everything here; every change is kept in history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.members.models import (
    AdhesionAct,
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


class MembershipInline(TranslationStackedInline[Membership, LocalAuthority]):
    model = Membership
    extra = 0
    fields = (
        ("start_on", "start_precision", "start_basis", "start_source"),
        ("end_on", "end_precision", "end_basis", "end_source"),
        "notes",
    )
    autocomplete_fields = ("start_source", "end_source")


class AdhesionActInline(TranslationTabularInline[AdhesionAct, LocalAuthority]):
    model = AdhesionAct
    extra = 0
    fields = (
        "kind",
        "body",
        "number",
        "adopted_on",
        "adopted_precision",
        "in_force_on",
        "membership",
        "source",
        "notes",
    )
    autocomplete_fields = ("source",)


class EvidenceInline(TranslationTabularInline[MembershipEvidence, LocalAuthority]):
    model = MembershipEvidence
    extra = 0
    fields = ("on", "on_precision", "date_text", "what", "source", "uncertain")
    autocomplete_fields = ("source",)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SimpleHistoryAdmin, TranslationAdmin[LocalAuthority]):  # type: ignore[misc]
    list_display = ("name", "kind", "istat_code", "province_code", "province_name", "region_name")
    list_filter = ("kind", "region_name", "province_name")
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
    )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin, TranslationAdmin[Membership]):  # type: ignore[misc]
    list_display = ("authority", "start_on", "start_basis", "end_on", "end_basis")
    list_filter = ("start_basis", "end_basis")
    search_fields = ("authority__name", "authority__istat_code")
    date_hierarchy = "start_on"
    autocomplete_fields = ("authority", "start_source", "end_source")
    list_select_related = ("authority",)


@admin.register(PopulationFigure)
class PopulationFigureAdmin(SimpleHistoryAdmin, TranslationAdmin[PopulationFigure]):  # type: ignore[misc]
    list_display = ("authority", "value", "reference_date", "source", "uncertain", "preferred")
    list_filter = ("uncertain", "preferred", "reference_date")
    search_fields = ("authority__name", "authority__istat_code")
    autocomplete_fields = ("authority", "source")
    list_select_related = ("authority", "source")


@admin.register(AdhesionAct)
class AdhesionActAdmin(SimpleHistoryAdmin, TranslationAdmin[AdhesionAct]):  # type: ignore[misc]
    list_display = ("authority", "kind", "number", "adopted_on", "in_force_on", "source")
    list_filter = ("kind",)
    search_fields = ("authority__name", "number")
    autocomplete_fields = ("authority", "source", "membership")
    list_select_related = ("authority", "source")


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
