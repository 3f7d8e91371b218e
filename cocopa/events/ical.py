"""The events as iCalendar (RFC 5545): pure, from events already read.

An all-day event is written with DATE values (DTEND the day after its last day, as RFC 5545
wants); a timed one with date-times in Europe/Rome, with the VTIMEZONE that names them. An event
the sources date only to a month or a year is left out: a calendar would show it on a day it
did not happen.
"""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from cocopa.events.dating import ROME
from cocopa.events.models import Event


def _vevent(event: Event, stamp: dt.datetime, base_url: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@cocopa")
    vevent.add("dtstamp", stamp)
    if event.starts_at is not None:
        vevent.add("dtstart", timezone.localtime(event.starts_at, ROME))
        if event.ends_at is not None:
            vevent.add("dtend", timezone.localtime(event.ends_at, ROME))
    else:
        vevent.add("dtstart", event.start_on)
        vevent.add("dtend", (event.end_on or event.start_on) + dt.timedelta(days=1))
    vevent.add("summary", event.title)
    if event.description:
        vevent.add("description", event.description)
    place = ", ".join(
        p for p in (event.address, event.place_authority.name if event.place_authority else "") if p
    )
    if place:
        vevent.add("location", place)
    if (point := event.coordinates) is not None:
        vevent.add("geo", point)
    vevent.add("categories", [event.kind.name])
    if event.uncertain:
        vevent.add("status", "TENTATIVE")
    vevent.add("url", base_url + event.get_absolute_url())
    return vevent


def calendar(events: Iterable[Event], *, name: str, stamp: dt.datetime, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//cocopa//events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Rome")
    for event in events:
        if event.on_a_day:
            cal.add_component(_vevent(event, stamp, base_url))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
