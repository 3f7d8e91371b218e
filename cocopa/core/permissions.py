"""Who may do what: the one place the network's roles and their rights are decided.

Roles (`Role`, `roles_of(user, day)`), in the network's own words:

- **public**: anyone not logged in (or an inactive login). Reads what is published, nothing else;
  the fees API answers 401.
- **user**: a login holding none of the roles below. Same rights as the public.
- **representative** of a member: the person a member designated to the Assembly (an in-force
  `Designation`), acting for that member only: announces attendance, votes online, reads the
  convocations their member is convened to, reads their member's fees and payments (pages and
  API, self-service). Never another member's.
- **board member**: a person with an in-force `Mandate` in a body of kind `board`. Reads the
  convocations of the meetings of the bodies they sit in; nothing more by that seat (no fees,
  no audit trail, no management): the board decides in its meetings, the offices carry it out.
- **peace office** staff (group `peace_office`, the Ufficio Intercomunale Pace): convene meetings,
  keep the attendance register and the roll-call, run elections, record ballots cast in person,
  manage members and their acts, read the audit trail, read every member's fees (not change them).
- **administrative office** (group `administrative_office`, the lead municipality's finance
  office): manages fee schedules, assessments, payments, waivers and imports; reads every
  member's fees. No governance rights.
- **superuser**: counts as both offices.

Roles add up: an office clerk who is also a member's representative has both sets of rights.
Nobody, the offices and superusers included, casts an online ballot or announces attendance for a
member they do not represent. The staff API (/api/v1/fees/…, token or session) returns every
member's rows to the two offices and only their own members' rows to a representative.

Views, the API and services ask these functions; no other module checks groups or flags. List
pages and API results are filtered with `fee_members_visible` / `restrict_to_fee_members`, the
same rule as `can_see_fees_of`, so no row leaks. The truth table is in
cocopa/core/tests/test_roles.py.
"""

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from cocopa.governance.models import Election, Meeting
    from cocopa.members.models import LocalAuthority

PEACE_OFFICE_GROUP = "peace_office"
ADMINISTRATIVE_OFFICE_GROUP = "administrative_office"

UserLike = AbstractBaseUser | AnonymousUser | Any

M = TypeVar("M", bound=Model)


class Role(StrEnum):
    PUBLIC = "public"
    USER = "user"
    REPRESENTATIVE = "representative"
    BOARD_MEMBER = "board_member"
    PEACE_OFFICE = "peace_office"
    ADMINISTRATIVE_OFFICE = "administrative_office"
    SUPERUSER = "superuser"


class Action(StrEnum):
    MANAGE_GOVERNANCE = "manage_governance"  # bodies, mandates, designations, meetings, motions
    RECORD_IN_PERSON_BALLOT = "record_in_person_ballot"
    CAST_ONLINE_BALLOT = "cast_online_ballot"
    ANNOUNCE_ATTENDANCE = "announce_attendance"
    SEE_CONVOCATION = "see_convocation"
    MANAGE_FEES = "manage_fees"  # schedules, assessments, payments, waivers, imports
    SEE_FEES = "see_fees"  # of one member: assessments, payments, balance, receipts
    SEE_AUDIT_TRAIL = "see_audit_trail"
    MANAGE_MEMBERS = "manage_members"  # members, their acts and conventions
    USE_STAFF_API = "use_staff_api"  # the fees API over every member


