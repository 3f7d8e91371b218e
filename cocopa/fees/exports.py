"""Rows of the CSV and XLSX exports for the administrative office: one list of columns each, so
both formats carry the same data. Values keep their types (amounts as Decimal, days as dates):
cocopa.core.tables writes them as numbers and dates in XLSX and unambiguously in CSV."""

from collections.abc import Iterable

from cocopa.core.tables import Row
from cocopa.fees.models import Assessment, Payment

ASSESSMENT_COLUMNS = (
    "code", "year", "member", "istat_code", "population", "population_on", "amount", "paid", "waived", "balance",
)  # fmt: skip
PAYMENT_COLUMNS = (
    "id", "date", "member", "istat_code", "amount", "method", "reference", "payer", "assessment", "imported_from",
    "allocated", "refunded", "unallocated",
)  # fmt: skip


def assessment_rows(assessments: Iterable[Assessment]) -> Iterable[Row]:
    """Assessments annotated by ledger.with_totals()."""
    for a in assessments:
        yield (
            a.code,
            a.year,
            a.authority.name,
            a.authority.istat_code or "",
            a.population,
            a.population_on,
            a.amount,
            a.paid,  # type: ignore[attr-defined]
            a.waived,  # type: ignore[attr-defined]
            a.balance,  # type: ignore[attr-defined]
        )


def payment_rows(payments: Iterable[Payment]) -> Iterable[Row]:
    """Payments annotated by ledger.payments()."""
    for p in payments:
        yield (
            p.pk,
            p.paid_on,
            p.authority.name,
            p.authority.istat_code or "",
            p.amount,
            p.method,
            p.reference,
            p.payer,
            p.assessment.code if p.assessment else "",
            p.imported_from,
            p.allocated,  # type: ignore[attr-defined]
            p.refunded,  # type: ignore[attr-defined]
            p.unallocated,  # type: ignore[attr-defined]
        )
