"""Back office for fees. Schedules are edited here; payments can be archived but never deleted,
and nothing here deletes an assessment that a payment or waiver refers to (PROTECT)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cocopa.fees.models import Assessment, FeeSchedule, Payment, Waiver


@admin.register(FeeSchedule)
class FeeScheduleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("year", "kind", "rate", "minimum", "maximum", "amount", "pro_rata", "source")
    autocomplete_fields = ("source",)


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("code", "authority", "year", "amount", "population", "population_on")
    list_filter = ("year",)
    search_fields = ("code", "authority__name")
    # Issued by the assess_fees service: the figures it froze are not edited by hand.
    readonly_fields = (
        "authority",
        "year",
        "schedule",
        "code",
        "amount",
        "full_year_amount",
        "joined_on",
        "population",
        "population_figure",
        "population_on",
        "size_class",
        "rule",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("paid_on", "authority", "amount", "method", "reference", "assessment", "archived_on")
    list_filter = ("method", "archived_on")
    search_fields = ("reference", "payer", "authority__name")
    autocomplete_fields = ("authority",)
    raw_id_fields = ("assessment",)
    readonly_fields = ("imported_from", "import_key", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # payments are archived (archived_on), never deleted


@admin.register(Waiver)
class WaiverAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("assessment", "amount", "on", "by")
    raw_id_fields = ("assessment",)
