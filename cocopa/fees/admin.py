"""Back office for fees. Schedules are edited here. Assessments, payments and waivers are only
shown: the fees pages write them through the services, which freeze the figures, check the
member and the balance and keep the audit trail (docs/decisions/0007-one-write-path.md)."""

from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cocopa.core.admin import ReadOnlyAdmin
from cocopa.fees.models import (
    Allocation,
    Assessment,
    FeeBase,
    FeeSchedule,
    Payment,
    Receipt,
    Refund,
    UnmatchedBankRow,
    Waiver,
)


@admin.register(FeeSchedule)
class FeeScheduleAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.set_fee_schedule checks the rule and audits the change (/fees/schedule/)."""

    list_display = ("year", "kind", "rate", "minimum", "maximum", "amount", "pro_rata", "source")

    def office_url(self, obj: FeeSchedule | None) -> str:
        return reverse("fees:schedule") + (f"?year={obj.year}" if obj else "")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: issued by services.assess_fees, whose frozen figures are not edited by hand."""

    list_display = ("code", "authority", "year", "amount", "population", "population_on")
    list_filter = ("year",)
    search_fields = ("code", "authority__name")

    def office_url(self, obj: Assessment | None) -> str:
        return reverse("fees:overview")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.record_payment refuses another member's assessment and audits the
    entry; services.archive_payment archives one (never deleted), with the reason."""

    list_display = ("paid_on", "authority", "amount", "method", "reference", "assessment", "archived_on")
    list_filter = ("method", "archived_on")
    search_fields = ("reference", "payer", "authority__name")

    def office_url(self, obj: Payment | None) -> str:
        return reverse("fees:payments")


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.waive forgoes no more than is still due, and records who decided."""

    list_display = ("assessment", "amount", "on", "by")

    def office_url(self, obj: Waiver | None) -> str:
        return reverse("fees:arrears")


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.allocate checks the member, what is left and what is due."""

    list_display = ("payment", "assessment", "amount", "how", "by", "created_at")
    list_filter = ("how",)

    def office_url(self, obj: Allocation | None) -> str:
        return reverse("fees:allocate", args=[obj.payment_id]) if obj else reverse("fees:payments")


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.refund gives back no more than the payment's unallocated money."""

    list_display = ("payment", "amount", "on", "by")

    def office_url(self, obj: Refund | None) -> str:
        return reverse("fees:allocate", args=[obj.payment_id]) if obj else reverse("fees:payments")


@admin.register(FeeBase)
class FeeBaseAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.set_fee_base / remove_fee_base (the office's fee bases page) audit who
    set which base and why."""

    list_display = ("authority", "valid_from", "kind", "amount", "population", "set_by")
    search_fields = ("authority__name", "reason")

    def office_url(self, obj: FeeBase | None) -> str:
        return reverse("fees:bases")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.issue_receipt numbers receipts without gaps; none is edited or deleted."""

    list_display = ("__str__", "payment", "issued_on", "issued_by", "issuer_name")
    list_filter = ("year",)

    def office_url(self, obj: Receipt | None) -> str:
        return reverse("fees:payments")


@admin.register(UnmatchedBankRow)
class UnmatchedBankRowAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: services.match_bank_row / dismiss_bank_row (the queue page) record the payment or
    the reason, once, audited."""

    list_display = ("paid_on", "amount", "payer", "reference", "why", "status", "resolved_by")
    list_filter = ("status", "why")
    search_fields = ("payer", "reference")

    def office_url(self, obj: UnmatchedBankRow | None) -> str:
        return reverse("fees:match-bank-row", args=[obj.pk]) if obj else reverse("fees:unmatched")
