"""services.edit_meeting, postpone_meeting and cancel_meeting: audit, notices after commit, refusals."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import queries, services
from cocopa.governance import testing as gt
from cocopa.governance.models import Attendance, Meeting

pytestmark = pytest.mark.django_db

D = dt.date
NOW = gt.at(D(2025, 3, 1), 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def convened():
    """An Assembly of two members, each with a representative with an e-mail, and a board member
    of the Assembly with one; the meeting on 20 March 2025 at 18:00."""
    members = gt.make_members_with_representatives(2)
    for i, (_member, person) in enumerate(members):
        person.email = f"rappresentante{i}@example.org"
        person.save()
    gt.make_person("Senza indirizzo")  # no designation: never mailed
    assembly = gt.make_assembly()
    seat = gt.make_position(assembly, "chair", 1)
    chair = gt.make_person("Presidente")
    chair.email = "presidente@example.org"
    chair.save()
    gt.make_mandate(seat, chair, None, D(2024, 1, 1))
    return gt.make_meeting(assembly, D(2025, 3, 20))


def shown(moment: dt.datetime) -> str:
    """A date and time as the pages and the notices in Italian write it."""
    with translation.override("it"):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


ADDRESSES = ["presidente@example.org", "rappresentante0@example.org", "rappresentante1@example.org"]


def test_those_convened_are_the_representatives_and_the_body_s_members_with_an_address(convened):
    assert queries.convened_addresses(convened, D(2025, 3, 1)) == ADDRESSES


def test_a_postponement_keeps_the_old_date_in_the_audit_trail_and_mails_after_commit(
    office, convened, django_capture_on_commit_callbacks
):
    new = gt.at(D(2025, 4, 2), 17)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.postpone_meeting(convened, new, actor=office, reason="Sala non disponibile")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()

    convened.refresh_from_db()
    assert convened.starts_at == new
    event = AuditEvent.objects.get(verb="governance.meeting_postponed")
    assert event.data["from"] == gt.at(D(2025, 3, 20)).isoformat()
    assert event.data["to"] == new.isoformat()
    assert event.data["reason"] == "Sala non disponibile"
    assert sorted(m.to[0] for m in mail.outbox) == ADDRESSES
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses
    assert shown(gt.at(D(2025, 3, 20))) in mail.outbox[0].body
    assert shown(new) in mail.outbox[0].body
    assert "Sala non disponibile" in mail.outbox[0].body
    [p] = queries.postponements(convened)
    assert (p.before, p.after) == (gt.at(D(2025, 3, 20)), new)


@pytest.mark.parametrize(
    ("new", "code"),
    [
        (gt.at(D(2025, 3, 20), 17), "not_later"),  # earlier than convened
        (gt.at(D(2025, 3, 20), 18), "not_later"),
        (gt.at(D(2025, 2, 27), 18), "starts_in_past"),
    ],
)
def test_a_postponement_that_is_not_later_is_refused_with_nothing_written(
    office, convened, new, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as err:
        services.postpone_meeting(convened, new, actor=office)

    assert err.value.code == code
    convened.refresh_from_db()
    assert convened.starts_at == gt.at(D(2025, 3, 20))
    assert not AuditEvent.objects.filter(verb="governance.meeting_postponed").exists()
    assert mail.outbox == []


def test_a_held_or_cancelled_meeting_is_not_postponed(office, convened):
    Meeting.objects.filter(pk=convened.pk).update(status=Meeting.Status.HELD)
    with pytest.raises(Conflict) as err:
        services.postpone_meeting(convened, gt.at(D(2025, 4, 2)), actor=office)
    assert err.value.code == "meeting_held"

    Meeting.objects.filter(pk=convened.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(Conflict) as err:
        services.edit_meeting(convened, actor=office, place="Altrove", online_url="")
    assert err.value.code == "meeting_cancelled"


def test_only_the_office_changes_a_meeting(convened, representative_user):
    with pytest.raises(Forbidden):
        services.postpone_meeting(convened, gt.at(D(2025, 4, 2)), actor=representative_user)
    with pytest.raises(Forbidden):
        services.edit_meeting(convened, actor=None, place="x", online_url="")


def test_editing_the_place_records_before_and_after_and_notifies(
    office, convened, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_meeting(
            convened, actor=office, place="Sala rossa", online_url="https://meet.example.org/a"
        )

    event = AuditEvent.objects.get(verb="governance.meeting_edited")
    assert event.data == {
        "before": {"place": "Sala consiliare", "online_url": ""},
        "after": {"place": "Sala rossa", "online_url": "https://meet.example.org/a"},
    }
    assert len(mail.outbox) == 3
    assert "Sala rossa" in mail.outbox[0].body
    assert "https://meet.example.org/a" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("place", "url", "code"),
    [
        ("", "", "place_missing"),
        ("Sala consiliare", "", "meeting_unchanged"),
        ("Sala", "not a link", "online_url_invalid"),
        ("x" * 301, "", "place_too_long"),
    ],
)
def test_an_invalid_edit_writes_nothing(
    office, convened, place, url, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as err:
        services.edit_meeting(convened, actor=office, place=place, online_url=url)

    assert err.value.code == code
    assert not AuditEvent.objects.filter(verb="governance.meeting_edited").exists()
    assert mail.outbox == []


def test_cancelling_notifies_with_the_reason_and_is_not_repeated(
    office, convened, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(convened, actor=office, reason="Alluvione")

    assert len(mail.outbox) == 3
    assert "Alluvione" in mail.outbox[0].body
    with pytest.raises(Conflict) as err:
        services.cancel_meeting(convened, actor=office, reason="di nuovo")
    assert err.value.code == "meeting_cancelled"


# --- Pages --------------------------------------------------------------------------------------


def test_the_office_postpones_from_the_meeting_page_and_the_representative_sees_the_new_date(
    client, office, convened, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = client.get(reverse("office:meeting-detail", args=[convened.pk])).content.decode()
    assert 'id="postpone-form"' in page
    assert 'id="edit-form"' in page
    assert 'id="cancel-form"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("office:postpone-meeting", args=[convened.pk]), {"starts_at": "2025-04-02T17:00"}
        )

    assert response.status_code == 302
    page = client.get(reverse("office:meeting-detail", args=[convened.pk])).content.decode()
    assert "data-postponed-from" in page
    representative = convened.attendances.select_related("authority").first()
    assert isinstance(representative, Attendance)
    user = representative.authority.designations.get().person.user
    client.force_login(user)
    me = client.get(reverse("self_service:home")).content.decode()
    assert shown(gt.at(D(2025, 4, 2), 17)) in me
    assert shown(gt.at(D(2025, 3, 20))) not in me


def test_a_postponement_form_with_a_bad_date_names_the_field(client, office, convened):
    client.force_login(office)
    response = client.post(reverse("office:postpone-meeting", args=[convened.pk]), {"starts_at": "domani"})

    assert response.status_code == 400
    assert 'data-field-error="starts_at"' in response.content.decode()


def test_someone_outside_the_office_cannot_change_a_meeting(client, convened):
    client.force_login(gt.make_user())
    for name in ("edit-meeting", "postpone-meeting"):
        assert client.post(reverse(f"office:{name}", args=[convened.pk]), {}).status_code == 403


def test_a_meeting_with_a_counted_vote_offers_no_cancel_form(client, office, convened):
    from cocopa.governance.models import Motion

    client.force_login(office)
    url = reverse("office:meeting-detail", args=[convened.pk])
    Motion.objects.create(meeting=convened, title="Aperta")
    assert 'id="cancel-form"' in client.get(url).content.decode()

    Motion.objects.create(
        meeting=convened,
        title="Bilancio",
        status=Motion.Status.COUNTED,
        carried=True,
        opened_at=convened.starts_at,
    )
    assert 'id="cancel-form"' not in client.get(url).content.decode()
