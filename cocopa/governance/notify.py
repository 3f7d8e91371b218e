"""What to e-mail whom about meetings, after commit: the convocation to those convened.

Each message goes through the outbox (cocopa/core/outbox.py): a row first, delivered by the worker.
"""

import datetime as dt
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cocopa.governance import ical
from cocopa.governance.models import Designation, Mandate, Meeting, in_force


def convened_addresses(meeting: Meeting, today: dt.date) -> list[str]:
    """Who is convened, by address: the representatives today of the members on the attendance
    register, and the people holding a seat in the body (the board, for a board meeting)."""
    members = meeting.attendances.values("authority_id")
    people = [
        d.person
        for d in Designation.objects.filter(in_force(today), authority_id__in=members).select_related(
            "person__user"
        )
    ] + [
        m.person
        for m in Mandate.objects.filter(in_force(today), body=meeting.body)
        .filter(~Q(person=None))
        .select_related("person__user")
    ]
    found = {p.email or (p.user.email if p.user else "") for p in people if p is not None}
    return sorted(a for a in found if a)


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
    to = convened_addresses(meeting, timezone.localdate())
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
