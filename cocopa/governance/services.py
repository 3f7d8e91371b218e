"""Every write to governance: designations, mandates, meetings, votes and board elections.

Each function runs in one transaction, checks the acting user's right through
cocopa.core.permissions, writes the audit trail, and sends mail only after commit.
"""

import datetime as dt
import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocopa.core import audit, permissions
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.governance import ballots, queries, tally, terms
from cocopa.governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Candidate,
    Designation,
    Election,
    Mandate,
    Meeting,
    Motion,
    Office,
    Participation,
    Person,
    Position,
    Resolution,
    RollCall,
    in_force,
)
from cocopa.members.models import LocalAuthority

User = AbstractBaseUser | AnonymousUser | Any


def _actor(user: User) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden("forbidden", _("You are not allowed to do this."))


def _require_office(user: User) -> None:
    _require(permissions.can_manage_governance(user))


# --- People, offices and designations ---------------------------------------------------------


def designate(
    user: User,
    authority: LocalAuthority,
    person: Person,
    start_on: dt.date,
    *,
    basis: str = Designation.Basis.MAYOR,
    act: str = "",
) -> Designation:
    """Make the person the member's Assembly representative from the day, ending the previous one."""
    _require_office(user)
    with transaction.atomic():
        _end_designations(authority, start_on)
        designation = Designation.objects.create(
            authority=authority, person=person, start_on=start_on, basis=basis, act=act
        )
        audit.record(_actor(user), "governance.designated", designation, {"authority": authority.pk})
    return designation


def _end_designations(authority: LocalAuthority, start_on: dt.date) -> None:
    # A designation starting on or after the day would overlap the new, open-ended one; only the
    # one in force on the day can be cut short.
    if Designation.objects.filter(authority=authority, start_on__gte=start_on).exists():
        raise Conflict("designation_overlaps", _("The member already has a designation from that day."))
    for current in Designation.objects.filter(in_force(start_on), authority=authority):
        current.end_on = start_on - dt.timedelta(days=1)
        current.save(update_fields=["end_on"])


@dataclass(frozen=True)
class MayorChange:
    office: Office
    designations_replaced: int
    mandates_ended: int
    mandates_carried_over: int


def change_mayor(
    user: User,
    authority: LocalAuthority,
    person: Person,
    start_on: dt.date,
    *,
    carry_over_seats: bool = False,
) -> MayorChange:
    """After local elections, in one step: the new mayor's office, the Assembly designation
    moved from the outgoing mayor to the new one, and the outgoing mayor's seats held for this
    member ended (or handed to the new mayor for the rest of the term when carry_over_seats)."""
    _require_office(user)
    with transaction.atomic():
        impact = queries.mayor_change_impact(authority, start_on)
        day_before = start_on - dt.timedelta(days=1)
        if impact.outgoing is not None:
            if impact.outgoing.person_id == person.pk:
                raise Conflict("same_mayor", _("This person is already the mayor."))
            if impact.outgoing.start_on is not None and impact.outgoing.start_on >= start_on:
                # Ending the outgoing office the day before would end it before it began.
                raise Conflict(
                    "mayor_change_too_early",
                    _("The new mayor must start after the outgoing one took office."),
                )
            impact.outgoing.end_on = day_before
            impact.outgoing.save(update_fields=["end_on"])
        office = Office.objects.create(
            person=person, authority=authority, kind=Office.Kind.MAYOR, start_on=start_on
        )
        replaced = 0
        for designation in impact.designations:
            designation.end_on = day_before
            designation.save(update_fields=["end_on"])
            if designation.basis == Designation.Basis.MAYOR:
                Designation.objects.create(
                    authority=authority, person=person, start_on=start_on, basis=Designation.Basis.MAYOR
                )
                replaced += 1
        carried = 0
        for mandate in impact.mandates:
            old_end = mandate.end_on
            mandate.end_on = day_before
            mandate.ended = Mandate.Ended.LOST_OFFICE
            mandate.save(update_fields=["end_on", "ended"])
            if carry_over_seats:
                Mandate.objects.create(
                    body=mandate.body,
                    position=mandate.position,
                    person=person,
                    authority=authority,
                    start_on=start_on,
                    end_on=old_end,
                    end_from_term=mandate.end_from_term,
                    began=Mandate.Began.CO_OPTION,
                )
                carried += 1
        result = MayorChange(office, replaced, len(impact.mandates), carried)
        audit.record(
            _actor(user),
            "governance.mayor_changed",
            office,
            {
                "authority": authority.pk,
                "outgoing": impact.outgoing.person_id if impact.outgoing else None,
                "designations_replaced": replaced,
                "mandates_ended": len(impact.mandates),
                "mandates_carried_over": carried,
            },
        )
    return result


