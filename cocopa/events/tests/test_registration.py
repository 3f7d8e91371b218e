"""Registration for events: the pure rules, the services (capacity, waiting list, promotion on
cancelling, duplicate addresses, closed events, the row lock), the e-mails queued in the outbox in
both languages, the public and office pages, and personal data kept off every public output."""

import dataclasses
import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from post_office.models import Email

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.events import registration, services
from cocopa.events.models import Event, Registration
from cocopa.events.testing import make_event

Status = Registration.Status


def _soon(days: int = 10) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _open_event(**fields) -> Event:
    fields.setdefault("title_it", "Serata sulla pace")
    fields.setdefault("title_en", "Peace evening")
    fields.setdefault("start", _soon())
    fields.setdefault("registration_open", True)
    fields.setdefault("address", "Sala civica, via Roma 1")
    return make_event(**fields)


def _in(language: str, text: str) -> str:
    """A message as the catalogue of `language` gives it (the msgids are English; the Italian
    arrives with the project's catalogue)."""
    with translation.override(language):
        return gettext(text)


def _places(language: str, n: int) -> str:
    with translation.override(language):
        return ngettext("%(n)s place left.", "%(n)s places left.", n) % {"n": n}


def _register(event: Event, email: str, name: str = "Anna Rossi", language: str = "it") -> Registration:
    return services.register(
        event, services.RegistrationInput(name=name, email=email, consent=True, language=language)
    )


# --- Pure rules ---------------------------------------------------------------------------------


def test_places_and_status_follow_the_capacity():
    assert registration.places_left(None, 40) is None
    assert registration.places_left(3, 1) == 2
    assert registration.places_left(2, 5) == 0  # the office lowered the places below the confirmed
    assert registration.status_for(None, 1000) == "confirmed"
    assert registration.status_for(2, 1) == "confirmed"
    assert registration.status_for(2, 2) == "waiting"


def test_an_event_takes_registrations_only_when_open_public_dated_to_the_day_and_not_begun():
    now = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    today = dt.date(2026, 3, 10)
    base: dict[str, Any] = {
        "registration_open": True,
        "is_public": True,
        "on_a_day": True,
        "first_day": dt.date(2026, 3, 12),
        "starts_at": None,
        "closes_at": None,
        "now": now,
        "today": today,
    }
    assert registration.closed_because(**base) == ""
    assert registration.closed_because(**{**base, "registration_open": False}) == "closed"
    assert registration.closed_because(**{**base, "is_public": False}) == "closed"
    assert registration.closed_because(**{**base, "on_a_day": False}) == "closed"
    assert registration.closed_because(**{**base, "first_day": today}) == "started"
    timed = {**base, "first_day": today, "starts_at": now + dt.timedelta(hours=3)}
    assert registration.closed_because(**timed) == ""  # this evening: still open this morning
    assert registration.closed_because(**{**timed, "starts_at": now}) == "started"
    assert registration.closed_because(**{**base, "closes_at": now}) == "deadline"
    assert registration.closed_because(**{**base, "closes_at": now + dt.timedelta(minutes=1)}) == ""


# --- Services -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_places_are_confirmed_then_the_waiting_list_fills(django_capture_on_commit_callbacks, mailoutbox):
    event = _open_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = _register(event, "anna@example.org")
        second = _register(event, "Bruno@Example.org", name="Bruno Bianchi")
        third = _register(event, "carla@example.org", name="Carla Verdi")
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    assert second.email == "bruno@example.org"
    assert services.places_left(event) == 0
    assert len(mailoutbox) == 3
    assert Email.objects.count() == 3  # each a row of the outbox
    assert (
        _in("it", "The event is full: you are on the waiting list. We will write to you if a place frees up.")
        in mailoutbox[2].body
    )
    # The audit trail names the registration, never the person.
    entry = AuditEvent.objects.filter(verb="events.registration_created").last()
    assert "Carla" not in str(entry.data)
    assert "carla@" not in str(entry.data)


