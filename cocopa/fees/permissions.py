"""Who may do what with fees, behind `user.has_perm("fees.<action>", obj)`.

- `fees.manage_fees`: fee schedules, assessments, payments, waivers, imports: the administrative
  office only (its pages, its services, the back office's fees models).
- `fees.use_staff_api`: read every member's fees and payments, in pages and through the staff
  API: both offices.
- `fees.set_fee_base`, object: a member or none: set or remove a member's own fee base
  (`FeeBase`): the administrative office only.
- `fees.issue_receipt`, object: a payment or none: issue the numbered receipt of a live payment:
  the administrative office only.
- `fees.view_fees`, object: a member. Both offices, and that member's representative today.

Lists and the API filter rows with `fee_members_visible` / `restrict_to_fee_members`, the same
rule as `fees.view_fees`, so no row of another member leaks.
"""

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from cocopa.core.roles import UserLike, add_model_perms, grant, is_administrative_office, is_peace_office
from cocopa.governance.roles import represented_members
from cocopa.members.models import LocalAuthority

M = TypeVar("M", bound=Model)


def reads_every_members_fees(user: UserLike) -> bool:
    return is_administrative_office(user) or is_peace_office(user)


def fee_members_visible(user: UserLike, day: dt.date) -> list[int] | None:
    """Whose fees the user may read: None for every member (both offices), else the ids of the
    members they represent (possibly none). Pages and the API filter with this, so no row leaks."""
    if reads_every_members_fees(user):
        return None
    return [a.pk for a in represented_members(user, day)]


def may_view_fees_of(user: UserLike, member: Any) -> bool:
    if not isinstance(member, LocalAuthority):
        return False
    visible = fee_members_visible(user, timezone.localdate())
    return visible is None or member.pk in visible


def may_set_fee_base(user: UserLike, member: Any = None) -> bool:
    """The office sets a member's fee base; the object, when given, must be a member (authority)."""
    return is_administrative_office(user) and (member is None or isinstance(member, LocalAuthority))


def may_issue_receipt(user: UserLike, payment: Any = None) -> bool:
    """The office issues receipts, and only for a payment still in the accounts (not archived)."""
    if not is_administrative_office(user):
        return False
    return payment is None or getattr(payment, "archived_on", "missing") is None


def restrict_to_fee_members(
    rows: QuerySet[M], user: UserLike, day: dt.date, *, member_field: str = "authority"
) -> QuerySet[M]:
    """The rows (assessments, payments …) whose member the user may read fees of, as a queryset.

    `member_field` is the path from a row to its member, e.g. `assessment__authority` for waivers.
    """
    visible = fee_members_visible(user, day)
    if visible is None:
        return rows
    return rows.filter(**{f"{member_field}__in": visible})


def register() -> None:
    grant("fees.manage_fees", is_administrative_office)
    grant("fees.use_staff_api", reads_every_members_fees)
    grant("fees.view_fees", may_view_fees_of)
    grant("fees.set_fee_base", may_set_fee_base)
    grant("fees.issue_receipt", may_issue_receipt)
    add_model_perms("fees", is_administrative_office)