# --- Mandates ---------------------------------------------------------------------------------


def appoint(
    user: User,
    position: Position,
    start_on: dt.date,
    *,
    began: str,
    person: Person | None = None,
    authority: LocalAuthority | None = None,
    end_on: dt.date | None = None,
    election: Election | None = None,
    affiliation: str = "",
) -> Mandate:
    """A new mandate. Its end is the body's term from the start unless given; a full position
    refuses it (end the sitting mandate first)."""
    _require_office(user)
    return _appoint(
        _actor(user),
        position,
        start_on,
        began=began,
        person=person,
        authority=authority,
        end_on=end_on,
        election=election,
        affiliation=affiliation,
    )


def _appoint(
    actor: Any,
    position: Position,
    start_on: dt.date,
    *,
    began: str,
    person: Person | None,
    authority: LocalAuthority | None,
    end_on: dt.date | None,
    election: Election | None = None,
    affiliation: str = "",
) -> Mandate:
    if person is None and authority is None:
        raise DomainError("holder_missing", _("A mandate needs a person or an authority."))
    body = position.body
    from_term = end_on is None and body.term_years is not None
    if from_term:
        assert body.term_years is not None
        end_on = terms.term_end(start_on, body.term_years)
    if end_on is not None and end_on < start_on:
        raise DomainError("end_before_start", _("The end comes before the start."))
    with transaction.atomic():
        # Lock the position so two appointments cannot both take its last seat.
        Position.objects.select_for_update().get(pk=position.pk)
        if position.seats is not None and _seats_taken(position, start_on, end_on) >= position.seats:
            raise Conflict("no_vacancy", _("Every seat of this position is taken on that day."))
        mandate = Mandate.objects.create(
            body=body,
            position=position,
            person=person,
            authority=authority,
            start_on=start_on,
            end_on=end_on,
            end_from_term=from_term,
            began=began,
            election=election,
            affiliation=affiliation,
        )
        audit.record(actor, "governance.mandate_started", mandate, {"position": position.pk, "began": began})
    return mandate


def _seats_taken(position: Position, start_on: dt.date, end_on: dt.date | None) -> int:
    """The most seats of the position held on any one day of the period [start_on, end_on].

    Not only on the first day: a mandate starting later in the period would overlap the new one.
    The count can only rise on a day a mandate starts, so those days are the ones to check.
    """
    overlapping = Mandate.objects.filter(position=position, start_on__isnull=False).exclude(
        end_on__lt=start_on
    )
    if end_on is not None:
        overlapping = overlapping.filter(start_on__lte=end_on)
    periods: list[tuple[dt.date, dt.date]] = [
        (s, e or dt.date.max) for s, e in overlapping.values_list("start_on", "end_on") if s is not None
    ]
    days = {start_on} | {s for s, _e in periods if s > start_on}
    return max(sum(1 for s, e in periods if s <= day <= e) for day in days)


def end_mandate(user: User, mandate: Mandate, end_on: dt.date, ended: str) -> Mandate:
    _require_office(user)
    if ended not in Mandate.Ended.values:
        raise DomainError("invalid_ending", _("Unknown ending: %(value)s.") % {"value": ended})
    if mandate.start_on and end_on < mandate.start_on:
        raise DomainError("end_before_start", _("The end comes before the start."))
    with transaction.atomic():
        mandate.end_on = end_on
        mandate.ended = ended
        mandate.end_from_term = False
        mandate.save(update_fields=["end_on", "ended", "end_from_term"])
        audit.record(
            _actor(user), "governance.mandate_ended", mandate, {"ended": ended, "end_on": str(end_on)}
        )
    return mandate


# --- Meetings ---------------------------------------------------------------------------------


