"""City diplomacy in the back office: shown, never written here
(docs/decisions/0007-one-write-path.md). services.py checks partial dates, the parties of an
agreement, coordinates, costs, and refuses to delete a local authority abroad an agreement names;
a form over one row would write around it. Each page has a button to the office page."""

from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.admin import ReadOnlyAdmin, ReadOnlyInline
from cocopa.diplomacy.models import Agreement, AgreementKind, Cost, ForeignAuthority, Mission, Participant


@admin.register(AgreementKind)
class AgreementKindAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "key", "order")
    search_fields = ("key", "name_it", "name_en")

    def office_url(self, obj: AgreementKind | None) -> str:
        return reverse("diplomacy_office:home")


@admin.register(ForeignAuthority)
class ForeignAuthorityAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "country", "latitude", "longitude")
    list_filter = ("country",)
    search_fields = ("name",)

    def office_url(self, obj: ForeignAuthority | None) -> str:
        if obj is None:
            return reverse("diplomacy_office:authorities")
        return reverse("diplomacy_office:authority-edit", args=[obj.pk])


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "kind", "signed_on", "uncertain")
    list_filter = ("kind", "uncertain")
    search_fields = ("title_it", "title_en", "act_number")

    def office_url(self, obj: Agreement | None) -> str:
        if obj is None:
            return reverse("diplomacy_office:home")
        return reverse("diplomacy_office:agreement-edit", args=[obj.pk])


class ParticipantInline(ReadOnlyInline, admin.TabularInline[Participant, Mission]):
    model = Participant
    fields = ("office", "name", "public_office", "member")


class CostInline(ReadOnlyInline, admin.TabularInline[Cost, Mission]):
    model = Cost
    fields = ("item", "amount", "currency", "payer")


@admin.register(Mission)
class MissionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "direction", "country", "started_on", "uncertain")
    list_filter = ("direction", "uncertain")
    search_fields = ("title_it", "title_en", "place")
    inlines = (ParticipantInline, CostInline)

    def office_url(self, obj: Mission | None) -> str:
        if obj is None:
            return reverse("diplomacy_office:home")
        return reverse("diplomacy_office:mission-edit", args=[obj.pk])
