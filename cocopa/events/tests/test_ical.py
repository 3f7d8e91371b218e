"""The iCalendar files: all-day events as DATE values, timed ones in Europe/Rome, per member."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from cocopa.events.testing import make_event
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}, cal


def test_all_day_and_timed_events_and_no_partial_date(client):
    torino = make_authority("Torino")
    make_event(
        title_it="Mostra",
        start="2026-04-01",
        end="2026-04-03",
        place_authority=torino,
        address="Palazzo Civico",
    )
    make_event(title_it="Serata", start="2026-01-15", start_time=dt.time(21, 0), end_time=dt.time(23, 0))
    make_event(title_it="Corso", start="2017-05")
    make_event(title_it="Bozza", start="2026-04-05", is_public=False)
    events, cal = _events(client.get(reverse("events:calendar-ics")))
    assert set(events) == {"Mostra", "Serata"}
    mostra = events["Mostra"]
    assert mostra["dtstart"].dt == dt.date(2026, 4, 1)
    assert not isinstance(mostra["dtstart"].dt, dt.datetime)
    assert mostra["dtend"].dt == dt.date(2026, 4, 4)  # exclusive end: the day after the last
    assert b"DTSTART;VALUE=DATE:20260401" in cal.to_ical()
    assert str(mostra["location"]) == "Palazzo Civico, Torino"
    serata = events["Serata"]
    assert serata["dtstart"].dt == dt.datetime(2026, 1, 15, 21, 0, tzinfo=serata["dtstart"].dt.tzinfo)
    assert serata["dtstart"].params["TZID"] == "Europe/Rome"
    assert serata["dtstart"].dt.utcoffset() == dt.timedelta(hours=1)
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]
    assert str(events["Mostra"]["url"]).endswith(f"/events/{mostra['uid'].split('-')[1].split('@')[0]}/")


def test_a_member_s_calendar_holds_the_events_it_organised_attended_or_hosted(client):
    torino, rivoli = make_authority("Torino"), make_authority("Rivoli")
    make_event(title_it="Organizzato", organisers=[torino])
    make_event(title_it="Partecipato", participants=[torino])
    make_event(title_it="Ospitato", place_authority=torino)
    make_event(title_it="Altrove", organisers=[rivoli])
    events, cal = _events(client.get(reverse("events:member-calendar-ics", args=[torino.slug])))
    assert set(events) == {"Organizzato", "Partecipato", "Ospitato"}
    assert "Torino" in str(cal["x-wr-calname"])
    assert client.get(reverse("events:member-calendar-ics", args=["999999"])).status_code == 404