def convene(
    user: User,
    body: Body,
    starts_at: dt.datetime,
    *,
    convened_on: dt.date,
    place: str = "",
    online_url: str = "",
    items: Sequence[tuple[str, str]] = (),
    urgent: bool = False,
) -> Meeting:
    """Convene a body: the meeting, its agenda, and its attendance register listing every member
    entitled to sit. A notice shorter than the rules' is refused unless the convocation is urgent."""
    _require_office(user)
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
            _actor(user),
            "governance.convened",
            meeting,
            {"body": body.key, "notice_days": check.given_days, "urgent": urgent and not check.ok},
        )
    return meeting


def _open_meeting(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict("meeting_cancelled", _("The meeting was cancelled."))


def announce_attendance(
    user: User, meeting: Meeting, authority: LocalAuthority, attending: bool
) -> Attendance:
    """A representative says whether their member will attend."""
    _require(permissions.can_announce_attendance(user, meeting, authority, timezone.localdate()))
    _open_meeting(meeting)
    if meeting.starts_at <= timezone.now():
        raise Conflict("meeting_started", _("The meeting has already begun."))
    with transaction.atomic():
        attendance = _attendance(meeting, authority)
        attendance.announced = attending
        attendance.announced_at = timezone.now()
        attendance.save(update_fields=["announced", "announced_at"])
        audit.record(_actor(user), "governance.attendance_announced", attendance, {"attending": attending})
    return attendance


def _attendance(meeting: Meeting, authority: LocalAuthority) -> Attendance:
    try:
        return Attendance.objects.select_for_update().get(meeting=meeting, authority=authority)
    except Attendance.DoesNotExist:
        raise DomainError("not_convened", _("This member is not convened to this meeting.")) from None


def record_attendance(
    user: User,
    meeting: Meeting,
    register: dict[int, tuple[str, LocalAuthority | None]],
) -> list[Attendance]:
    """Record presence for members of the register: {authority id: (presence, proxy holder)}."""
    _require_office(user)
    _open_meeting(meeting)
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
            _actor(user),
            "governance.attendance_recorded",
            meeting,
            {str(a.authority_id): a.presence for a in changed},
        )
    return changed


def record_minutes(user: User, item: AgendaItem, text: str) -> AgendaItem:
    _require_office(user)
    with transaction.atomic():
        item.minutes = text
        item.save(update_fields=["minutes"])
        audit.record(_actor(user), "governance.minutes_recorded", item)
    return item


def cancel_meeting(user: User, meeting: Meeting) -> Meeting:
    _require_office(user)
    with transaction.atomic():
        if meeting.motions.filter(status=Motion.Status.COUNTED).exists():
            raise Conflict("meeting_has_votes", _("A meeting with counted votes cannot be cancelled."))
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        audit.record(_actor(user), "governance.meeting_cancelled", meeting)
    return meeting


# --- Motions, roll-call and resolutions -------------------------------------------------------


def put_motion(
    user: User,
    meeting: Meeting,
    title: str,
    *,
    item: AgendaItem | None = None,
    text: str = "",
    majority: str | None = None,
    weighting: str | None = None,
    abstentions: str | None = None,
    tie: str | None = None,
    chair: LocalAuthority | None = None,
) -> Motion:
    """A motion with the body's vote rule unless this motion's type asks for another."""
    _require_office(user)
    _open_meeting(meeting)
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
        )
        audit.record(_actor(user), "governance.motion_put", motion, {"rule": _rule_dict(rule)})
    return motion


def _rule_dict(rule: tally.VoteRule) -> dict[str, str]:
    return {
        "majority": rule.majority.value,
        "weighting": rule.weighting.value,
        "abstentions": rule.abstentions.value,
        "tie": rule.tie.value,
    }


def record_roll_call(user: User, motion: Motion, choices: dict[int, str]) -> Motion:
    """Record each member's vote ({authority id: choice}); members not named count as absent."""
    _require_office(user)
    if motion.status == Motion.Status.COUNTED:
        raise Conflict("motion_counted", _("This motion has been counted and cannot change."))
    meeting = motion.meeting
    presence = dict(meeting.attendances.values_list("authority_id", "presence"))
    entitled = list(presence)
    unknown = set(choices) - set(entitled)
    if unknown:
        raise DomainError("not_convened", _("This member is not convened to this meeting."))
    valid = {c.value for c in tally.Choice}
    for value in choices.values():
        if value not in valid:
            raise DomainError("invalid_choice", _("Unknown vote: %(value)s.") % {"value": value})
    # Only members in the room (or represented by proxy) vote; the quorum counts the others absent.
    in_room = {Attendance.Presence.PRESENT, Attendance.Presence.PROXY}
    if any(v != tally.Choice.ABSENT and presence[k] not in in_room for k, v in choices.items()):
        raise DomainError("member_absent", _("A member recorded absent cannot vote."))
    pops = queries.populations(entitled, queries.meeting_day(meeting))
    with transaction.atomic():
        Motion.objects.select_for_update().get(pk=motion.pk)
        RollCall.objects.filter(motion=motion).delete()
        RollCall.objects.bulk_create(
            RollCall(
                motion=motion,
                authority_id=authority_id,
                choice=choices.get(authority_id, tally.Choice.ABSENT.value),
                population=pops.get(authority_id),
            )
            for authority_id in entitled
        )
        audit.record(
            _actor(user),
            "governance.roll_call_recorded",
            motion,
            {str(k): choices.get(k, tally.Choice.ABSENT.value) for k in entitled},
        )
    return motion


