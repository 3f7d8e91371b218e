"""The network's calendar as iCalendar (RFC 5545): meetings of its bodies and the ends of terms.

Pure: it takes rows already read (public_queries) and returns the file's bytes, so the view stays
thin and the feed can be tested without HTTP.
"""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cocopa.governance.models import Mandate, Meeting

# Convocations give a start only; calendars need an end, and two hours is a usual sitting.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def _meeting_event(meeting: Meeting, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@cocopa")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + DEFAULT_LENGTH)
    event.add("summary", meeting.body.name)
    if meeting.place or meeting.online_url:
        event.add("location", meeting.place or meeting.online_url)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    agenda = [f"{item.number}. {item.title}" for item in meeting.items.all()]
    if agenda:
        event.add("description", "\n".join(agenda))
    return event


def _term_end_event(mandate: Mandate, stamp: dt.datetime) -> Event:
    assert mandate.end_on is not None  # term_ends() reads only mandates with an end
    event = Event()
    # Stable across feeds so calendars update the event instead of adding a copy.
    event.add("uid", f"term-end-{mandate.pk}@cocopa")
    event.add("dtstamp", stamp)
    event.add("dtstart", mandate.end_on)
    event.add("dtend", mandate.end_on + dt.timedelta(days=1))
    event.add(
        "summary",
        _("End of term: %(position)s %(holder)s")
        % {"position": mandate.position.name, "holder": mandate.holder_name},
    )
    event.add("description", mandate.body.name)
    return event


def calendar(meetings: Iterable[Meeting], term_ends: Iterable[Mandate], *, stamp: dt.datetime) -> bytes:
    """One VEVENT per meeting (timed) and one all-day VEVENT per end of term."""
    cal = Calendar()
    cal.add("prodid", "-//cocopa//governance//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Meetings and terms of office"))
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, stamp))
    for mandate in term_ends:
        cal.add_component(_term_end_event(mandate, stamp))
    return bytes(cal.to_ical())