def _active(user: UserLike) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _in_group(user: UserLike, group: str) -> bool:
    if not _active(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(getattr(user, "groups").filter(name=group).exists())  # noqa: B009 (any user model)


def is_peace_office(user: UserLike) -> bool:
    return _in_group(user, PEACE_OFFICE_GROUP)


def is_administrative_office(user: UserLike) -> bool:
    """The administrative office (finance) of the lead municipality: fees, payments, accounts."""
    return _in_group(user, ADMINISTRATIVE_OFFICE_GROUP)


def represented_members(user: UserLike, day: dt.date) -> "list[LocalAuthority]":
    """The members the user is the designated Assembly representative of on the day."""
    from cocopa.governance.models import Designation, in_force
    from cocopa.members.models import LocalAuthority

    if not _active(user):
        return []
    user_id = cast(int, user.pk)
    ids = Designation.objects.filter(in_force(day), person__user_id=user_id).values("authority_id")
    return list(LocalAuthority.objects.filter(pk__in=ids))


def represents(user: UserLike, authority: "LocalAuthority", day: dt.date) -> bool:
    return any(a.pk == authority.pk for a in represented_members(user, day))


def _sits_in(user: UserLike, day: dt.date, *, body_id: int | None = None, kind: str | None = None) -> bool:
    """Whether the user holds an in-force mandate in the body (or in a body of the kind)."""
    from cocopa.governance.models import Mandate, in_force

    if not _active(user):
        return False
    mandates = Mandate.objects.filter(in_force(day), person__user_id=cast(int, user.pk))
    if body_id is not None:
        mandates = mandates.filter(body_id=body_id)
    if kind is not None:
        mandates = mandates.filter(body__kind=kind)
    return mandates.exists()


def is_board_member(user: UserLike, day: dt.date) -> bool:
    """A person with an in-force mandate in the executive board on the day."""
    from cocopa.governance.models import Body

    return _sits_in(user, day, kind=Body.Kind.BOARD)


def roles_of(user: UserLike, day: dt.date) -> frozenset[Role]:
    """Every role the user holds on the day; `{PUBLIC}` for the anonymous, `{USER}` for a bare login.

    A superuser holds both office roles as well (their rights are the offices' rights).
    """
    if not _active(user):
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


# --- Governance ---------------------------------------------------------------------------------


def can_manage_governance(user: UserLike) -> bool:
    return is_peace_office(user)


def can_edit_factsheet(user: UserLike) -> bool:
    """The peace office chooses what the factsheet shows where there is a choice (the timeline)."""
    return is_peace_office(user)


def can_record_in_person_ballot(user: UserLike, election: "Election") -> bool:
    return is_peace_office(user)


def can_cast_online_ballot(
    user: UserLike, election: "Election", authority: "LocalAuthority", day: dt.date
) -> bool:
    """Only the member's own representative, whatever other role they hold."""
    return represents(user, authority, day)


def can_announce_attendance(
    user: UserLike, meeting: "Meeting", authority: "LocalAuthority", day: dt.date
) -> bool:
    return represents(user, authority, day)


def can_see_convocation(user: UserLike, meeting: "Meeting", day: dt.date) -> bool:
    """The peace office, the members of the body convened (the board, for a board meeting), and
    representatives of the members convened."""
    if is_peace_office(user):
        return True
    if _sits_in(user, day, body_id=meeting.body_id):
        return True
    convened = set(meeting.attendances.values_list("authority_id", flat=True))
    return any(a.pk in convened for a in represented_members(user, day))


# --- Members, audit -----------------------------------------------------------------------------


def can_manage_members(user: UserLike) -> bool:
    """Members, their adhesion, renewal and withdrawal acts, conventions: the peace office."""
    return is_peace_office(user)


def can_see_audit_trail(user: UserLike) -> bool:
    """The audit trail names who did what to whom (ballot participation included): the peace
    office, which keeps the registers, and superusers."""
    return is_peace_office(user)


# --- Fees ---------------------------------------------------------------------------------------


def can_manage_fees(user: UserLike) -> bool:
    """Fee schedules, assessments, payments, waivers, imports: the administrative office only."""
    return is_administrative_office(user)


def can_use_staff_api(user: UserLike) -> bool:
    """Every member's fees and payments, in pages and through the API: both offices."""
    return is_administrative_office(user) or is_peace_office(user)


def fee_members_visible(user: UserLike, day: dt.date) -> list[int] | None:
    """Whose fees the user may read: None for every member (both offices), else the ids of the
    members they represent (possibly none). Pages and the API filter with this, so no row leaks."""
    if can_use_staff_api(user):
        return None
    return [a.pk for a in represented_members(user, day)]


def can_see_fees_of(user: UserLike, authority: "LocalAuthority", day: dt.date) -> bool:
    visible = fee_members_visible(user, day)
    return visible is None or authority.pk in visible


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
