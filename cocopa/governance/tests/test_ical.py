"""The iCal feed: meetings not cancelled and the ends of terms, parsed back as a calendar client would."""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Component

from cocopa.governance.models import AgendaItem, Body, Mandate, Meeting, Person

pytestmark = pytest.mark.django_db


def _events(response: HttpResponse) -> list[Component]:
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


def test_the_feed_has_meetings_and_term_ends(demo_network, client):
    assembly = Body.objects.get(key="assemblea")
    board = Body.objects.get(key="comitato-direttivo")
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=20)
    meeting = Meeting.objects.create(
        body=assembly, starts_at=starts, place="Sala consiliare", convened_on=timezone.localdate()
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Bilancio preventivo")
    online = Meeting.objects.create(
        body=board,
        starts_at=starts + dt.timedelta(days=1),
        online_url="https://meet.example.org/b",
        convened_on=timezone.localdate(),
    )
    cancelled = Meeting.objects.create(
        body=assembly,
        starts_at=starts,
        place="Altrove",
        convened_on=timezone.localdate(),
        status=Meeting.Status.CANCELLED,
    )
    ends = timezone.localdate() + dt.timedelta(days=90)
    Mandate.objects.create(
        body=board,
        position=board.positions.get(key="member"),
        person=Person.objects.create(name="Giulia Esempio"),
        start_on=ends - dt.timedelta(days=3 * 365),
        end_on=ends,
        began=Mandate.Began.ELECTION,
    )

    response = client.get(reverse("governance:calendar"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(e["UID"]): e for e in _events(response)}
    assert f"{cancelled.uid}@cocopa" not in events
    held = events[f"{meeting.uid}@cocopa"]
    assert held.decoded("DTSTART") == starts
    assert held.decoded("DTEND") - held.decoded("DTSTART") == dt.timedelta(hours=2)
    assert str(held["LOCATION"]) == "Sala consiliare"
    assert str(held["SUMMARY"]) == assembly.name
    assert "Bilancio preventivo" in str(held["DESCRIPTION"])
    assert str(events[f"{online.uid}@cocopa"]["LOCATION"]) == "https://meet.example.org/b"
    term_ends = [e for e in events.values() if "Giulia Esempio" in str(e["SUMMARY"])]
    assert len(term_ends) == 1
    assert term_ends[0].decoded("DTSTART") == ends  # an all-day event: a date, not a time


def test_old_ends_and_last_attestations_are_not_term_ends(demo_network, client):
    """Ferrero's 2007 and Riccardo's 2024 ends are past the year; a last attestation is no term end."""
    board = Body.objects.get(key="comitato-direttivo")
    Mandate.objects.create(
        body=board,
        position=board.positions.get(key="member"),
        person=Person.objects.create(name="Attested Only"),
        start_on=timezone.localdate() - dt.timedelta(days=10),
        end_on=timezone.localdate() - dt.timedelta(days=10),
        began=Mandate.Began.ATTESTED,
        ended=Mandate.Ended.LAST_ATTESTED,
    )

    summaries = " ".join(str(e["SUMMARY"]) for e in _events(client.get(reverse("governance:calendar"))))

    assert "Angelo Ferrero" not in summaries
    assert "Attested Only" not in summaries
