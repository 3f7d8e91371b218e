"""Changing a convened meeting: its place and online link, its date (postponement) and its
cancellation. Each writes the audit trail with the values before and after, and after commit
mails a notice to those convened (notify.meeting_notice)."""

import datetime as dt
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import notify
from cocopa.governance.models import Meeting, Motion
from cocopa.governance.services._common import require_office


def _locked_convened(meeting: Meeting) -> Meeting:
    """The meeting, locked; refused once it is held (its register recorded) or cancelled."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise Conflict("meeting_cancelled", _("The meeting was cancelled."))
    if locked.status == Meeting.Status.HELD:
        raise Conflict("meeting_held", _("The meeting has been held: it can no longer be changed."))
    return locked


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def edit_meeting(meeting: Meeting, *, actor: Actor, place: str, online_url: str) -> Meeting:
    """Change where a convened meeting is held: its place and online link (one of them at least).
    The audit entry keeps both values before and after; those convened get a notice."""
    require_office(actor)
    place, online_url = place.strip(), online_url.strip()
    if len(place) > Meeting._meta.get_field("place").max_length:  # type: ignore[operator]
        raise DomainError("place_too_long", _("The place is too long."))
    if online_url:
        try:
            URLValidator(schemes=["http", "https"])(online_url)
        except ValidationError:
            raise DomainError("online_url_invalid", _("The online link is not a valid address.")) from None
    if not place and not online_url:
        raise DomainError("place_missing", _("Give a place or an online link."))
    with transaction.atomic():
        _locked_convened(meeting)
        meeting.refresh_from_db(fields=["place", "online_url", "starts_at", "status"])
        before = {"place": meeting.place, "online_url": meeting.online_url}
        after = {"place": place, "online_url": online_url}
        if before == after:
            raise DomainError("meeting_unchanged", _("Nothing was changed."))
        meeting.place, meeting.online_url = place, online_url
        meeting.save(update_fields=["place", "online_url"])
        audit.record(
            signed_in(actor), "governance.meeting_edited", meeting, {"before": before, "after": after}
        )
        transaction.on_commit(partial(notify.meeting_notice, meeting.pk, notify.Change("changed")))
    return meeting


def postpone_meeting(meeting: Meeting, starts_at: dt.datetime, *, actor: Actor, reason: str = "") -> Meeting:
    """Move a convened meeting to a later date and time, in the future. The meeting keeps its
    agenda, documents and register; the audit entry keeps the old and the new start."""
    require_office(actor)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise DomainError("starts_in_past", _("The new date and time must be in the future."))
    with transaction.atomic():
        _locked_convened(meeting)
        meeting.refresh_from_db(fields=["place", "online_url", "starts_at", "status"])
        if starts_at <= meeting.starts_at:
            raise DomainError(
                "not_later",
                _("A postponement moves the meeting later than %(when)s.")
                % {"when": _when(meeting.starts_at)},
            )
        before = meeting.starts_at
        meeting.starts_at = starts_at
        meeting.save(update_fields=["starts_at"])
        audit.record(
            signed_in(actor),
            "governance.meeting_postponed",
            meeting,
            {
                "from": timezone.localtime(before).isoformat(),
                "to": timezone.localtime(starts_at).isoformat(),
                "reason": reason,
            },
        )
        change = notify.Change("postponed", before=_when(before), reason=reason)
        transaction.on_commit(partial(notify.meeting_notice, meeting.pk, change))
    return meeting


def cancel_meeting(meeting: Meeting, *, actor: Actor, reason: str = "") -> Meeting:
    """Cancel a meeting not yet cancelled and with no counted vote; the reason goes to the audit
    trail and to the notice sent to those convened."""
    require_office(actor)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == Meeting.Status.CANCELLED:
            raise Conflict("meeting_cancelled", _("The meeting was cancelled."))
        if meeting.motions.filter(status=Motion.Status.COUNTED).exists():
            raise Conflict("meeting_has_votes", _("A meeting with counted votes cannot be cancelled."))
        meeting.status = Meeting.Status.CANCELLED  # the caller's object too
        meeting.save(update_fields=["status"])
        audit.record(signed_in(actor), "governance.meeting_cancelled", meeting, {"reason": reason})
        change = notify.Change("cancelled", reason=reason)
        transaction.on_commit(partial(notify.meeting_notice, meeting.pk, change))
    return meeting
