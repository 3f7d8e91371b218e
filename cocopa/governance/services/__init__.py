"""Every write to governance: designations, mandates, meetings, votes and board elections.

Each function takes who acts as the keyword-only `actor` (core.roles.Actor), runs in one
transaction, checks the actor's right (`actor.has_perm`, rules in governance/permissions.py),
writes the audit trail, and sends mail only after commit. One module per use-case family, as the
tests are split; callers keep writing `services.close_election(election, actor=request.user)`.
"""

from cocopa.governance.services.agenda import (
    add_item,
    attach_document,
    edit_item,
    move_item,
    remove_document,
    remove_item,
)
from cocopa.governance.services.ballot_box import record_ballot_box
from cocopa.governance.services.elections import (
    cast_online,
    close_election,
    count_election,
    create_election,
    mark_voted_in_person,
    nominate,
    open_election,
    record_in_person,
)
from cocopa.governance.services.in_person import record_in_person_sheet
from cocopa.governance.services.invitations import (
    accept_invitation,
    invite,
    resend_invitation,
    revoke_invitation,
)
from cocopa.governance.services.mandates import appoint, end_mandate
from cocopa.governance.services.meetings import (
    announce_attendance,
    convene,
    count_motion,
    put_motion,
    record_attendance,
    record_minutes,
    record_roll_call,
)
from cocopa.governance.services.paper_count import record_paper_count
from cocopa.governance.services.people import MayorChange, add_person, change_mayor, designate
from cocopa.governance.services.schedule import cancel_meeting, edit_meeting, postpone_meeting

__all__ = [
    "MayorChange",
    "accept_invitation",
    "add_item",
    "add_person",
    "announce_attendance",
    "appoint",
    "attach_document",
    "cancel_meeting",
    "cast_online",
    "change_mayor",
    "close_election",
    "convene",
    "count_election",
    "count_motion",
    "create_election",
    "designate",
    "edit_item",
    "edit_meeting",
    "end_mandate",
    "invite",
    "mark_voted_in_person",
    "move_item",
    "nominate",
    "open_election",
    "postpone_meeting",
    "put_motion",
    "record_attendance",
    "record_ballot_box",
    "record_in_person",
    "record_in_person_sheet",
    "record_minutes",
    "record_paper_count",
    "record_roll_call",
    "remove_document",
    "remove_item",
    "resend_invitation",
    "revoke_invitation",
]
