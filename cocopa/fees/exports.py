"""Rows of the CSV and XLSX exports for the administrative office: one list of columns each, so
both formats carry the same data. Values keep their types (amounts as Decimal, days as dates):
cocopa.core.tables writes them as numbers and dates in XLSX and unambiguously in CSV."""

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocopa.core.tables import Row
from cocopa.fees.models import Assessment, Payment

# (key, header): the key names the column in code and tests, the header is what the office reads,
# in the request's language (the same words as the columns of the fees pages).
ASSESSMENT_COLUMNS = (
    ("code", _("Code")),
    ("year", _("Year")),
    ("member", _("Member")),
    ("istat_code", _("ISTAT code")),
    ("population", _("Population")),
    ("population_on", _("Population date")),
    ("amount", _("Amount")),
    ("paid", _("Paid")),
    ("waived", _("Waived")),
    ("balance", _("Balance")),
)
PAYMENT_COLUMNS = (
    ("id", _("ID")),
    ("date", _("Date")),
    ("member", _("Member")),
    ("istat_code", _("ISTAT code")),
    ("amount", _("Amount")),
    ("method", _("Method")),
    ("reference", _("Reference")),
    ("payer", _("Payer")),
    ("assessment", _("Assessment")),
    ("imported_from", _("Imported from")),
    ("allocated", _("Allocated")),
    ("refunded", _("Refunded")),
    ("unallocated", _("Not allocated")),
)


def header(columns: Iterable[tuple[str, str | Promise]]) -> list[str]:
    """The header row in the active language."""
    return [str(label) for _key, label in columns]


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
