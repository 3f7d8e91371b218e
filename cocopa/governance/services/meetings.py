"""Writes about meetings: convocation, attendance and proxies, minutes, motions, roll-calls and
resolutions."""

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocopa.core import audit, roles
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import labels, lifecycle, notify, paper_count, queries, results, tally
from cocopa.governance.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Motion,
    Resolution,
    RollCall,
)
from cocopa.governance.services import paper_count_messages
from cocopa.governance.services._common import require, require_office
from cocopa.members.models import LocalAuthority


def convene(
    body: Body,
    starts_at: dt.datetime,
    *,
    actor: Actor,
    convened_on: dt.date,
    place: str = "",
    online_url: str = "",
    items: Sequence[tuple[str, str]] = (),
    urgent: bool = False,
    documents: Sequence[tuple[int, str, "File[Any]"]] = (),
) -> Meeting:
    """Convene a body: the meeting, its agenda, and its attendance register listing every member
    entitled to sit. A notice shorter than the rules' is refused unless the convocation is urgent.

    `documents` are (agenda item number, title, file): each is written to the storage and
    attached to its item, with an audit entry; the files are readable by those convened
    (governance.view_agenda_document)."""
    require_office(actor)
    if not place and not online_url:
        raise DomainError("place_missing", _("Give a place or an online link."))
    check = queries.notice(body, convened_on, timezone.localtime(starts_at).date())
    if not check.ok and not urgent:
        raise DomainError(
            "notice_too_short",
            ngettext(
                "The rules ask for %(required)s day's notice; this convocation gives %(given)s.",
                "The rules ask for %(required)s days' notice; this convocation gives %(given)s.",
                check.required_days or 0,
            )
            % {"required": check.required_days, "given": check.given_days},
        )
    if not items:
        raise DomainError("agenda_empty", _("A convocation needs at least one agenda item."))
    for number, _title, _file in documents:
        if not 1 <= number <= len(items):
            raise DomainError(
                "document_item_unknown",
                _("The agenda has %(count)s items; there is no item %(number)s.")
                % {"count": len(items), "number": number},
            )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body, starts_at=starts_at, convened_on=convened_on, place=place, online_url=online_url
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, number=n, title=title, description=description)
            for n, (title, description) in enumerate(items, start=1)
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, authority=a) for a in queries.entitled_members(meeting)
        )
        audit.record(
            signed_in(actor),
            "governance.convened",
            meeting,
            {"body": body.key, "notice_days": check.given_days, "urgent": urgent and not check.ok},
        )
        by_number = {item.number: item for item in meeting.items.all()}
        for number, title, file in documents:
            attach(by_number[number], title, file, actor=actor)
        transaction.on_commit(partial(notify.convocation, meeting.pk))
    return meeting


def attach(item: AgendaItem, title: str, file: "File[Any]", *, actor: Actor) -> AgendaDocument:
    # The file is written to the storage when the row is saved, inside the caller's transaction.
    document = AgendaDocument(item=item, title=title)
    document.file = file
    document.save()
    audit.record(
        signed_in(actor),
        "governance.document_attached",
        document,
        {"meeting": item.meeting_id, "item": item.number, "file": document.file.name},
    )
    return document


