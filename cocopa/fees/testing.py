"""make_* factories for fee tests: real rows written directly, not through the services."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP
from cocopa.fees.models import Assessment, FeeSchedule, Payment
from cocopa.governance.testing import make_user
from cocopa.members.models import LocalAuthority


def make_finance_user(username: str | None = None) -> User:
    """A member of the administrative office (finance), not a superuser."""
    user = make_user(username)
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATIVE_OFFICE_GROUP)[0])
    return user


def make_schedule(year: int, **fields: Any) -> FeeSchedule:
    """A per-inhabitant schedule at 0.06 EUR unless told otherwise."""
    values: dict[str, Any] = {"kind": FeeSchedule.Kind.PER_INHABITANT, "rate": Decimal("0.06")}
    values.update(fields)
    return FeeSchedule.objects.create(year=year, **values)


def make_assessment(authority: LocalAuthority, year: int, amount: str | Decimal) -> Assessment:
    schedule = FeeSchedule.objects.filter(year=year).first() or make_schedule(year)
    return Assessment.objects.create(
        authority=authority,
        year=year,
        schedule=schedule,
        code=f"COCOPA-{year}-{authority.istat_code or f'A{authority.pk}'}",
        amount=Decimal(amount),
        full_year_amount=Decimal(amount),
    )


def make_payment(
    authority: LocalAuthority,
    amount: str | Decimal,
    *,
    assessment: Assessment | None = None,
    paid_on: dt.date = dt.date(2026, 3, 1),
    reference: str = "",
    allocate: bool = True,
) -> Payment:
    """A live payment, allocated as the services allocate a new one (the assessment given first,
    then the oldest open years) unless allocate=False."""
    from cocopa.fees import services  # a helper of tests: the rows as the services leave them

    # One transaction, as the services run: allocating locks the member's open assessments
    # (select_for_update), which PostgreSQL refuses outside one (tests on transactional_db).
    with transaction.atomic():
        payment = Payment.objects.create(
            authority=authority,
            amount=Decimal(amount),
            assessment=assessment,
            paid_on=paid_on,
            reference=reference,
        )
        if allocate:
            services._allocate_new(payment, None)  # noqa: SLF001
    return payment
