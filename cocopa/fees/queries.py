"""Reads for fee pages, exports, reminders and the API: who owes a year's fee, arrears and
standing. Every balance is read from the one ledger (ledger.py)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Min, Q, QuerySet

from cocopa.fees import ledger
from cocopa.fees.models import Assessment, Payment
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority, Membership

ZERO = Decimal(0)

# A software DEFAULT, not a rule of the statutes (the convention's article on fees was not found):
# arrears do not suspend a member's good standing (members/README.md, "Good standing").
ARREARS_SUSPEND_STANDING = False


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


def live_payments(authority_ids: Sequence[int] | None = None) -> QuerySet[Payment]:
    qs = Payment.objects.filter(archived_on__isnull=True).select_related("authority", "assessment")
    return qs if authority_ids is None else qs.filter(authority_id__in=authority_ids)


# Balances are the ledger's (ledger.py): these names stay for the callers that read them here.
with_totals = ledger.with_totals
to_cents = ledger.to_cents
outstanding = ledger.outstanding
MemberBalance = ledger.Account
balances = ledger.accounts
arrears = ledger.arrears


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
