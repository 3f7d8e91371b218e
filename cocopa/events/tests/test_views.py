"""The public events pages in Italian and English, the month's calendar, the past and the upcoming,
all-day and timed events in Rome time, the files, and the office pages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cocopa.core.models import AuditEvent
from cocopa.events.models import Event
from cocopa.events.testing import kind, make_event
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def events():
    with time_machine.travel(TODAY, tick=False):
        torino = make_authority("Torino")
        yield {
            "past": make_event(title_it="Convegno passato", title_en="Past conference", start="2026-02-02"),
            "today": make_event(title_it="Seminario di oggi", start="2026-03-09", end="2026-03-10"),
            "timed": make_event(
                title_it="Serata pubblica",
                title_en="Public evening",
                start="2026-03-20",
                start_time=dt.time(20, 45),
                end_time=dt.time(22, 30),
                organisers=[torino],
            ),
            "month": make_event(title_it="Corso di maggio", start="2026-05"),
            "draft": make_event(title_it="Bozza", start="2026-03-21", is_public=False),
            "torino": torino,
        }


def _ids(response, key):
    return [e.pk for e in response.context[key]]


def test_upcoming_holds_what_is_not_over_and_past_what_is(client, events):
    with time_machine.travel(TODAY, tick=False):
        upcoming = client.get(reverse("events:upcoming"))
        past = client.get(reverse("events:past"))
    assert _ids(upcoming, "events") == [events["today"].pk, events["timed"].pk, events["month"].pk]
    assert [e.pk for e in past.context["page"]] == [events["past"].pk]
    assert "Bozza" not in upcoming.content.decode()


def test_a_timed_event_shows_its_rome_time_in_italian_and_english(client, events):
    with time_machine.travel(TODAY, tick=False):
        it = client.get(reverse("events:detail", args=[events["timed"].pk])).content.decode()
        en = client.get("/en" + reverse("events:detail", args=[events["timed"].pk])).content.decode()
    assert "20 marzo 2026, 20:45–22:30" in it.lower()
    assert "Serata pubblica" in it
    assert "20 March 2026, 20:45–22:30" in en
    assert "Public evening" in en
    assert 'datetime="2026-03-20T20:45:00+01:00"' in it


def test_a_month_known_only_to_the_month_is_not_put_on_a_day(client, events):
    response = client.get(reverse("events:month", args=[2026, 5]))
    month = response.context["month"]
    assert [e.pk for e in month.undated_days] == [events["month"].pk]
    assert not any(day.events for week in month.weeks for day in week)


def test_the_month_grid_places_events_on_their_days_and_navigates(client, events):
    response = client.get(reverse("events:month", args=[2026, 3]))
    month = response.context["month"]
    days = {d.day: [e.pk for e in d.events] for week in month.weeks for d in week}
    assert days[dt.date(2026, 3, 9)] == days[dt.date(2026, 3, 10)] == [events["today"].pk]
    assert days[dt.date(2026, 3, 20)] == [events["timed"].pk]
    assert days[dt.date(2026, 3, 21)] == []  # the draft
    body = response.content.decode()
    assert reverse("events:month", args=[2026, 2]) in body
    assert reverse("events:month", args=[2026, 4]) in body
    january = client.get(reverse("events:month", args=[2026, 1])).context["month"]
    assert (january.previous, january.next) == (dt.date(2025, 12, 1), dt.date(2026, 2, 1))
    assert client.get(reverse("events:month", args=[2026, 13])).status_code == 404
    with time_machine.travel(TODAY, tick=False):
        this_month = client.get(reverse("events:calendar"))
        assert this_month.status_code == 200
        assert this_month.context["month"].first == dt.date(2026, 3, 1)


def test_an_empty_month_links_the_nearest_months_with_public_events(client, events):
    # April 2026 is empty: March before it (February's too, but March is nearer), May after it;
    # the draft of 21 March does not count.
    april = client.get(reverse("events:month", args=[2026, 4]))
    month = april.context["month"]
    assert month.is_empty
    assert (month.earlier, month.later) == (dt.date(2026, 3, 1), dt.date(2026, 5, 1))
    body = april.content.decode()
    assert 'id="month-empty"' in body
    assert reverse("events:month", args=[2026, 3]) + '" id="month-earlier"' in body
    assert reverse("events:month", args=[2026, 5]) + '" id="month-later"' in body
    june = client.get("/en" + reverse("events:month", args=[2026, 6])).context["month"]
    assert (june.earlier, june.later) == (dt.date(2026, 5, 1), None)
    march = client.get(reverse("events:month", args=[2026, 3]))
    assert not march.context["month"].is_empty
    assert 'id="month-empty"' not in march.content.decode()


def test_a_month_of_an_empty_register_says_so(client, db):
    body = client.get("/en" + reverse("events:month", args=[2026, 4])).content.decode()
    assert "The register has no public event yet." in body


def test_a_draft_is_shown_to_the_office_only(client, events, peace_office_user):
    url = reverse("events:detail", args=[events["draft"].pk])
    assert client.get(url).status_code == 404
    client.force_login(peace_office_user)
    assert client.get(url).status_code == 200


def test_the_member_page_and_the_country_page_show_the_events(client, events):
    make_event(title_it="Inaugurazione a Dakar", start="2025-11-05", countries=["SN"])
    with time_machine.travel(TODAY, tick=False):
        member = client.get(events["torino"].get_absolute_url()).content.decode()
        country = client.get(reverse("cooperation:country", args=["SN"])).content.decode()
        home = client.get("/").content.decode()
    assert "Serata pubblica" in member
    assert reverse("events:member-calendar-ics", args=[events["torino"].slug]) in member
    assert "Inaugurazione a Dakar" in country
    assert 'id="events-related"' in home
    assert "Seminario di oggi" in home


def test_the_tables_list_public_events(client, events):
    csv = client.get(reverse("events:csv")).content.decode("utf-8-sig")
    assert "Serata pubblica" in csv
    assert "Bozza" not in csv
    assert "2026-05;" in csv
    assert client.get(reverse("events:xlsx")).status_code == 200
    geo = client.get(reverse("events:geojson")).json()
    assert geo["features"] == []  # no event has coordinates


def test_the_office_pages_are_the_peace_office_s(client, plain_user, peace_office_user, events):
    client.force_login(plain_user)
    assert client.get(reverse("events_office:list")).status_code == 403
    assert client.get(reverse("office:home")).status_code == 403
    client.force_login(peace_office_user)
    assert 'id="area-events"' in client.get(reverse("office:home")).content.decode()
    listed = client.get(reverse("events_office:list"))
    assert "Bozza" in listed.content.decode()


def test_the_office_records_an_event_and_sees_field_errors(client, peace_office_user):
    client.force_login(peace_office_user)
    seminar = kind("seminar")
    bad = client.post(
        reverse("events_office:create"),
        {"title_it": "Seminario", "kind": seminar.pk, "start": "14-03-2026", "is_public": "on"},
    )
    assert bad.status_code == 400
    assert 'data-field-error="start"' in bad.content.decode()
    later = client.post(
        reverse("events_office:create"),
        {
            "title_it": "Seminario",
            "kind": seminar.pk,
            "start": "2026-03-14",
            "end": "2026-03-01",
            "is_public": "on",
        },
    )
    assert 'data-field-error="end"' in later.content.decode()
    assert not Event.objects.exists()
    ok = client.post(
        reverse("events_office:create"),
        {
            "title_it": "Seminario",
            "kind": seminar.pk,
            "start": "2026-03-14",
            "start_time": "17:00",
            "is_public": "on",
        },
    )
    event = Event.objects.get()
    assert ok["Location"] == reverse("events_office:edit", args=[event.pk])
    assert event.starts_at == dt.datetime(2026, 3, 14, 16, 0, tzinfo=dt.UTC)
    form = client.get(ok["Location"]).content.decode()
    assert 'value="17:00"' in form
    assert 'value="2026-03-14"' in form
    confirm = client.get(reverse("events_office:delete", args=[event.pk]))
    assert "event-delete-confirm" in confirm.content.decode()
    assert Event.objects.exists()
    client.post(reverse("events_office:delete", args=[event.pk]))
    assert not Event.objects.exists()
    assert (
        AuditEvent.objects.filter(
            verb__in=["events.event_created", "events.event_deleted"], actor=peace_office_user
        ).count()
        == 2
    )


def test_the_office_keeps_the_kinds(client, peace_office_user):
    client.force_login(peace_office_user)
    client.post(reverse("events_office:standard-kinds"))
    client.post(reverse("events_office:kinds"), {"key": "festa", "name_it": "Festa", "name_en": "Feast"})
    page = client.get(reverse("events_office:kinds")).content.decode()
    assert 'data-kind="festa"' in page
    assert 'data-kind="conference"' in page
