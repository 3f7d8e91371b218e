"""Back office for the network's profile and taxonomies; every change is kept in history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website


@admin.register(NetworkProfile)
class NetworkProfileAdmin(SimpleHistoryAdmin, TranslationAdmin[NetworkProfile]):  # type: ignore[misc]
    list_display = ("acronym", "name", "founded_on")
    autocomplete_fields = ("capital", "territory", "motto_source", "contact_source")
    fieldsets = (
        (None, {"fields": ("name", "acronym", "founded_on", "founded_precision", "description")}),
        ("Motto", {"fields": ("motto_quote", "motto_author", "motto_occasion", "motto_on", "motto_source")}),
        ("Territory", {"fields": ("territory_name", "territory", "capital")}),
        ("Contacts", {"fields": ("address", "phones", "fax", "email", "contact_source", "contact_note")}),
        ("Factsheet", {"fields": ("factsheet_country", "member_report_shows_fees")}),
    )
    # Chosen on the factsheet page (factsheet.services.set_timeline_country) and on a member's
    # report (factsheet.services.set_member_report_fees), which audit the change.
    readonly_fields = ("factsheet_country", "member_report_shows_fees")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One network per installation.
        return not NetworkProfile.objects.exists() and super().has_add_permission(request)


@admin.register(FoundingClaim)
class FoundingClaimAdmin(SimpleHistoryAdmin, TranslationAdmin[FoundingClaim]):  # type: ignore[misc]
    list_display = ("on", "on_precision", "fact", "uncertain", "preferred")
    filter_horizontal = ("sources",)


@admin.register(Website)
class WebsiteAdmin(SimpleHistoryAdmin, TranslationAdmin[Website]):  # type: ignore[misc]
    list_display = ("url", "note", "current", "order")
    filter_horizontal = ("sources",)


@admin.register(FieldOfAction)
class FieldOfActionAdmin(SimpleHistoryAdmin, TranslationAdmin[FieldOfAction]):  # type: ignore[misc]
    list_display = ("name", "order", "source")
    search_fields = ("name_it", "name_en")
    autocomplete_fields = ("source",)


class ChildFieldInline(TranslationTabularInline[FieldOfIntervention, FieldOfIntervention]):
    model = FieldOfIntervention
    fk_name = "parent"
    extra = 0
    fields = ("name", "order", "source")


@admin.register(FieldOfIntervention)
class FieldOfInterventionAdmin(SimpleHistoryAdmin, TranslationAdmin[FieldOfIntervention]):  # type: ignore[misc]
    list_display = ("name", "parent", "order", "source")
    list_filter = ("parent",)
    search_fields = ("name_it", "name_en")
    autocomplete_fields = ("source", "parent")
    inlines = (ChildFieldInline,)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("parent", "source")
