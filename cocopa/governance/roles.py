"""The roles that come from governance data: representative of which members, board member.

They change with designations and elections, so they are asked on a day. The offices' roles
(groups) are in cocopa.core.roles; `roles_of` answers all of them at once.
"""

import datetime as dt
from typing import cast

from cocopa.core.roles import Role, UserLike, active, is_administrative_office, is_peace_office
from cocopa.governance.models import Body, Designation, Mandate, in_force
from cocopa.members.models import LocalAuthority


def represented_members(user: UserLike, day: dt.date) -> list[LocalAuthority]:
    """The members the user is the designated Assembly representative of on the day."""
    if not active(user):
        return []
    user_id = cast(int, user.pk)
    ids = Designation.objects.filter(in_force(day), person__user_id=user_id).values("authority_id")
    return list(LocalAuthority.objects.filter(pk__in=ids))


def represents(user: UserLike, authority: LocalAuthority, day: dt.date) -> bool:
    return any(a.pk == authority.pk for a in represented_members(user, day))


def sits_in(user: UserLike, day: dt.date, *, body_id: int | None = None, kind: str | None = None) -> bool:
    """Whether the user holds an in-force mandate in the body (or in a body of the kind)."""
    if not active(user):
        return False
    mandates = Mandate.objects.filter(in_force(day), person__user_id=cast(int, user.pk))
    if body_id is not None:
        mandates = mandates.filter(body_id=body_id)
    if kind is not None:
        mandates = mandates.filter(body__kind=kind)
    return mandates.exists()


def is_board_member(user: UserLike, day: dt.date) -> bool:
    """A person with an in-force mandate in the executive board on the day."""
    return sits_in(user, day, kind=Body.Kind.BOARD)


def roles_of(user: UserLike, day: dt.date) -> frozenset[Role]:
    """Every role the user holds on the day; `{PUBLIC}` for the anonymous, `{USER}` for a bare login.

    A superuser holds both office roles as well (their rights are the offices' rights).
    """
    if not active(user):
        return frozenset({Role.PUBLIC})
    roles: set[Role] = set()
    if getattr(user, "is_superuser", False):
        roles.add(Role.SUPERUSER)
    if is_peace_office(user):
        roles.add(Role.PEACE_OFFICE)
    if is_administrative_office(user):
        roles.add(Role.ADMINISTRATIVE_OFFICE)
    if represented_members(user, day):
        roles.add(Role.REPRESENTATIVE)
    if is_board_member(user, day):
        roles.add(Role.BOARD_MEMBER)
    return frozenset(roles or {Role.USER})
