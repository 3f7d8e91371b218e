"""The admin cannot write what the governance services refuse (docs/decisions/0007-one-write-path.md).

Posted as a superuser, so that it is the write path, not a permission, that refuses.
"""

import datetime as dt

import pytest
from django.urls import reverse

from cocopa.governance import testing as gt
from cocopa.governance.models import Attendance, Designation, Election, Mandate, Meeting, Motion, Resolution

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def admin_client(client):
    client.force_login(gt.make_user(superuser=True))
    return client


def test_a_mandate_over_a_full_position_cannot_be_added(admin_client):
    body, seat = gt.make_board(1)
    gt.make_mandate(seat, gt.make_person(), None, D(2024, 1, 1))
    other = gt.make_person()

    response = admin_client.post(
        reverse("admin:governance_mandate_add"),
        {
            "body": body.pk,
            "position": seat.pk,
            "person": other.pk,
            "start_on": "2024-06-01",
            "began": "election",
        },
    )

    assert response.status_code == 403
    assert Mandate.objects.count() == 1


def test_a_mandate_cannot_be_changed_in_the_admin_but_links_to_the_body_page(admin_client):
    body, seat = gt.make_board(1)
    mandate = gt.make_mandate(seat, gt.make_person(), None, D(2024, 1, 1))
    url = reverse("admin:governance_mandate_change", args=[mandate.pk])

    page = admin_client.get(url)
    posted = admin_client.post(url, {"body": body.pk, "position": seat.pk, "start_on": "2020-01-01"})

    assert reverse("office:body-detail", args=[body.key]) in page.content.decode()
    assert posted.status_code == 403
    mandate.refresh_from_db()
    assert mandate.start_on == D(2024, 1, 1)


def test_a_mandate_is_not_reverted_from_its_history(admin_client):
    _body, seat = gt.make_board(1)
    mandate = gt.make_mandate(seat, gt.make_person(), None, D(2024, 1, 1))
    first = mandate.history.earliest()
    mandate.end_on = D(2024, 12, 31)
    mandate.save()

    response = admin_client.post(
        reverse("admin:governance_mandate_simple_history", args=[mandate.pk, first.history_id]), {}
    )

    assert response.status_code == 403
    mandate.refresh_from_db()
    assert mandate.end_on == D(2024, 12, 31)


def test_an_overlapping_designation_cannot_be_added(admin_client):
    member = gt.make_member()
    gt.make_designation(member, gt.make_person(), D(2024, 1, 1))

    response = admin_client.post(
        reverse("admin:governance_designation_add"),
        {
            "authority": member.pk,
            "person": gt.make_person().pk,
            "start_on": "2023-06-01",
            "basis": "delegate",
        },
    )

    assert response.status_code == 403
    assert Designation.objects.count() == 1


def test_a_designation_links_to_the_members_office_page(admin_client):
    member = gt.make_member()
    designation = gt.make_designation(member, gt.make_person(), D(2024, 1, 1))

    page = admin_client.get(reverse("admin:governance_designation_change", args=[designation.pk]))

    assert page.status_code == 200
    assert reverse("office:people-member", args=[member.slug]) in page.content.decode()


def _meeting_with_two_members():
    assembly = gt.make_assembly()
    first, second = gt.make_member(), gt.make_member()
    return gt.make_meeting(assembly), first, second


def test_a_proxy_held_by_an_absent_member_cannot_be_recorded(admin_client):
    meeting, first, second = _meeting_with_two_members()
    rows = list(meeting.attendances.order_by("pk"))
    data = {
        "body": meeting.body_id,
        "starts_at_0": "2025-03-01",
        "starts_at_1": "18:00",
        "place": meeting.place,
        "convened_on": str(meeting.convened_on),
        "status": "held",
        "attendances-TOTAL_FORMS": str(len(rows)),
        "attendances-INITIAL_FORMS": str(len(rows)),
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
    }
    for n, row in enumerate(rows):
        data[f"attendances-{n}-id"] = row.pk
        data[f"attendances-{n}-meeting"] = meeting.pk
        data[f"attendances-{n}-presence"] = "proxy" if row.authority_id == first.pk else "absent"
        data[f"attendances-{n}-proxy_for"] = second.pk if row.authority_id == first.pk else ""

    response = admin_client.post(reverse("admin:governance_meeting_change", args=[meeting.pk]), data)

    assert response.status_code == 403
    assert not Attendance.objects.exclude(presence="").exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


def test_a_meeting_cannot_be_added_or_deleted_in_the_admin(admin_client):
    meeting, _first, _second = _meeting_with_two_members()

    assert admin_client.get(reverse("admin:governance_meeting_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:governance_meeting_delete", args=[meeting.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_counted_motions_resolution_cannot_be_edited(admin_client):
    meeting, _first, _second = _meeting_with_two_members()
    motion = Motion.objects.create(
        meeting=meeting,
        title="Budget",
        status=Motion.Status.COUNTED,
        carried=True,
        opened_at=meeting.starts_at,
    )
    resolution = Resolution.objects.create(
        body=meeting.body, year=2025, number=1, adopted_on=D(2025, 3, 1), title="Budget", motion=motion
    )
    url = reverse("admin:governance_resolution_change", args=[resolution.pk])

    response = admin_client.post(
        url,
        {
            "body": meeting.body_id,
            "year": "2025",
            "number": "7",
            "adopted_on": "2025-03-01",
            "title": "Budget",
        },
    )

    assert response.status_code == 403
    resolution.refresh_from_db()
    assert (resolution.number, resolution.carried) == (1, True)
    assert reverse("office:motion-detail", args=[motion.pk]) in admin_client.get(url).content.decode()


def test_a_resolution_from_before_the_platform_is_still_entered_by_hand(admin_client):
    body = gt.make_assembly()

    response = admin_client.post(
        reverse("admin:governance_resolution_add"),
        {
            "body": body.pk,
            "year": "1999",
            "number": "3",
            "adopted_on": "1999-05-01",
            "title": "Statuto",
            "carried": "on",
            "published": "on",
            "figures": "{}",
        },
    )

    assert response.status_code == 302
    assert Resolution.objects.get().number == 3


def test_a_counted_election_cannot_be_edited(admin_client):
    _body, seat = gt.make_board(1)
    election = gt.make_election(seat, status=Election.Status.COUNTED)

    response = admin_client.post(
        reverse("admin:governance_election_change", args=[election.pk]),
        {"title": "Changed", "held_on": "2020-01-01", "term_start": "2020-01-02"},
    )

    assert response.status_code == 403
    election.refresh_from_db()
    assert election.title != "Changed"
    assert election.status == Election.Status.COUNTED