def _open_meeting(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict("meeting_cancelled", _("The meeting was cancelled."))


def require_opened(meeting: Meeting) -> None:
    """Refuse anything about the meeting's outcome before it opens (lifecycle.py): its register,
    votes, counts, resolutions and minutes."""
    refusal = lifecycle.meeting_outcome_refused(
        meeting.starts_at, meeting.status == Meeting.Status.CANCELLED, timezone.now()
    )
    if refusal == lifecycle.Refusal.CANCELLED:
        raise Conflict(refusal.value, _("The meeting was cancelled."))
    if refusal is not None:
        raise Conflict(
            refusal.value,
            _(
                "Attendance, votes, resolutions and minutes can be recorded only once the meeting "
                "has opened (%(when)s)."
            )
            % {"when": formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")},
        )


def announce_attendance(
    meeting: Meeting, authority: LocalAuthority, attending: bool, *, actor: Actor
) -> Attendance:
    """A representative says whether their member will attend."""
    require(roles.rule_allows(actor, "governance.announce_attendance", authority))
    _open_meeting(meeting)
    if meeting.starts_at <= timezone.now():
        raise Conflict("meeting_started", _("The meeting has already begun."))
    with transaction.atomic():
        attendance = _attendance(meeting, authority)
        attendance.announced = attending
        attendance.announced_at = timezone.now()
        attendance.save(update_fields=["announced", "announced_at"])
        audit.record(
            signed_in(actor), "governance.attendance_announced", attendance, {"attending": attending}
        )
    return attendance


def _attendance(meeting: Meeting, authority: LocalAuthority) -> Attendance:
    try:
        return Attendance.objects.select_for_update().get(meeting=meeting, authority=authority)
    except Attendance.DoesNotExist:
        raise DomainError("not_convened", _("This member is not convened to this meeting.")) from None


def record_attendance(
    meeting: Meeting,
    register: dict[int, tuple[str, LocalAuthority | None]],
    *,
    actor: Actor,
) -> list[Attendance]:
    """Record presence for members of the register: {authority id: (presence, proxy holder)}.

    Allowed from the meeting's start; members arrive and leave during a sitting, so the register
    stays editable, but a vote already opened keeps the presence frozen in its own rows."""
    require_office(actor)
    require_opened(meeting)
    with transaction.atomic():
        rows = {a.authority_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
        changed = []
        for authority_id, (presence, proxy_for) in register.items():
            row = rows.get(authority_id)
            if row is None:
                raise DomainError("not_convened", _("This member is not convened to this meeting."))
            if presence not in Attendance.Presence.values:
                raise DomainError("invalid_presence", _("Unknown presence: %(value)s.") % {"value": presence})
            if presence == Attendance.Presence.PROXY:
                if proxy_for is None or proxy_for.pk == authority_id:
                    raise DomainError("proxy_missing", _("A proxy names another member present."))
                holder = rows.get(proxy_for.pk)
                if holder is None:
                    raise DomainError("not_convened", _("The proxy holder is not convened to this meeting."))
            else:
                proxy_for = None
            row.presence = presence
            row.proxy_for = proxy_for
            changed.append(row)
        # A proxy is held by a member present in person: not an absent one, and not one that
        # is itself represented (no chains), whatever order the register was filled in.
        for row in rows.values():
            if row.presence == Attendance.Presence.PROXY and row.proxy_for_id is not None:
                holder = rows[row.proxy_for_id]
                if holder.presence != Attendance.Presence.PRESENT:
                    raise DomainError(
                        "proxy_holder_not_present",
                        _("%(member)s gives its proxy to %(holder)s, which is not present in person.")
                        % {"member": row.authority, "holder": holder.authority},
                    )
        Attendance.objects.bulk_update(changed, ["presence", "proxy_for"])
        if meeting.status == Meeting.Status.CONVENED:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status"])
        audit.record(
            signed_in(actor),
            "governance.attendance_recorded",
            meeting,
            {str(a.authority_id): a.presence for a in changed},
        )
    return changed


def record_minutes(item: AgendaItem, text: str, *, actor: Actor) -> AgendaItem:
    require_office(actor)
    require_opened(item.meeting)
    with transaction.atomic():
        item.minutes = text
        item.save(update_fields=["minutes"])
        audit.record(signed_in(actor), "governance.minutes_recorded", item)
    return item


def put_motion(
    meeting: Meeting,
    title: str,
    *,
    actor: Actor,
    item: AgendaItem | None = None,
    text: str = "",
    majority: str | None = None,
    weighting: str | None = None,
    abstentions: str | None = None,
    tie: str | None = None,
    chair: LocalAuthority | None = None,
    voting: str = "roll_call",
) -> Motion:
    """Open a vote: a motion with the body's vote rule unless this motion's type asks for another.

    `voting` is "roll_call" (each member's vote recorded, the default of the software) or
    "secret" (paper ballots counted as a whole box, services.record_paper_count); a secret vote
    cannot apply a rule that needs to know who voted what (paper_count.rule_refusal).

    The register as it stands now is frozen in the motion's roll-call rows (one per convened
    member, each with its presence and the populations its vote and its presence weigh): the
    vote's quorum and who may vote come from these rows, not from later changes to the register."""
    require_office(actor)
    require_opened(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise DomainError("register_missing", _("Record the attendance register before opening a vote."))
    body = meeting.body
    try:
        rule = tally.VoteRule(
            majority=tally.Majority(majority or body.majority),
            weighting=tally.Weighting(weighting or body.weighting),
            abstentions=tally.Abstentions(abstentions or body.abstentions),
            tie=tally.TieBreak(tie or body.tie),
        )
    except ValueError as err:
        raise DomainError("invalid_rule", str(err)) from err
    if rule.tie == tally.TieBreak.CHAIR and chair is None:
        raise DomainError("chair_missing", _("A casting vote needs the chair's member."))
    if voting not in labels.VOTING:
        raise DomainError("invalid_voting", _("Unknown way of voting: %(value)s.") % {"value": voting})
    if voting == "secret" and (code := paper_count.rule_refusal(rule)) is not None:
        raise DomainError(code, paper_count_messages.rule_refusal(code))
    with transaction.atomic():
        motion = Motion.objects.create(
            meeting=meeting,
            item=item,
            title=title,
            text=text,
            majority=rule.majority.value,
            weighting=rule.weighting.value,
            abstentions=rule.abstentions.value,
            tie=rule.tie.value,
            chair=chair,
            voting=voting,
            opened_at=timezone.now(),
        )
        register = list(Attendance.objects.select_for_update().filter(meeting=meeting).order_by("pk"))
        ids = [a.authority_id for a in register]
        day = queries.meeting_day(meeting)
        votes = queries.weighed_populations(body, ids, day)
        represented = queries.weighed_populations(body, ids, day, for_quorum=True)
        RollCall.objects.bulk_create(
            RollCall(
                motion=motion,
                authority_id=a.authority_id,
                presence=a.presence or Attendance.Presence.ABSENT,
                choice=tally.Choice.ABSENT.value,
                population=votes.get(a.authority_id),
                population_represented=represented.get(a.authority_id),
            )
            for a in register
        )
        audit.record(
            signed_in(actor),
            "governance.motion_put",
            motion,
            {
                "rule": results.rule_json(rule),
                "voting": voting,
                "presence": {str(a.authority_id): a.presence or Attendance.Presence.ABSENT for a in register},
            },
        )
    return motion


def record_roll_call(motion: Motion, choices: dict[int, str], *, actor: Actor) -> Motion:
    """Record each member's vote ({authority id: choice}); members not named count as absent.

    Who may vote is the presence frozen when the vote opened, not the register as it is now."""
    require_office(actor)
    if motion.status == Motion.Status.COUNTED:
        raise Conflict("motion_counted", _("This motion has been counted and cannot change."))
    _refuse_secret(motion)
    require_opened(motion.meeting)
    valid = {c.value for c in tally.Choice}
    for value in choices.values():
        if value not in valid:
            raise DomainError("invalid_choice", _("Unknown vote: %(value)s.") % {"value": value})
    with transaction.atomic():
        locked = Motion.objects.select_for_update().get(pk=motion.pk)
        if locked.status == Motion.Status.COUNTED:
            raise Conflict("motion_counted", _("This motion has been counted and cannot change."))
        rows = {r.authority_id: r for r in RollCall.objects.select_for_update().filter(motion=motion)}
        if set(choices) - set(rows):
            raise DomainError("not_convened", _("This member is not convened to this meeting."))
        # Only members in the room (or represented by proxy) when the vote opened vote.
        in_room = {Attendance.Presence.PRESENT, Attendance.Presence.PROXY}
        if any(v != tally.Choice.ABSENT and rows[k].presence not in in_room for k, v in choices.items()):
            raise DomainError("member_absent", _("A member recorded absent cannot vote."))
        for authority_id, row in rows.items():
            row.choice = choices.get(authority_id, tally.Choice.ABSENT.value)
        RollCall.objects.bulk_update(list(rows.values()), ["choice"])
        audit.record(
            signed_in(actor),
            "governance.roll_call_recorded",
            motion,
            {str(k): row.choice for k, row in rows.items()},
        )
    return motion


def _refuse_secret(motion: Motion) -> None:
    if motion.is_secret:
        raise Conflict(
            "motion_secret",
            _("This motion is voted by secret paper ballot: enter the count of the box, not a roll-call."),
        )


def count_motion(motion: Motion, *, actor: Actor, resolution_title: str | None = None) -> Motion:
    """Count the roll-call with the motion's rule; a carried motion becomes the body's next
    numbered resolution of the year. Refused without a quorum."""
    require_office(actor)
    require_opened(motion.meeting)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__body").get(pk=motion.pk)
        if motion.status == Motion.Status.COUNTED:
            raise Conflict("motion_counted", _("This motion has been counted and cannot change."))
        _refuse_secret(motion)
        # The quorum of the vote as frozen when it opened: the figure stored here is the one every
        # page and the minutes show (queries.vote_quorum).
        present = queries.vote_quorum(motion)
        if not present.reached:
            raise Conflict("no_quorum", _("The meeting has no quorum."))
        rows = list(motion.roll_call.all())
        if not any(r.choice != tally.Choice.ABSENT for r in rows):
            raise DomainError("no_roll_call", _("Record the roll-call first."))
        missing = [r.authority_id for r in rows if r.population is None and r.choice != tally.Choice.ABSENT]
        rule = motion.rule()
        if missing and rule.weighting != tally.Weighting.MEMBERS:
            raise DomainError(
                "population_missing", _("Some voting members have no population figure to weigh their vote.")
            )
        votes = [tally.Vote(r.authority_id, r.population or 0, tally.Choice(r.choice)) for r in rows]
        try:
            outcome = tally.tally(rule, votes, chair=motion.chair_id)
        except ValueError as err:
            raise DomainError("invalid_count", str(err)) from err
        motion.carried = outcome.carried
        motion.figures = results.MotionResult.from_outcome(outcome, rule, present).to_json()
        motion.status = Motion.Status.COUNTED
        motion.save(update_fields=["carried", "figures", "status"])
        if outcome.carried:
            new_resolution(motion, resolution_title or motion.title)
        audit.record(signed_in(actor), "governance.motion_counted", motion, motion.figures)
    return motion


def new_resolution(motion: Motion, title: str) -> Resolution:
    meeting = motion.meeting
    adopted = timezone.localtime(meeting.starts_at).date()
    # Serialise numbering per body: the body row is the lock, the unique constraint the guard.
    Body.objects.select_for_update().get(pk=meeting.body_id)
    last = Resolution.objects.filter(body=meeting.body, year=adopted.year).aggregate(n=Max("number"))["n"]
    return Resolution.objects.create(
        body=meeting.body,
        year=adopted.year,
        number=(last or 0) + 1,
        adopted_on=adopted,
        title=title,
        text=motion.text,
        meeting=meeting,
        motion=motion,
        carried=True,
        figures=motion.figures,
    )