@pytest.mark.django_db
def test_the_same_address_twice_is_refused_beside_the_e_mail_field():
    event = _open_event()
    _register(event, "anna@example.org")
    with pytest.raises(DomainError) as refused, translation.override("en"):
        _register(event, " ANNA@example.org ", name="Anna again")
    assert refused.value.code == "email"
    assert "already registered" in refused.value.message
    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_after_cancelling_one_may_register_again():
    event = _open_event()
    reg = _register(event, "anna@example.org")
    services.cancel_by_token(reg.token)
    again = _register(event, "anna@example.org")
    assert again.status == "confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"registration_open": False}, "takes no registration"),
        ({"start": (timezone.localdate() - dt.timedelta(days=3)).isoformat()}, "has begun"),
        ({"start": timezone.localdate().isoformat()}, "has begun"),
        ({"is_public": False}, "takes no registration"),
        ({"registration_closes_at": timezone.now() - dt.timedelta(minutes=1)}, "closed at the time"),
    ],
)
def test_a_closed_draft_or_begun_event_refuses_registration(fields, reason):
    event = _open_event(**fields)
    with pytest.raises(Conflict) as refused, translation.override("en"):
        _register(event, "anna@example.org")
    assert reason in refused.value.message
    assert not event.registrations.exists()


@pytest.mark.django_db
def test_name_address_and_consent_are_asked_for():
    event = _open_event()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": " ", "email": "a@example.org", "consent": True}, "name"),
        ({"name": "Anna", "email": "not-an-address", "consent": True}, "email"),
        ({"name": "Anna", "email": "a@example.org", "consent": False}, "consent"),
    ]
    for data, code in cases:
        with pytest.raises(DomainError) as refused:
            services.register(event, services.RegistrationInput(**data))
        assert refused.value.code == code


@pytest.mark.django_db
def test_the_office_form_refuses_zero_places_and_registration_without_a_full_date():
    with pytest.raises(DomainError) as refused:
        _open_event(capacity=0)
    assert refused.value.code == "capacity"
    with pytest.raises(DomainError) as refused:
        _open_event(start="2027-05")
    assert refused.value.code == "registration_open"


@pytest.mark.django_db
def test_cancelling_a_confirmed_place_promotes_the_first_waiting_and_mails_them(
    django_capture_on_commit_callbacks, mailoutbox
):
    event = _open_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        anna = _register(event, "anna@example.org")
        bruno = _register(event, "bruno@example.org", name="Bruno", language="en")
        carla = _register(event, "carla@example.org", name="Carla")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_by_token(anna.token)
    anna.refresh_from_db()
    bruno.refresh_from_db()
    carla.refresh_from_db()
    assert (anna.status, bruno.status, carla.status) == ("cancelled", "confirmed", "waiting")
    assert anna.cancelled_at is not None
    assert [m.to for m in mailoutbox] == [["bruno@example.org"]]
    assert "no longer on the waiting list" in mailoutbox[0].body  # in Bruno's language: English
    with pytest.raises(Conflict):
        services.cancel_by_token(anna.token)
    with pytest.raises(DomainError):
        services.cancel_by_token("no-such-token")


def test_more_places_move_the_waiting_list_up_in_order_and_mail_them(
    django_capture_on_commit_callbacks, peace_office_user
):
    start = _soon()
    event = _open_event(capacity=1, start=start)
    with django_capture_on_commit_callbacks(execute=True):
        people = [
            _register(event, f"{name.lower()}@example.org", name=name)
            for name in ("Anna", "Bruno", "Carla", "Dario")
        ]
    before = Email.objects.count()
    more = services.EventInput(
        title_it="Serata sulla pace",
        kind=event.kind,
        start=start,
        address="Sala civica, via Roma 1",
        registration_open=True,
        capacity=3,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event, more, actor=peace_office_user)
    statuses = [Registration.objects.get(pk=r.pk).status for r in people]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]  # Bruno and Carla, in order
    # Read from the outbox's own rows: they are what leaves.
    sent = Email.objects.order_by("pk")[before:]
    assert sorted(m.to[0] for m in sent) == ["bruno@example.org", "carla@example.org"]
    changed = AuditEvent.objects.filter(verb="events.event_changed").latest("seq")
    assert changed.data["promoted"] == 2

    # Registration closed by the office: no limit any more, but nobody is moved up.
    before = Email.objects.count()
    closed = dataclasses.replace(more, capacity=None, registration_open=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event, closed, actor=peace_office_user)
    assert Registration.objects.get(pk=people[3].pk).status == "waiting"
    assert Email.objects.count() == before


