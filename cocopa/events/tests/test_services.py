"""Recording, changing and deleting events and kinds: who may, the audit trail, the history."""

import datetime as dt

import pytest
from django.db.models import ProtectedError

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.events import services
from cocopa.events.models import Event, EventKind
from cocopa.events.testing import kind, make_event
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


def _input(**fields):
    fields.setdefault("title_it", "Convegno sulla pace")
    fields.setdefault("kind", kind("conference"))
    fields.setdefault("start", "2026-05-09")
    return services.EventInput(**fields)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("peace_office_user", True),
        ("superuser_user", True),
        ("administrative_office_user", False),
        ("representative_user", False),
        ("plain_user", False),
    ],
)
def test_only_the_peace_office_keeps_the_register(request, persona, allowed):
    user = request.getfixturevalue(persona)
    for perm in ("events.view_event", "events.add_event", "events.change_event", "events.delete_event"):
        assert user.has_perm(perm) is allowed
    if allowed:
        services.create_event(_input(), actor=user)
        assert Event.objects.count() == 1
    else:
        with pytest.raises(Forbidden):
            services.create_event(_input(), actor=user)
        assert not Event.objects.exists()


def test_a_recorded_event_is_audited_and_has_its_history(peace_office_user):
    torino = make_authority("Torino")
    event = services.create_event(
        _input(participants=[torino], countries=["SN", "BF"]), actor=peace_office_user
    )
    audit = AuditEvent.objects.get(verb="events.event_created")
    assert audit.actor == peace_office_user
    assert audit.target_id == str(event.pk)
    assert audit.data["start"] == "2026-05-09"
    assert [m.name for m in event.participants.all()] == ["Torino"]
    assert [c.code for c in event.countries] == ["BF", "SN"]

    services.update_event(
        event, _input(title_it="Convegno rinviato", start="2026-06"), actor=peace_office_user
    )
    event.refresh_from_db()
    assert (event.start_on, event.start_precision, event.last_on) == (
        dt.date(2026, 6, 1),
        "month",
        dt.date(2026, 6, 30),
    )
    assert AuditEvent.objects.filter(verb="events.event_changed").count() == 1
    assert [h.title_it for h in event.history.order_by("history_id")] == [
        "Convegno sulla pace",
        "Convegno rinviato",
    ]

    services.delete_event(event, actor=peace_office_user)
    assert not Event.objects.exists()
    assert AuditEvent.objects.get(verb="events.event_deleted").data["title"] == "Convegno rinviato"
    assert Event.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title_it": " "}, "title_it"),
        ({"start": "9 maggio"}, "start"),
        ({"end": "2026-05-01"}, "end"),
        ({"start": "2026", "start_time": dt.time(9)}, "start_time"),
        ({"latitude": 45}, "latitude"),
    ],
)
def test_a_refusal_names_the_field_and_writes_nothing(peace_office_user, fields, code):
    with pytest.raises(DomainError) as err:
        services.create_event(_input(**fields), actor=peace_office_user)
    assert err.value.code == code
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="events.event").exists()


def test_a_timed_event_is_stored_in_rome_time_on_its_local_day(peace_office_user):
    event = services.create_event(
        _input(start="2026-12-31", start_time=dt.time(23, 30), end_time=dt.time(23, 59)),
        actor=peace_office_user,
    )
    assert event.start_on == dt.date(2026, 12, 31)
    assert event.starts_at == dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)
    assert not event.all_day


def test_kinds_are_kept_by_the_office_with_a_key_that_stays(peace_office_user, plain_user):
    assert services.add_standard_kinds(actor=peace_office_user) == 13
    assert services.add_standard_kinds(actor=peace_office_user) == 0
    added = services.save_kind(
        None, key="festival", name_it="Festa", name_en="Festival", actor=peace_office_user
    )
    with pytest.raises(DomainError) as err:
        services.save_kind(None, key="festival", name_it="Altra", actor=peace_office_user)
    assert err.value.code == "key"
    services.save_kind(added, key="ignored", name_it="Festa della pace", actor=peace_office_user)
    added.refresh_from_db()
    assert (added.key, added.name_it) == ("festival", "Festa della pace")
    with pytest.raises(Forbidden):
        services.save_kind(None, key="x", name_it="X", actor=plain_user)
    assert EventKind.objects.count() == 14
    assert AuditEvent.objects.filter(verb="events.kind_saved").count() == 15


def test_a_kind_in_use_cannot_be_deleted_with_its_events():
    event = make_event()
    with pytest.raises(ProtectedError):
        event.kind.delete()
    assert Event.objects.filter(pk=event.pk).exists()
