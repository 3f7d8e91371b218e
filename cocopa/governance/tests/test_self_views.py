"""A member representative's pages: convocations, attendance, and one online ballot for their own
member only. The office records in-person ballots but cannot cast an online one for a member."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cocopa.governance import services
from cocopa.governance.models import Attendance, Ballot, Participation, Person
from cocopa.governance.tests.test_office_views import (
    convene_assembly,
    error_code,
    make_office_user,
    make_representative,
    members_today,
    open_board_election,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo_network):
    return make_office_user()


@pytest.fixture
def member():
    return members_today()[3]


@pytest.fixture
def rep_client(client, office, member):
    client.force_login(make_representative(office, member))
    return client


def ballot_url(election, authority) -> str:
    return reverse("self_service:cast-ballot", args=[election.pk, authority.pk])


def ballot_data(election, authority, choices) -> dict[str, list[int]]:
    return {f"e{election.pk}-m{authority.pk}-choices": [c.pk for c in choices]}


def test_anonymous_visitors_are_sent_to_the_login_page(client, demo_network):
    response = client.get(reverse("self_service:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_logs_a_representative_in_and_lands_on_me(client, office, member):
    make_representative(office, member, username="sindaco", password="s3cret-pass")
    assert client.get(reverse("login")).status_code == 200

    response = client.post(reverse("login"), {"username": "sindaco", "password": "s3cret-pass"})

    assert response.status_code == 302
    assert response["Location"] == reverse("self_service:home")
    page = client.get(reverse("self_service:home"))
    assert f'data-member="{member.pk}"'.encode() in page.content
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("self_service:home")).status_code == 302


def test_someone_without_a_designation_sees_an_empty_page(client, demo_network):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("nobody", password="x"))
    response = client.get(reverse("self_service:home"))
    assert response.status_code == 200
    assert b'id="represented-none"' in response.content


def test_a_representative_sees_the_convocation_and_announces_attendance(rep_client, office, member):
    meeting = convene_assembly(office)
    page = rep_client.get(reverse("self_service:home"))
    assert f'id="meeting-{meeting.pk}" data-upcoming="true"'.encode() in page.content
    assert b"Bilancio" in page.content

    url = reverse("self_service:announce-attendance", args=[meeting.pk, member.pk])
    assert rep_client.post(url, {"attending": "yes"}).status_code == 302
    assert Attendance.objects.get(meeting=meeting, authority=member).announced is True
    assert rep_client.post(url, {"attending": "no"}).status_code == 302
    assert Attendance.objects.get(meeting=meeting, authority=member).announced is False


def test_a_representative_cannot_announce_for_another_member(rep_client, office, member):
    meeting = convene_assembly(office)
    other = members_today()[0]
    url = reverse("self_service:announce-attendance", args=[meeting.pk, other.pk])
    assert rep_client.post(url, {"attending": "yes"}).status_code == 403
    assert Attendance.objects.get(meeting=meeting, authority=other).announced is None


def test_a_representative_cannot_reach_office_pages(rep_client, office):
    election = open_board_election(office)
    assert rep_client.get(reverse("office:dashboard")).status_code == 403
    assert rep_client.get(reverse("office:election-detail", args=[election.pk])).status_code == 403
    other = members_today()[0]
    response = rep_client.post(
        reverse("office:record-in-person", args=[election.pk]), {"authority": other.pk, "choices": []}
    )
    assert response.status_code == 403
    assert not Participation.objects.exists()


def test_a_representative_votes_once_and_a_second_attempt_is_a_conflict(rep_client, office, member):
    election = open_board_election(office)
    page = rep_client.get(reverse("self_service:home"))
    assert f'id="ballot-{election.pk}-{member.pk}"'.encode() in page.content
    candidate = election.candidates.first()

    response = rep_client.post(ballot_url(election, member), ballot_data(election, member, [candidate]))
    assert response.status_code == 302
    participation = Participation.objects.get(election=election)
    assert (participation.authority_id, participation.channel) == (member.pk, "online")
    assert participation.person.user_id is not None

    page = rep_client.get(reverse("self_service:home"))
    assert f'id="voted-{election.pk}-{member.pk}"'.encode() in page.content
    assert b'data-voted="true"' in page.content
    # A secret ballot is never shown back: no ticked box, no candidate chosen on the page.
    assert b"checked" not in page.content

    again = rep_client.post(ballot_url(election, member), ballot_data(election, member, [candidate]))
    assert again.status_code == 409
    assert error_code(again) == "already_voted"
    assert Participation.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1


def test_a_ballot_with_too_many_choices_is_refused_and_nothing_written(rep_client, office, member):
    election = open_board_election(office, candidates=3)
    response = rep_client.post(
        ballot_url(election, member), ballot_data(election, member, election.candidates.all())
    )
    assert response.status_code == 400
    assert error_code(response) == "too_many_choices"
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_a_representative_cannot_vote_for_another_member(rep_client, office, member):
    election = open_board_election(office)
    other = members_today()[0]
    candidate = election.candidates.first()

    response = rep_client.post(ballot_url(election, other), ballot_data(election, other, [candidate]))

    assert response.status_code == 403
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_the_office_cannot_cast_an_online_ballot_for_a_member(client, office, member):
    election = open_board_election(office)
    client.force_login(office)
    candidate = election.candidates.first()

    response = client.post(ballot_url(election, member), ballot_data(election, member, [candidate]))

    assert response.status_code == 403
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_a_representative_whose_designation_ended_cannot_vote(client, office, member):
    rep = make_representative(office, member)
    successor = Person.objects.create(name="Nuovo sindaco")
    services.designate(member, successor, timezone.localdate(), actor=office)
    election = open_board_election(office)
    client.force_login(rep)
    candidate = election.candidates.first()

    response = client.post(ballot_url(election, member), ballot_data(election, member, [candidate]))

    assert response.status_code == 403
    assert not Participation.objects.exists()
    assert f'data-member="{member.pk}"'.encode() not in client.get(reverse("self_service:home")).content