def count_motion(user: User, motion: Motion, *, resolution_title: str | None = None) -> Motion:
    """Count the roll-call with the motion's rule; a carried motion becomes the body's next
    numbered resolution of the year. Refused without a quorum."""
    _require_office(user)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__body").get(pk=motion.pk)
        if motion.status == Motion.Status.COUNTED:
            raise Conflict("motion_counted", _("This motion has been counted and cannot change."))
        meeting = motion.meeting
        present = queries.meeting_quorum(meeting)
        if not present.reached:
            raise Conflict("no_quorum", _("The meeting has no quorum."))
        rows = list(motion.roll_call.all())
        if not rows:
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
        motion.figures = _figures(outcome, rule, present)
        motion.status = Motion.Status.COUNTED
        motion.save(update_fields=["carried", "figures", "status"])
        if outcome.carried:
            _new_resolution(motion, resolution_title or motion.title)
        audit.record(_actor(user), "governance.motion_counted", motion, motion.figures)
    return motion


def _count_dict(count: tally.Count | None) -> dict[str, Any] | None:
    if count is None:
        return None
    return {
        "for": count.for_,
        "against": count.against,
        "abstain": count.abstain,
        "absent": count.absent,
        "base": count.base,
        "required": count.required,
        "carried": count.carried,
        "tie": count.tie,
    }


def _figures(outcome: tally.Outcome, rule: tally.VoteRule, present: Any) -> dict[str, Any]:
    return {
        "rule": _rule_dict(rule),
        "carried": outcome.carried,
        "tie": outcome.tie,
        "tie_broken_by": outcome.tie_broken_by,
        "members": _count_dict(outcome.members),
        "population": _count_dict(outcome.population),
        "quorum": {"entitled": present.entitled, "present": present.present, "required": present.required},
    }


def _new_resolution(motion: Motion, title: str) -> Resolution:
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


# --- Board elections --------------------------------------------------------------------------


def create_election(
    user: User,
    position: Position,
    *,
    title: str,
    held_on: dt.date,
    term_start: dt.date,
    seats: int | None = None,
    method: str = ballots.Method.PLURALITY_AT_LARGE.value,
    max_choices: int | None = None,
    tie_rule: str = ballots.TieRule.LOT.value,
    secret: bool = True,
    creates_presidency: bool = False,
) -> Election:
    _require_office(user)
    election = Election(
        body=position.body,
        position=position,
        title=title,
        held_on=held_on,
        term_start=term_start,
        seats=seats or position.seats or 0,
        method=method,
        max_choices=max_choices,
        tie_rule=tie_rule,
        secret=secret,
        creates_presidency=creates_presidency,
    )
    try:
        election.rule()
    except ValueError as err:
        raise DomainError("invalid_rule", str(err)) from err
    if position.seats is not None and election.seats > position.seats:
        # Counting would then fail at the last step, when the mandates find no vacant seat.
        raise DomainError("invalid_rule", _("The position has fewer seats than the election would fill."))
    if creates_presidency and _presidency_positions() is None:
        raise DomainError(
            "no_presidency", _("No presidency body with president and vice-president positions.")
        )
    with transaction.atomic():
        election.save()
        audit.record(
            _actor(user), "governance.election_created", election, {"rule": _election_rule(election)}
        )
    return election


def _election_rule(election: Election) -> dict[str, Any]:
    return {
        "method": election.method,
        "seats": election.seats,
        "max_choices": election.max_choices,
        "tie_rule": election.tie_rule,
        "secret": election.secret,
    }


