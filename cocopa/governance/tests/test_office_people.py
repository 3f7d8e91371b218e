"""Office pages on members' representatives: designate, and record a new mayor in one step."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cocopa.governance import testing as gt
from cocopa.governance.models import Designation, Mandate, Office, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    client.force_login(gt.make_office_user())
    return client


def test_members_page_lists_each_member_and_whether_it_has_a_representative(office_client):
    with_rep = gt.make_member("Alfa")
    gt.make_representative(with_rep)
    without = gt.make_member("Beta")

    page = office_client.get(reverse("office:people-members"))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-member="{with_rep.slug}" data-designated="yes"' in html
    assert f'data-member="{without.slug}" data-designated="no"' in html


@pytest.mark.parametrize("login", ["anonymous", "representative"])
def test_only_the_office_reaches_the_pages(client, login):
    member = gt.make_member()
    if login == "representative":
        client.force_login(gt.make_representative(member).user)
    for url in (reverse("office:people-members"), reverse("office:people-member", args=[member.slug])):
        response = client.get(url)
        assert response.status_code == (302 if login == "anonymous" else 403)


def test_designating_a_new_person_from_the_page(office_client):
    member = gt.make_member()
    today = timezone.localdate()

    response = office_client.post(
        reverse("office:people-member", args=[member.slug]),
        {
            "action": "designate",
            "designation-new_name": "Maria Delegata",
            "designation-start_on": today.isoformat(),
            "designation-basis": "delegate",
        },
    )

    assert response.status_code == 302
    designation = Designation.objects.get(authority=member)
    assert (designation.person.name, designation.basis, designation.start_on) == (
        "Maria Delegata",
        "delegate",
        today,
    )


def test_a_refused_designation_leaves_no_new_person_behind(office_client):
    member = gt.make_member()
    gt.make_representative(member, start_on=dt.date(2030, 1, 1))  # a later designation exists
    people = Person.objects.count()

    response = office_client.post(
        reverse("office:people-member", args=[member.slug]),
        {
            "action": "designate",
            "designation-new_name": "Too Early",
            "designation-start_on": "2029-01-01",
            "designation-basis": "mayor",
        },
    )

    assert response.status_code == 200
    assert Person.objects.count() == people
    assert Designation.objects.filter(authority=member).count() == 1


def test_new_mayor_preview_then_apply_moves_designation_and_seat(office_client):
    member = gt.make_member()
    old = gt.make_mayor(member)
    _board, seat = gt.make_board()
    gt.make_mandate(seat, old, member, dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    url = reverse("office:people-member", args=[member.slug])
    form = {"mayor-new_name": "Nuovo Sindaco", "mayor-start_on": "2024-06-10"}

    preview = office_client.post(url, {**form, "action": "mayor-preview"})
    assert preview.status_code == 200
    assert 'data-designations="1" data-mandates="1"' in preview.content.decode()
    assert Office.objects.filter(authority=member).count() == 1  # a preview writes nothing

    applied = office_client.post(url, {**form, "action": "mayor-apply", "mayor-carry_over_seats": "on"})

    assert applied.status_code == 302
    new = Person.objects.get(name="Nuovo Sindaco")
    assert Designation.objects.get(authority=member, end_on=None).person == new
    carried = Mandate.objects.get(person=new)
    assert (carried.start_on, carried.end_on) == (dt.date(2024, 6, 10), dt.date(2025, 12, 31))
    ended = Mandate.objects.get(person=old)
    assert (ended.end_on, ended.ended) == (dt.date(2024, 6, 9), "lost_office")


def test_a_refusal_is_a_page_of_the_site(client):
    client.force_login(gt.make_representative(gt.make_member()).user)

    response = client.get(reverse("office:people-members"))

    assert response.status_code == 403
    assert 'id="forbidden"' in response.content.decode()
