"""A motion voted by secret paper ballot: the office enters the tellers' count of the whole box
(papers for, against and abstaining), never a member's vote, and the motion is counted from it
with its majority rule (rules in governance/paper_count.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import paper_count, queries, results
from cocopa.governance.models import Attendance, Motion, MotionPaperCount
from cocopa.governance.services import paper_count_messages
from cocopa.governance.services._common import require_office
from cocopa.governance.services.meetings import new_resolution, require_opened

IN_ROOM = (Attendance.Presence.PRESENT, Attendance.Presence.PROXY)


class InvalidPaperCount(DomainError):
    """A count refused by the rule: the field it names (None: the three together)."""

    def __init__(self, code: str, message: str, field: str | None) -> None:
        super().__init__(code, message)
        self.field = field


def record_paper_count(
    motion: Motion,
    *,
    actor: Actor,
    in_favour: int,
    against: int,
    abstain: int,
    resolution_title: str | None = None,
) -> Motion:
    """Enter the count of a secret motion's box and count the motion from it, in one transaction.

    Who could vote is the presence frozen in the motion's roll-call rows when the vote opened
    (present in person or by proxy), and the quorum is the vote's own (queries.vote_quorum), as
    for a roll-call. A carried motion becomes the body's next numbered resolution of the year.
    A refusal writes nothing. The audit trail keeps the count, which names nobody."""
    require_office(actor)
    require_opened(motion.meeting)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__body").get(pk=motion.pk)
        if motion.status == Motion.Status.COUNTED:
            raise Conflict("motion_counted", _("This motion has been counted and cannot change."))
        if not motion.is_secret:
            raise Conflict(
                "motion_roll_call", _("This motion is voted by roll-call: record each member's vote.")
            )
        rule = motion.rule()
        code = paper_count.rule_refusal(rule)
        if code is not None:
            raise DomainError(code, paper_count_messages.rule_refusal(code))
        present = queries.vote_quorum(motion)
        if not present.reached:
            raise Conflict("no_quorum", _("The meeting has no quorum."))
        presence = list(motion.roll_call.values_list("presence", flat=True))
        voters = sum(1 for p in presence if p in IN_ROOM)
        count = paper_count.PaperCount(in_favour=in_favour, against=against, abstain=abstain)
        try:
            outcome = paper_count.outcome(rule, count, entitled=len(presence), voters=voters)
        except paper_count.InvalidCount as err:
            raise InvalidPaperCount(err.code, paper_count_messages.count_refusal(err), err.field) from err
        if count.papers == 0:
            raise DomainError("no_papers", _("The box holds no paper: enter the tellers' count."))
        MotionPaperCount.objects.create(motion=motion, in_favour=in_favour, against=against, abstain=abstain)
        motion.carried = outcome.carried
        motion.figures = results.MotionResult.from_outcome(outcome, rule, present, secret=True).to_json()
        motion.status = Motion.Status.COUNTED
        motion.save(update_fields=["carried", "figures", "status"])
        if outcome.carried:
            new_resolution(motion, resolution_title or motion.title)
        audit.record(
            signed_in(actor),
            "governance.paper_count_recorded",
            motion,
            {"for": in_favour, "against": against, "abstain": abstain, "voters": voters},
        )
        audit.record(signed_in(actor), "governance.motion_counted", motion, motion.figures)
    return motion
