"""What the network e-mails about a meeting, and to whom, after commit: the convocation (agenda,
document links, .ics) and a notice when the office changes, postpones or cancels it
(services/schedule.py). Each recipient gets a message of their own, in the network's default
language, through the outbox (cocopa/core/outbox.py): a row first, delivered by the worker."""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cocopa.governance import ical, queries
from cocopa.governance.models import Meeting


def _body(meeting: Meeting) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    lines = [
        _("%(body)s is convened on %(when)s.") % {"body": meeting.body.name, "when": when},
        "",
    ]
    if meeting.place:
        lines.append(_("Place: %(place)s") % {"place": meeting.place})
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    lines += ["", _("Agenda:")]
    for item in meeting.items.all():
        lines.append(f"{item.number}. {item.title}")
        if item.description:
            lines.append(f"   {item.description}")
        for document in item.documents.all():
            path = reverse("governance_documents:agenda", kwargs={"pk": document.pk})
            lines.append(f"   - {document.title}: {urljoin(settings.COCOPA_SITE_URL, path)}")
    lines += ["", _("The calendar file attached adds the meeting to your calendar.")]
    return "\n".join(lines)


def convocation(meeting_pk: int) -> int:
    """Mail the convocation (agenda, document links, .ics) to each address convened; returns how many."""
    meeting = Meeting.objects.select_related("body").prefetch_related("items__documents").get(pk=meeting_pk)
    to = queries.convened_addresses(meeting, timezone.localdate())
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Convocation: %(body)s, %(day)s") % {
            "body": meeting.body.name,
            "day": formats.date_format(timezone.localtime(meeting.starts_at).date(), "DATE_FORMAT"),
        }
        body = _body(meeting)
        calendar = ical.calendar([meeting], [], stamp=timezone.now())
    for address in to:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach("convocazione.ics", calendar, "text/calendar")
        message.send()
    return len(to)


@dataclass(frozen=True)
class Change:
    """What changed: `kind` is "changed", "postponed" or "cancelled"; `before` the start before."""

    kind: str
    before: str = ""
    reason: str = ""


def _when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def meeting_notice(meeting_pk: int, change: Change) -> int:
    """Mail the notice to those convened; returns how many messages were handed to the backend."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_pk)
    addresses = queries.convened_addresses(meeting, timezone.localdate())
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(meeting, change)
        for address in addresses:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return len(addresses)


def _message(meeting: Meeting, change: Change) -> tuple[str, str]:
    names = {"body": meeting.body.name, "when": _when(meeting), "before": change.before}
    if change.kind == "cancelled":
        subject = _("Cancelled: %(body)s of %(when)s") % names
        lead = _("The meeting of %(body)s convened for %(when)s is cancelled.") % names
    elif change.kind == "postponed":
        subject = _("Postponed: %(body)s, now %(when)s") % names
        lead = _("The meeting of %(body)s convened for %(before)s is postponed to %(when)s.") % names
    else:
        subject = _("Changed: %(body)s of %(when)s") % names
        lead = _("The details of the meeting of %(body)s of %(when)s have changed.") % names
    lines = [lead, ""]
    if change.kind != "cancelled":
        if meeting.place:
            lines.append(_("Place: %(place)s") % {"place": meeting.place})
        if meeting.online_url:
            lines.append(_("Online link: %(url)s") % {"url": meeting.online_url})
    if change.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": change.reason})
    url = settings.COCOPA_SITE_URL.rstrip("/") + reverse("self_service:home")
    lines += ["", _("Your convocations: %(url)s") % {"url": url}]
    return subject, "\n".join(lines)
