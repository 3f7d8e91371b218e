"""Reads for fee pages, exports, reminders and the API: assessments with what was paid and
waived, balances across years, arrears. Totals come from subqueries, so the number of queries
does not grow with the number of members (tests/test_views.py counts them)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from cocopa.fees import ledger, rules
from cocopa.fees.models import Assessment, Payment, Waiver
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority, Membership

ZERO = Decimal(0)

# A software DEFAULT, not a rule of the statutes (the convention's article on fees was not found):
# arrears do not suspend a member's good standing (members/README.md, "Good standing").
ARREARS_SUSPEND_STANDING = False
_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=12, decimal_places=2)


def members_due(year: int) -> dict[int, dt.date | None]:
    """Members owing a fee for the year: authority id → the day it joined during the year, or None
    for a member whose membership was in force on 1 January (it owes the full year).

    A member with a period in force on any day of the year owes the year's fee; one joining during
    the year owes the schedule's pro-rata share; one leaving during the year owes the full year
    (leaving needs notice under the convention, so the year had begun as a member)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        Membership.objects.filter(Q(end_on__isnull=True) | Q(end_on__gte=first), start_on__lte=last)
        .values("authority_id")
        .annotate(first_start=Min("start_on"))
    )
    return {r["authority_id"]: (None if r["first_start"] <= first else r["first_start"]) for r in rows}


def visible(qs: QuerySet[Assessment], authority_ids: Sequence[int] | None) -> QuerySet[Assessment]:
    return qs if authority_ids is None else qs.filter(authority_id__in=authority_ids)


def _sum(qs: QuerySet[Payment] | QuerySet[Waiver], ref: str) -> Coalesce:
    total = qs.filter(**{ref: OuterRef("pk")}).order_by().values(ref).annotate(t=Sum("amount")).values("t")
    return Coalesce(Subquery(total, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def with_totals(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate `paid` (live payments tied to the assessment), `waived` and `balance`."""
    return (
        qs.select_related("authority")
        .annotate(
            paid=_sum(Payment.objects.filter(archived_on__isnull=True), "assessment"),
            waived=_sum(Waiver.objects.all(), "assessment"),
        )
        .annotate(balance=ExpressionWrapper(F("amount") - F("paid") - F("waived"), output_field=_MONEY))
    )


def to_cents(assessments: Iterable[Assessment]) -> list[Assessment]:
    """The rows of with_totals() with their sums to the cent (SQLite computes them as floats)."""
    rows = list(assessments)
    for a in rows:
        for name in ("paid", "waived", "balance"):
            setattr(a, name, rules.to_cent(Decimal(getattr(a, name))))
    return rows


def year_assessments(year: int, authority_ids: Sequence[int] | None = None) -> QuerySet[Assessment]:
    return with_totals(visible(Assessment.objects.filter(year=year), authority_ids)).order_by(
        "authority__name", "pk"
    )


def live_payments(authority_ids: Sequence[int] | None = None) -> QuerySet[Payment]:
    qs = Payment.objects.filter(archived_on__isnull=True).select_related("authority", "assessment")
    return qs if authority_ids is None else qs.filter(authority_id__in=authority_ids)


def outstanding(assessment: Assessment) -> Decimal:
    """What is still due on one assessment: amount − live payments tied to it − waivers."""
    row = with_totals(Assessment.objects.filter(pk=assessment.pk)).first()
    return to_cents([row])[0].balance if row is not None else ZERO  # type: ignore[attr-defined]


@dataclass
class MemberBalance:
    """A member's account across all years: assessed − paid − waived, and the years still open."""

    authority: LocalAuthority
    assessed: Decimal = ZERO
    paid: Decimal = ZERO
    waived: Decimal = ZERO
    open_years: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return self.assessed - self.paid - self.waived

    @property
    def oldest_open_year(self) -> int | None:
        return self.open_years[0][0] if self.open_years else None


def balances(authority_ids: Sequence[int] | None = None) -> list[MemberBalance]:
    """Every member with an assessment or a payment, by name; three queries whatever their number."""
    lines: dict[int, list[ledger.Line]] = defaultdict(list)
    accounts: dict[int, MemberBalance] = {}
    for a in to_cents(with_totals(visible(Assessment.objects.all(), authority_ids))):
        account = accounts.setdefault(a.authority_id, MemberBalance(a.authority))
        paid, waived = a.paid, a.waived  # type: ignore[attr-defined]
        account.assessed += a.amount
        account.waived += waived
        lines[a.authority_id].append(ledger.Line(a.year, a.amount, waived, paid))
    unallocated: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in live_payments(authority_ids).select_related(None).select_related("authority"):
        account = accounts.setdefault(p.authority_id, MemberBalance(p.authority))
        account.paid += p.amount
        if p.assessment_id is None:
            unallocated[p.authority_id] += p.amount
    for pk, account in accounts.items():
        account.open_years = ledger.open_years(lines[pk], unallocated[pk])
    return sorted(accounts.values(), key=lambda b: (b.authority.name, b.authority.pk))


def arrears(authority_ids: Sequence[int] | None = None) -> list[MemberBalance]:
    """Members owing money, the oldest open year first, then the largest balance."""
    owing = [b for b in balances(authority_ids) if b.balance > 0]
    return sorted(owing, key=lambda b: (b.oldest_open_year or 0, -b.balance, b.authority.name))


def late_years(account: MemberBalance, today: dt.date) -> list[tuple[int, Decimal]]:
    """The open years before today's: the current year's fee is not yet late (no source gives a
    due date within the year)."""
    return [(year, due) for year, due in account.open_years if year < today.year]


def members_in_arrears(today: dt.date) -> set[int]:
    """Ids of the members owing money for a year before today's."""
    return {account.authority.pk for account in arrears() if late_years(account, today)}


def members_in_good_standing(
    day: dt.date, *, arrears_suspend: bool = ARREARS_SUSPEND_STANDING
) -> QuerySet[LocalAuthority]:
    """Good standing with the fees taken into account: members' rule, less the members in arrears
    when arrears suspend standing (by default they do not: ARREARS_SUSPEND_STANDING)."""
    in_arrears = members_in_arrears(day) if arrears_suspend else set[int]()
    return member_queries.members_in_good_standing(day, in_arrears=in_arrears)