@pytest.mark.django_db
def test_cancelling_a_waiting_place_promotes_nobody():
    event = _open_event(capacity=1)
    _register(event, "anna@example.org")
    bruno = _register(event, "bruno@example.org")
    carla = _register(event, "carla@example.org")
    services.cancel_by_token(bruno.token)
    carla.refresh_from_db()
    assert carla.status == "waiting"


@pytest.mark.django_db
def test_the_office_cancels_promotes_and_marks_attendance(peace_office_user, plain_user):
    event = _open_event(capacity=1)
    anna = _register(event, "anna@example.org")
    bruno = _register(event, "bruno@example.org")
    with pytest.raises(Forbidden):
        services.cancel_registration(anna, actor=plain_user)
    with pytest.raises(Conflict) as full:
        services.promote_registration(bruno, actor=peace_office_user)
    assert full.value.code == "event_full"
    promoted = services.cancel_registration(anna, actor=peace_office_user)
    assert promoted == bruno
    with pytest.raises(Conflict):
        services.promote_registration(bruno, actor=peace_office_user)  # already confirmed
    carla = _register(event, "carla@example.org")
    services.mark_attendance(event, [bruno.pk], [bruno.pk, carla.pk, anna.pk], actor=peace_office_user)
    assert Registration.objects.get(pk=bruno.pk).attended is True
    assert Registration.objects.get(pk=carla.pk).attended is None  # waiting: not on the attendance list
    assert Registration.objects.get(pk=anna.pk).attended is None  # cancelled
    changed = services.mark_attendance(event, [], [bruno.pk], actor=peace_office_user)
    assert changed == 1
    assert Registration.objects.get(pk=bruno.pk).attended is False
    with pytest.raises(Forbidden):
        services.mark_attendance(event, [], [bruno.pk], actor=plain_user)
    assert AuditEvent.objects.filter(verb="events.attendance_marked", actor=peace_office_user).count() == 2
    # The history keeps the status and attendance, not the person.
    historical = Registration.history.model
    assert not hasattr(historical, "email")
    assert historical.objects.filter(id=bruno.pk).count() >= 3


@pytest.mark.django_db
def test_two_registrations_for_the_last_place_give_one_confirmed_and_one_waiting():
    event = _open_event(capacity=2)
    _register(event, "anna@example.org")
    results = [_register(event, "bruno@example.org"), _register(event, "carla@example.org")]
    assert sorted(r.status for r in results) == ["confirmed", "waiting"]