def _locked(election: Election, *allowed: str) -> Election:
    locked = Election.objects.select_for_update().get(pk=election.pk)
    if locked.status not in allowed:
        raise Conflict(
            "election_status",
            _("Not possible while the election is %(status)s.") % {"status": locked.get_status_display()},
        )
    return locked


def nominate(
    user: User, election: Election, person: Person, authority: LocalAuthority, nominated_by: LocalAuthority
) -> Candidate:
    """A member in good standing nominates a candidate (recorded by the office)."""
    _require_office(user)
    with transaction.atomic():
        election = _locked(election, Election.Status.NOMINATING)
        standing = queries.members_in_good_standing(election.held_on)
        if not standing.filter(pk=nominated_by.pk).exists():
            raise DomainError("not_in_good_standing", _("Only members in good standing nominate candidates."))
        try:
            with transaction.atomic():
                candidate = Candidate.objects.create(
                    election=election, person=person, authority=authority, nominated_by=nominated_by
                )
        except IntegrityError:
            raise Conflict("already_candidate", _("This person is already a candidate.")) from None
        audit.record(_actor(user), "governance.candidate_nominated", candidate, {"election": election.pk})
    return candidate


def open_election(user: User, election: Election) -> Election:
    _require_office(user)
    with transaction.atomic():
        election = _locked(election, Election.Status.NOMINATING)
        if not election.candidates.filter(withdrawn=False).exists():
            raise DomainError("no_candidates", _("An election needs candidates."))
        election.status = Election.Status.OPEN
        election.save(update_fields=["status"])
        audit.record(_actor(user), "governance.election_opened", election)
    return election


def cast_online(
    user: User, election: Election, authority: LocalAuthority, choices: Sequence[int]
) -> Participation:
    """The member's designated representative casts the member's ballot."""
    _require(permissions.can_cast_online_ballot(user, election, authority, timezone.localdate()))
    person = Person.objects.filter(user_id=user.pk).first() if user.pk else None
    return _cast(user, election, authority, choices, Participation.Channel.ONLINE, person)


def record_in_person(
    user: User, election: Election, authority: LocalAuthority, choices: Sequence[int]
) -> Participation:
    """The office records the ballot a member cast in person."""
    _require(permissions.can_record_in_person_ballot(user, election))
    return _cast(user, election, authority, choices, Participation.Channel.IN_PERSON, None)


def _cast(
    user: User,
    election: Election,
    authority: LocalAuthority,
    choices: Sequence[int],
    channel: str,
    person: Person | None,
) -> Participation:
    candidates = set(election.candidates.filter(withdrawn=False).values_list("pk", flat=True))
    try:
        ballots.check_ballot(election.rule(), candidates, choices)
    except ballots.InvalidBallot as err:
        raise DomainError(err.code, str(err)) from err
    if not queries.members_in_good_standing(election.held_on).filter(pk=authority.pk).exists():
        raise DomainError("not_in_good_standing", _("Only members in good standing vote."))
    try:
        with transaction.atomic():
            # The election row is locked so that close_election (which locks it too) waits for a
            # ballot already past this check: otherwise the ballot would land after the close,
            # outside the shuffled box. The unique (election, member) constraint still decides
            # which of simultaneous attempts for one member counts; the others roll back.
            current = Election.objects.select_for_update().get(pk=election.pk)
            if current.status != Election.Status.OPEN:
                raise Conflict("election_status", _("Voting is not open."))
            participation = Participation.objects.create(
                election=election,
                authority=authority,
                person=person,
                channel=channel,
                recorded_by=_actor(user),
            )
            Ballot.objects.create(
                election=election,
                choices=sorted(choices),
                authority=None if current.secret else authority,
            )
            audit.record(_actor(user), "governance.ballot_cast", participation, {"channel": channel})
    except IntegrityError:
        raise Conflict("already_voted", _("This member has already voted.")) from None
    return participation


def close_election(user: User, election: Election) -> Election:
    """Close voting. A secret box is shuffled: its ballots are written again in random order with
    new keys, so not even the storage order follows the order of participation."""
    _require_office(user)
    with transaction.atomic():
        election = _locked(election, Election.Status.OPEN)
        if election.secret:
            box = list(Ballot.objects.filter(election=election).values_list("choices", flat=True))
            random.SystemRandom().shuffle(box)
            Ballot.objects.filter(election=election).delete()
            Ballot.objects.bulk_create(Ballot(election=election, choices=choices) for choices in box)
        election.status = Election.Status.CLOSED
        election.save(update_fields=["status"])
        audit.record(
            _actor(user), "governance.election_closed", election, {"ballots": election.ballots.count()}
        )
    return election


