"""Who may do what in governance, as named rules behind `user.has_perm("governance.<action>", obj)`.

- `governance.manage_governance`: bodies, mandates, designations, meetings, attendance, motions,
  roll-calls and elections (the office pages, their services, the back office): the peace office.
- `governance.record_in_person_ballot`: the peace office, for ballots cast at the meeting (the
  choices in an open election; in a secret one only that the member voted).
- `governance.record_ballot_box`, object: the election (none for the page guard). The peace
  office, for the count of a secret election's in-person box; an open election has no box.
- `governance.cast_online_ballot` and `governance.announce_attendance`, object: the member acted
  for. Only that member's representative today, whatever other role they hold: nobody, the
  offices and superusers included, votes or answers for a member they do not represent, so
  these two are asked with `cocopa.core.roles.rule_allows` (no superuser short-circuit).
- `governance.view_convocation`, object: the meeting. The peace office, the members of the body
  convened (the board, for a board meeting) and the representatives of the members convened.
  A board seat gives nothing more: the board decides in its meetings, the offices carry it out.
- `governance.invite_people`: the peace office, which gives colleagues and members'
  representatives a login and a role by invitation (/office/people/; services/invitations.py).
- `governance.view_agenda_document`, object: the agenda document. Whoever may see the
  convocation (`view_convocation`, above) and the administrative office. No agenda document is
  public: no model marks one so (a meeting's documents are for those convened).
- `governance.view_minutes`, object: a meeting or a resolution (none for the page guard). The
  minutes and resolutions as PDF and the attendance register as CSV/XLSX: the offices (peace and
  administrative) and the people holding a seat today in the body that met.
- Django's model permissions on every governance model (the admin asks them): the peace office.
"""

from typing import Any

from django.utils import timezone

from cocopa.core.roles import UserLike, add_model_perms, grant, is_administrative_office, is_peace_office
from cocopa.governance.models import AgendaDocument, Election, Meeting, Resolution
from cocopa.governance.roles import represented_members, represents, sits_in
from cocopa.members.models import LocalAuthority


def acts_for_member(user: UserLike, member: Any) -> bool:
    return isinstance(member, LocalAuthority) and represents(user, member, timezone.localdate())


def may_view_convocation(user: UserLike, meeting: Any) -> bool:
    if not isinstance(meeting, Meeting):
        return False
    if is_peace_office(user):
        return True
    today = timezone.localdate()
    if sits_in(user, today, body_id=meeting.body_id):
        return True
    convened = set(meeting.attendances.values_list("authority_id", flat=True))
    return any(a.pk in convened for a in represented_members(user, today))


def may_view_agenda_document(user: UserLike, document: Any) -> bool:
    if not isinstance(document, AgendaDocument):
        return False
    return is_administrative_office(user) or may_view_convocation(user, document.item.meeting)


def may_view_minutes(user: UserLike, obj: Any = None) -> bool:
    if is_peace_office(user) or is_administrative_office(user):
        return True
    if isinstance(obj, Meeting | Resolution):
        return sits_in(user, timezone.localdate(), body_id=obj.body_id)
    return False


def may_record_ballot_box(user: UserLike, election: Any = None) -> bool:
    if not is_peace_office(user):
        return False
    return election is None or (isinstance(election, Election) and election.secret)


def register() -> None:
    grant("governance.manage_governance", is_peace_office)
    grant("governance.record_in_person_ballot", is_peace_office)
    grant("governance.invite_people", is_peace_office)
    grant("governance.record_ballot_box", may_record_ballot_box)
    grant("governance.cast_online_ballot", acts_for_member)
    grant("governance.announce_attendance", acts_for_member)
    grant("governance.view_convocation", may_view_convocation)
    grant("governance.view_agenda_document", may_view_agenda_document)
    grant("governance.view_minutes", may_view_minutes)
    add_model_perms("governance", is_peace_office)
