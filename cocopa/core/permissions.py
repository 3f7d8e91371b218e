"""Who may do what: the one place the network's roles and their rights are decided.

Roles, in the network's own words:
- the peace office (Ufficio Intercomunale Pace) staff: convene meetings, keep the attendance
  register and the roll-call, run elections, record ballots cast in person;
- a member representative: the person a member designated to the Assembly, acting for that
  member only (announce attendance, vote online);
- the public: reads what is published.

Views, the API and services ask these functions; no other module checks groups or flags.
Superusers count as peace office staff. Nobody, the office included, casts an online ballot
for a member they do not represent.
"""

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

if TYPE_CHECKING:
    from cocopa.governance.models import Election, Meeting
    from cocopa.members.models import LocalAuthority

PEACE_OFFICE_GROUP = "peace_office"
ADMINISTRATIVE_OFFICE_GROUP = "administrative_office"

UserLike = AbstractBaseUser | AnonymousUser | Any


class Action(StrEnum):
    MANAGE_GOVERNANCE = "manage_governance"  # bodies, mandates, designations, meetings, motions
    RECORD_IN_PERSON_BALLOT = "record_in_person_ballot"
    CAST_ONLINE_BALLOT = "cast_online_ballot"
    ANNOUNCE_ATTENDANCE = "announce_attendance"
    SEE_CONVOCATION = "see_convocation"


def _in_group(user: UserLike, group: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
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

    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    user_id = cast(int, user.pk)
    ids = Designation.objects.filter(in_force(day), person__user_id=user_id).values("authority_id")
    return list(LocalAuthority.objects.filter(pk__in=ids))


def represents(user: UserLike, authority: "LocalAuthority", day: dt.date) -> bool:
    return any(a.pk == authority.pk for a in represented_members(user, day))


def can_manage_governance(user: UserLike) -> bool:
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
    """The office, and representatives of the members convened."""
    if is_peace_office(user):
        return True
    convened = set(meeting.attendances.values_list("authority_id", flat=True))
    return any(a.pk in convened for a in represented_members(user, day))


# --- Fees ---------------------------------------------------------------------------------------


def can_manage_fees(user: UserLike) -> bool:
    """Fee schedules, assessments, payments, waivers, imports: the administrative office only."""
    return is_administrative_office(user)


def fee_members_visible(user: UserLike, day: dt.date) -> list[int] | None:
    """Whose fees the user may read: None for every member (both offices), else the ids of the
    members they represent (possibly none). Pages and the API filter with this, so no row leaks."""
    if is_administrative_office(user) or is_peace_office(user):
        return None
    return [a.pk for a in represented_members(user, day)]


def can_see_fees_of(user: UserLike, authority: "LocalAuthority", day: dt.date) -> bool:
    visible = fee_members_visible(user, day)
    return visible is None or authority.pk in visible