def _presidency_positions() -> tuple[Position, Position] | None:
    president = Position.objects.filter(body__kind=Body.Kind.PRESIDENCY, key="president").first()
    vice = Position.objects.filter(body__kind=Body.Kind.PRESIDENCY, key="vice-president").first()
    return (president, vice) if president and vice else None


def count_election(user: User, election: Election) -> Election:
    """Count the ballots, record the result (with any lot drawn), end the outgoing mandates and
    create the new ones — and, when the rule says so, the presidency. Nothing changes after."""
    _require_office(user)
    with transaction.atomic():
        election = _locked(election, Election.Status.CLOSED)
        candidates = list(election.candidates.filter(withdrawn=False).select_related("person", "authority"))
        since = _member_since([c.authority_id for c in candidates], election.held_on)
        rule = election.rule()
        # Drawn now and recorded, so anyone can re-run the count and get the same lot.
        seed = secrets.randbits(62)
        result = ballots.count(
            rule,
            [ballots.Candidate(c.pk, since.get(c.authority_id)) for c in candidates],
            [list(b) for b in election.ballots.values_list("choices", flat=True)],
            seed=seed,
        )
        election.seed = seed
        election.result = {
            "totals": [[cid, votes] for cid, votes in result.totals],
            "ballots": result.ballots,
            "blank": result.blank,
            "elected": list(result.elected),
            "ties_at_cut": list(result.ties_at_cut),
            "decided_by": result.decided_by,
            "lot": (
                {"seed": result.lot.seed, "among": list(result.lot.among), "drawn": list(result.lot.drawn)}
                if result.lot
                else None
            ),
        }
        election.status = Election.Status.COUNTED
        election.save(update_fields=["seed", "result", "status"])
        by_id = {c.pk: c for c in candidates}
        _end_outgoing(election.position, election.term_start)
        for cid in result.elected:
            c = by_id[cid]
            _appoint(
                _actor(user),
                election.position,
                election.term_start,
                began=Mandate.Began.ELECTION,
                person=c.person,
                authority=c.authority,
                end_on=None,
                election=election,
            )
        if election.creates_presidency:
            pair = _presidency_positions()
            assert pair is not None
            for position, cid in zip(pair, result.elected, strict=False):
                _end_outgoing(position, election.term_start)
                c = by_id[cid]
                _appoint(
                    _actor(user),
                    position,
                    election.term_start,
                    began=Mandate.Began.ELECTION,
                    person=c.person,
                    authority=c.authority,
                    end_on=terms.term_end(election.term_start, election.body.term_years)
                    if election.body.term_years
                    else None,
                    election=election,
                )
        audit.record(_actor(user), "governance.election_counted", election, election.result)
    return election


def _end_outgoing(position: Position, term_start: dt.date) -> None:
    """Mandates of the position still running when the new term starts end the day before."""
    for mandate in Mandate.objects.filter(in_force(term_start), position=position):
        mandate.end_on = term_start - dt.timedelta(days=1)
        mandate.ended = Mandate.Ended.TERM if mandate.end_from_term else Mandate.Ended.SUCCEEDED
        mandate.save(update_fields=["end_on", "ended"])


def _member_since(authority_ids: Iterable[int], day: dt.date) -> dict[int, dt.date]:
    from cocopa.members.models import Membership

    since: dict[int, dt.date] = {}
    for authority_id, start in (
        Membership.objects.filter(authority_id__in=list(authority_ids), start_on__lte=day)
        .order_by("start_on")
        .values_list("authority_id", "start_on")
    ):
        since.setdefault(authority_id, start)
    return since


def add_person(user: User, name: str, *, email: str = "", phone: str = "") -> Person:
    """Record a person (a new mayor, a delegate, a candidate) the office will refer to."""
    _require_office(user)
    name = name.strip()
    if not name:
        raise DomainError("name_missing", _("Give the person's name."))
    with transaction.atomic():
        person = Person.objects.create(name=name, email=email, phone=phone)
        audit.record(_actor(user), "governance.person_added", person)
    return person
