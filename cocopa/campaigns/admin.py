"""Campaigns in the back office: shown, never written here (docs/decisions/0007-one-write-path.md).

services.py checks what a form over one row cannot: a member adopts a campaign once, the network
takes part once, dates as the sources give them, a free address. Each page has a button to the
office page that changes the record."""

from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cocopa.campaigns.models import Adoption, Campaign
from cocopa.core.admin import ReadOnlyAdmin, ReadOnlyInline


class AdoptionInline(ReadOnlyInline, admin.TabularInline[Adoption, Campaign]):
    model = Adoption
    fields = ("member", "network", "adopted_on", "act_body", "act_number", "act_on", "uncertain")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "kind", "start_on", "end_on", "uncertain")
    list_filter = ("kind", "uncertain")
    search_fields = ("name_it", "name_en", "slug", "promoter")
    inlines = (AdoptionInline,)

    def office_url(self, obj: Campaign | None) -> str:
        if obj is None:
            return reverse("campaigns_office:list")
        return reverse("campaigns_office:edit", args=[obj.pk])


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("campaign", "member", "network", "adopted_on", "act_body", "uncertain")
    list_filter = ("act_body", "uncertain")
    search_fields = ("campaign__name_it", "member__name", "act_number")
    list_select_related = ("campaign", "member", "network")

    def office_url(self, obj: Adoption | None) -> str:
        if obj is None:
            return reverse("campaigns_office:list")
        return reverse("campaigns_office:edit-adoption", args=[obj.pk])
