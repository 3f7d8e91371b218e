"""Office pages wiring services.appoint, services.end_mandate and services.cancel_meeting."""

import datetime as dt

import pytest
from django.urls import reverse

from cocopa.core.models import AuditEvent
from cocopa.governance import testing as gt
from cocopa.governance.models import Mandate, Meeting, Motion

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def office_client(client):
    client.force_login(gt.make_office_user())
    return client


@pytest.fixture
def board():
    return gt.make_board(1, term_years=3)


def test_the_body_page_lists_the_positions_and_who_holds_them(office_client, board):
    body, seat = board
    gt.make_mandate(seat, gt.make_person("Anna Rossi"), None, D(2024, 1, 1))

    listing = office_client.get(reverse("office:bodies"))
    page = office_client.get(reverse("office:body-detail", args=[body.key]))

    assert reverse("office:body-detail", args=[body.key]) in listing.content.decode()
    assert page.status_code == 200
    assert "Anna Rossi" in page.content.decode()


def test_appointing_records_the_mandate_to_the_end_of_the_term(office_client, board):
    body, seat = board
    person = gt.make_person()

    response = office_client.post(
        reverse("office:appoint", args=[body.key]),
        {"position": seat.pk, "person": person.pk, "began": "election", "start_on": "2025-01-10"},
    )

    assert response.status_code == 302
    mandate = Mandate.objects.get()
    assert (mandate.person, mandate.end_on) == (person, D(2028, 1, 9))


def test_a_full_position_refuses_the_appointment_with_a_message(office_client, board):
    body, seat = board
    gt.make_mandate(seat, gt.make_person(), None, D(2025, 1, 1), D(2027, 12, 31))

    response = office_client.post(
        reverse("office:appoint", args=[body.key]),
        {"position": seat.pk, "person": gt.make_person().pk, "began": "election", "start_on": "2025-06-01"},
    )

    assert response.status_code == 409
    assert 'data-error-code="no_vacancy"' in response.content.decode()
    assert Mandate.objects.count() == 1


def test_ending_a_mandate_and_a_refused_end(office_client, board):
    _body, seat = board
    mandate = gt.make_mandate(seat, gt.make_person(), None, D(2025, 1, 1))
    url = reverse("office:end-mandate", args=[mandate.pk])
    prefix = f"end-{mandate.pk}"

    refused = office_client.post(url, {f"{prefix}-end_on": "2024-01-01", f"{prefix}-ended": "resigned"})
    done = office_client.post(url, {f"{prefix}-end_on": "2025-06-30", f"{prefix}-ended": "resigned"})

    assert 'data-error-code="end_before_start"' in refused.content.decode()
    assert done.status_code == 302
    mandate.refresh_from_db()
    assert (mandate.end_on, mandate.ended) == (D(2025, 6, 30), "resigned")


def test_cancelling_a_meeting_keeps_the_reason_in_the_audit_trail(office_client):
    meeting = gt.make_meeting(gt.make_assembly())

    response = office_client.post(
        reverse("office:cancel-meeting", args=[meeting.pk]), {"reason": "Alluvione"}
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert AuditEvent.objects.get(verb="governance.meeting_cancelled").data == {"reason": "Alluvione"}


def test_a_meeting_with_counted_votes_is_not_cancelled(office_client):
    meeting = gt.make_meeting(gt.make_assembly())
    Motion.objects.create(
        meeting=meeting,
        title="Bilancio",
        status=Motion.Status.COUNTED,
        carried=True,
        opened_at=meeting.starts_at,
    )

    response = office_client.post(reverse("office:cancel-meeting", args=[meeting.pk]), {"reason": "Errore"})

    assert response.status_code == 409
    assert 'data-error-code="meeting_has_votes"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


def test_the_new_pages_refuse_someone_outside_the_office(client, board):
    body, seat = board
    mandate = gt.make_mandate(seat, gt.make_person(), None, D(2025, 1, 1))
    meeting = gt.make_meeting(gt.make_assembly())
    client.force_login(gt.make_user())

    assert client.get(reverse("office:bodies")).status_code == 403
    assert client.get(reverse("office:body-detail", args=[body.key])).status_code == 403
    assert client.post(reverse("office:appoint", args=[body.key]), {}).status_code == 403
    assert client.post(reverse("office:end-mandate", args=[mandate.pk]), {}).status_code == 403
    assert (
        client.post(reverse("office:cancel-meeting", args=[meeting.pk]), {"reason": "x"}).status_code == 403
    )
