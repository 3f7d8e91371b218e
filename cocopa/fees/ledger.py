"""The one ledger: every balance shown by a fee page, export, reminder or the API is read here.

What an assessment has been paid is the sum of its allocation rows (`Allocation`) of payments
not archived; nothing else counts as paid, so the year overview, a member's page, the arrears,
the exports and the API cannot disagree. Per assessment:

    paid = allocations of live payments    balance = amount − paid − waived   (never below 0)

Per member, across years:

    received = live payments    refunded = refunds of live payments
    credit   = received − paid − refunded   (money received and applied to no fee yet)
    due      = Σ assessment balances          balance = due − credit

Totals come from subqueries, so the number of queries does not grow with the number of members
(tests/test_views.py counts them).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cocopa.fees import rules
from cocopa.fees.models import Allocation, Assessment, Payment, Refund, Waiver
from cocopa.members.models import LocalAuthority

ZERO = Decimal(0)
_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)


def _sum(qs: QuerySet[Any], ref: str) -> Coalesce:
    total = qs.filter(**{ref: OuterRef("pk")}).order_by().values(ref).annotate(t=Sum("amount")).values("t")
    return Coalesce(Subquery(total, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def live_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.filter(payment__archived_on__isnull=True)


def visible(qs: QuerySet[Any], authority_ids: Sequence[int] | None) -> QuerySet[Any]:
    return qs if authority_ids is None else qs.filter(authority_id__in=authority_ids)


def with_totals(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate `paid` (allocations of live payments), `waived` and `balance`."""
    return (
        qs.select_related("authority", "population_source", "population_figure")
        .annotate(
            paid=_sum(live_allocations(), "assessment"), waived=_sum(Waiver.objects.all(), "assessment")
        )
        .annotate(balance=ExpressionWrapper(F("amount") - F("paid") - F("waived"), output_field=_MONEY))
    )


def to_cents(rows: Iterable[Any], names: Sequence[str] = ("paid", "waived", "balance")) -> list[Any]:
    """Rows with their sums to the cent (SQLite computes them as floats)."""
    result = list(rows)
    for row in result:
        for name in names:
            setattr(row, name, rules.to_cent(Decimal(getattr(row, name))))
    return result


def year_assessments(year: int, authority_ids: Sequence[int] | None = None) -> list[Any]:
    """The year's assessments with their totals, to the cent, by member name."""
    qs = visible(Assessment.objects.filter(year=year), authority_ids)
    return to_cents(with_totals(qs).order_by("authority__name", "pk"))


def assessments(authority_ids: Sequence[int] | None = None) -> list[Any]:
    """Every assessment with its totals, newest year first."""
    qs = visible(Assessment.objects.all(), authority_ids)
    return to_cents(with_totals(qs).order_by("-year", "authority__name", "pk"))


def outstanding(assessment: Assessment) -> Decimal:
    """What is still due on one assessment."""
    row = with_totals(Assessment.objects.filter(pk=assessment.pk)).first()
    return to_cents([row])[0].balance if row is not None else ZERO


def payments(authority_ids: Sequence[int] | None = None) -> QuerySet[Payment]:
    """Live payments annotated with `allocated`, `refunded` and `unallocated` (what is left)."""
    qs: QuerySet[Payment] = visible(Payment.objects.filter(archived_on__isnull=True), authority_ids)
    return (
        qs.select_related("authority", "assessment", "receipt")
        .annotate(
            allocated=_sum(Allocation.objects.all(), "payment"),
            refunded=_sum(Refund.objects.all(), "payment"),
        )
        .annotate(
            unallocated=ExpressionWrapper(F("amount") - F("allocated") - F("refunded"), output_field=_MONEY)
        )
    )


PAYMENT_SUMS = ("allocated", "refunded", "unallocated")


def unallocated(payment: Payment) -> Decimal:
    """What of a payment is applied to no fee and not refunded (0 for an archived payment)."""
    row = payments().filter(pk=payment.pk).first()
    return to_cents([row], PAYMENT_SUMS)[0].unallocated if row is not None else ZERO


@dataclass
class Account:
    """A member's account across all years (the formulas are in this module's docstring)."""

    authority: LocalAuthority
    assessed: Decimal = ZERO
    waived: Decimal = ZERO
    paid: Decimal = ZERO
    received: Decimal = ZERO
    refunded: Decimal = ZERO
    open_years: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def due(self) -> Decimal:
        return self.assessed - self.waived - self.paid

    @property
    def credit(self) -> Decimal:
        return self.received - self.paid - self.refunded

    @property
    def balance(self) -> Decimal:
        return self.due - self.credit

    @property
    def oldest_open_year(self) -> int | None:
        return self.open_years[0][0] if self.open_years else None


def accounts(authority_ids: Sequence[int] | None = None) -> list[Account]:
    """Every member with an assessment or a payment, by name; two queries whatever their number."""
    found: dict[int, Account] = {}
    for a in sorted(assessments(authority_ids), key=lambda a: (a.year, a.pk)):
        account = found.setdefault(a.authority_id, Account(a.authority))
        account.assessed += a.amount
        account.waived += a.waived
        account.paid += a.paid
        if a.balance > 0:
            account.open_years.append((a.year, a.balance))
    for p in to_cents(payments(authority_ids), PAYMENT_SUMS):
        account = found.setdefault(p.authority_id, Account(p.authority))
        account.received += p.amount
        account.refunded += p.refunded
    return sorted(found.values(), key=lambda b: (b.authority.name, b.authority.pk))


def arrears(authority_ids: Sequence[int] | None = None) -> list[Account]:
    """Members with a year not fully paid or waived, the oldest open year first, then the most due."""
    owing = [b for b in accounts(authority_ids) if b.open_years]
    return sorted(owing, key=lambda b: (b.oldest_open_year or 0, -b.due, b.authority.name))


@dataclass(frozen=True)
class Totals:
    assessed: Decimal
    paid: Decimal
    waived: Decimal
    balance: Decimal


def year_totals(rows: Iterable[Any]) -> Totals:
    rows = list(rows)
    return Totals(
        sum((a.amount for a in rows), ZERO),
        sum((a.paid for a in rows), ZERO),
        sum((a.waived for a in rows), ZERO),
        sum((a.balance for a in rows), ZERO),
    )