@pytest.mark.django_db(transaction=True)
def test_a_registration_waits_for_the_event_s_lock_held_by_another_one():
    """Two requests at once for the last place: the second waits on the event's row lock held by
    the first, then counts the first's confirmed place. Without the lock it would count zero and
    be confirmed too. PostgreSQL only (SQLite has no row locks: it serialises every write)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    event = _open_event(capacity=1)
    locked, done = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def second() -> None:
        try:
            locked.wait(5)
            outcome["status"] = _register(event, "bruno@example.org", name="Bruno").status
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)  # the first request holds the lock
        locked.set()
        assert not done.wait(1.0), "the second registration did not wait for the lock"
        Registration.objects.create(event=event, name="Anna", email="anna@example.org", status="confirmed")
    thread.join(10)
    assert outcome == {"status": "waiting"}


# --- E-mails --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "link"),
    [
        ("it", "Serata sulla pace", "/events/registration/"),
        ("en", "Peace evening", "/en/events/registration/"),
    ],
)
def test_the_confirmation_is_queued_in_the_outbox_in_the_page_s_language(
    language, title, link, django_capture_on_commit_callbacks, mailoutbox
):
    event = _open_event()
    with django_capture_on_commit_callbacks(execute=True):
        reg = _register(event, "anna@example.org", language=language)
    email = Email.objects.get()
    assert email.to == ["anna@example.org"]
    body = mailoutbox[0].body
    with translation.override(language):
        event.refresh_from_db()
        expected = [
            gettext("Dear %(name)s,") % {"name": "Anna Rossi"},
            title,
            gettext("When: %(when)s") % {"when": event.when},
            "Sala civica, via Roma 1",
            gettext("Your place is confirmed."),
            f"{link}{reg.token}/",
        ]
    for text in expected:
        assert text in body, text
    assert mailoutbox[0].subject.endswith(title)


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_event_page_offers_the_form_with_the_places_left_and_registers(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = _open_event(capacity=2, registration_note_it="Ingresso libero fino a esaurimento posti.")
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'id="registration-form"' in page
    assert _places("it", 2) in page
    assert "Ingresso libero" in page
    assert reverse("public:privacy") in page
    data = {"name": "Anna Rossi", "email": "anna@example.org", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.pk]), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert _in("it", "Thank you: your place is confirmed. We have sent you an e-mail.") in page
    assert _places("it", 1) in page
    assert len(mailoutbox) == 1
    # Twice: refused beside the e-mail field, nothing more kept.
    again = client.post(reverse("events:register", args=[event.pk]), data)
    assert again.status_code == 400
    assert 'data-field-error="email"' in again.content.decode()
    assert event.registrations.count() == 1
    # Without consent: refused beside the checkbox.
    refused = client.post(
        reverse("events:register", args=[event.pk]), {**data, "email": "b@example.org", "consent": ""}
    )
    assert 'data-field-error="consent"' in refused.content.decode()


@pytest.mark.django_db
def test_a_full_event_says_so_in_english_and_a_robot_is_not_registered(client):
    event = _open_event(capacity=1)
    _register(event, "anna@example.org")
    page = client.get("/en" + event.get_absolute_url()).content.decode()
    assert _in("en", "Full: you will be put on the waiting list.") in page
    robot = client.post(
        reverse("events:register", args=[event.pk]),
        {"name": "Bot", "email": "bot@example.org", "consent": "on", "website": "http://spam.example"},
    )
    assert robot.status_code == 302
    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_a_closed_event_shows_no_form(client):
    event = _open_event(start=(timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'id="registration-form"' not in page
    assert 'id="registration-closed"' in page
    plain = make_event(title_it="Senza iscrizione", start=_soon())
    assert 'id="registration"' not in client.get(plain.get_absolute_url()).content.decode()
    response = client.post(
        reverse("events:register", args=[event.pk]), {"name": "A", "email": "a@example.org", "consent": "on"}
    )
    assert response.status_code == 409
    assert not event.registrations.exists()


@pytest.mark.django_db
def test_the_cancel_link_asks_then_cancels(client, django_capture_on_commit_callbacks, mailoutbox):
    event = _open_event(capacity=1)
    anna = _register(event, "anna@example.org")
    bruno = _register(event, "bruno@example.org", name="Bruno")
    url = reverse("events:registration", args=[anna.token])
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="registration-cancel"' in page.content.decode()
    anna.refresh_from_db()
    assert anna.status == "confirmed"  # a GET (a link preview, a mail scanner) changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    anna.refresh_from_db()
    bruno.refresh_from_db()
    assert (anna.status, bruno.status) == ("cancelled", "confirmed")
    assert [m.to for m in mailoutbox] == [["bruno@example.org"]]
    assert 'data-status="cancelled"' in client.get(url).content.decode()
    assert client.get(reverse("events:registration", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_no_personal_data_in_public_pages_api_ical_and_open_data(client):
    event = _open_event(capacity=5)
    _register(event, "anna.segreta@example.org", name="Anna Segretissima")
    outputs = [
        client.get(event.get_absolute_url()),
        client.get("/en" + event.get_absolute_url()),
        client.get(reverse("events:upcoming")),
        client.get(reverse("events:calendar-ics")),
        client.get(reverse("events:csv")),
        client.get(reverse("events:xlsx")),
        client.get(reverse("events:geojson")),
        client.get("/api/v1/events"),
        client.get(f"/api/v1/events/{event.pk}"),
    ]
    for response in outputs:
        assert response.status_code == 200
        body = response.content.decode("utf-8", "replace")
        assert "Segretissima" not in body
        assert "anna.segreta" not in body


@pytest.mark.django_db
def test_the_office_sees_the_registrations_downloads_them_and_marks_attendance(
    client, peace_office_user, plain_user
):
    event = _open_event(capacity=1)
    anna = _register(event, "anna@example.org", name="Anna Rossi")
    bruno = _register(event, "bruno@example.org", name="Bruno Bianchi")
    url = reverse("events_office:registrations", args=[event.pk])
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("events_office:registrations-table", args=[event.pk, "csv"])).status_code == 403
    assert client.post(reverse("events_office:attendance", args=[event.pk]), {}).status_code == 403
    client.force_login(peace_office_user)
    edit = client.get(reverse("events_office:edit", args=[event.pk])).content.decode()
    assert url in edit
    page = client.get(url).content.decode()
    assert "Anna Rossi" in page
    assert "bruno@example.org" in page
    csv = client.get(reverse("events_office:registrations-table", args=[event.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Anna Rossi" in csv
    assert "bruno@example.org" in csv
    assert (
        client.get(reverse("events_office:registrations-table", args=[event.pk, "xlsx"])).status_code == 200
    )
    client.post(
        reverse("events_office:attendance", args=[event.pk]),
        {"listed": [str(anna.pk)], "present": [str(anna.pk)]},
    )
    assert Registration.objects.get(pk=anna.pk).attended is True
    refused = client.post(
        reverse("events_office:registration-promote", args=[event.pk, bruno.pk]), follow=True
    )
    full = _in("it", "The event is full: raise the number of places or cancel a registration first.")
    assert escape(full) in refused.content.decode()  # the page escapes the apostrophe
    client.post(reverse("events_office:registration-cancel", args=[event.pk, anna.pk]))
    assert Registration.objects.get(pk=bruno.pk).status == "confirmed"
    assert AuditEvent.objects.filter(verb="events.registration_cancelled", actor=peace_office_user).exists()


@pytest.mark.django_db
def test_the_office_opens_registration_on_the_event_form(client, peace_office_user):
    event = make_event(title_it="Corso", start=_soon())
    client.force_login(peace_office_user)
    from cocopa.events.forms import EventForm

    data = {k: v for k, v in EventForm.initial_of(event).items() if v not in (None, "", [])}
    data = {
        k: ([x.pk for x in v] if isinstance(v, list) and v and hasattr(v[0], "pk") else v)
        for k, v in data.items()
    }
    data["kind"] = event.kind.pk
    data.update({"registration_open": "on", "capacity": "30", "registration_closes_at": f"{_soon(5)}T18:00"})
    response = client.post(reverse("events_office:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert (event.registration_open, event.capacity) == (True, 30)
    assert timezone.localtime(event.registration_closes_at).hour == 18
    data["capacity"] = "0"
    refused = client.post(reverse("events_office:edit", args=[event.pk]), data)
    assert refused.status_code == 400
    assert 'data-field-error="capacity"' in refused.content.decode()
