"""The office's page for a motion voted by secret paper ballot: put it to the vote as secret, enter
the tellers' count of the whole box, see the outcome; only the peace office may."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cocopa.governance import labels, minutes
from cocopa.governance.models import Motion, MotionPaperCount, Resolution
from cocopa.governance.tests.test_office_views import (
    convene_assembly,
    error_code,
    make_office_user,
    make_representative,
    members_today,
    register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo_network):
    return make_office_user()


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def sitting(office_client, office):
    """An Assembly meeting under way, more than half of the members present."""
    meeting = convene_assembly(office, days_ahead=-1)
    present = meeting.attendances.count() // 2 + 2
    office_client.post(reverse("office:record-attendance", args=[meeting.pk]), register(meeting, present))
    return meeting


def put_secret_motion(office_client, meeting, **rule):
    data = {
        "title": "Nomina del revisore dei conti",
        "text": "",
        "item": meeting.items.get(number=1).pk,
        "majority": "simple",
        "weighting": "members",
        "abstentions": "not_counted",
        "tie": "rejected",
        "chair": "",
        "voting": "secret",
    }
    data.update(rule)
    return office_client.post(reverse("office:put-motion", args=[meeting.pk]), data)


def test_the_motion_form_offers_roll_call_as_the_software_default(office_client, sitting):
    response = office_client.get(reverse("office:put-motion", args=[sitting.pk]))
    assert response.context["form"]["voting"].value() == "roll_call"


def test_the_office_enters_the_box_and_sees_the_outcome(office_client, sitting):
    assert put_secret_motion(office_client, sitting).status_code == 302
    motion = Motion.objects.get()
    assert motion.voting == "secret"
    page = office_client.get(reverse("office:motion-detail", args=[motion.pk]))
    assert page.context["form"] is None  # no roll-call for a secret vote
    voters = page.context["voters"]
    assert b'id="paper-count-form"' in page.content

    response = office_client.post(
        reverse("office:record-paper-count", args=[motion.pk]),
        {"in_favour": voters - 2, "against": 1, "abstain": 1},
    )

    assert response.status_code == 302
    motion.refresh_from_db()
    assert (motion.status, motion.carried) == ("counted", True)
    assert Resolution.objects.filter(motion=motion).exists()
    page = office_client.get(reverse("office:motion-detail", args=[motion.pk]))
    assert b'data-motion-carried="true"' in page.content
    assert f'data-papers="{voters}"'.encode() in page.content
    meeting_page = office_client.get(reverse("office:meeting-detail", args=[sitting.pk]))
    assert f'data-secret-motion="{motion.pk}"'.encode() in meeting_page.content


def test_a_count_beyond_who_could_vote_is_refused_beside_its_field(office_client, sitting):
    put_secret_motion(office_client, sitting)
    motion = Motion.objects.get()
    voters = office_client.get(reverse("office:motion-detail", args=[motion.pk])).context["voters"]

    response = office_client.post(
        reverse("office:record-paper-count", args=[motion.pk]),
        {"in_favour": 0, "against": voters + 1, "abstain": 0},
    )

    assert response.status_code == 400
    assert error_code(response) == "count_over_voters"
    assert b'data-field-error="against"' in response.content
    assert not MotionPaperCount.objects.exists()
    motion.refresh_from_db()
    assert motion.status == "open"


def test_a_secret_vote_weighed_by_population_is_refused_on_the_form(office_client, sitting):
    response = put_secret_motion(office_client, sitting, weighting="population")

    assert response.status_code == 400
    assert error_code(response) == "secret_needs_member_count"
    assert not Motion.objects.exists()


@pytest.mark.parametrize("persona", ["administrative_office_user", "representative", "anonymous"])
def test_only_the_peace_office_enters_a_box(client, office_client, office, sitting, persona, request):
    put_secret_motion(office_client, sitting)
    motion = Motion.objects.get()
    client.logout()
    if persona == "representative":
        client.force_login(make_representative(office, members_today()[0]))
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = reverse("office:record-paper-count", args=[motion.pk])

    response = client.post(url, {"in_favour": 1, "against": 0, "abstain": 0})

    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403
    assert client.get(reverse("office:motion-detail", args=[motion.pk])).status_code in (302, 403)
    assert not MotionPaperCount.objects.exists()


def test_the_secret_count_shows_in_the_minutes_and_on_the_public_resolution(client, office_client, sitting):
    put_secret_motion(office_client, sitting)
    motion = Motion.objects.get()
    voters = office_client.get(reverse("office:motion-detail", args=[motion.pk])).context["voters"]
    office_client.post(
        reverse("office:record-paper-count", args=[motion.pk]),
        {"in_favour": voters, "against": 0, "abstain": 0},
    )

    html = minutes.minutes_html(sitting)
    assert 'class="secret-ballot"' in html
    assert 'class="secret-ballot"' in minutes.resolution_html(Resolution.objects.get())
    resolution = Resolution.objects.get()
    client.logout()
    listing = client.get(reverse("governance:resolutions"))
    assert b"data-secret-ballot" in listing.content
    page = client.get(
        reverse("governance:resolution", args=[resolution.body.key, resolution.year, resolution.number])
    )
    assert b"data-secret-ballot" in page.content


def test_the_back_office_shows_how_a_motion_is_voted_and_that_roll_call_is_the_softwares_default(
    client, office_client, sitting, superuser_user
):
    put_secret_motion(office_client, sitting)
    client.force_login(superuser_user)

    response = client.get(reverse("admin:governance_meeting_change", args=[sitting.pk]))

    assert response.status_code == 200
    assert b"column-voting" in response.content
    with translation.override(response["Content-Language"]):
        help_text = escape(str(Motion._meta.get_field("voting").help_text))
        secret = escape(str(labels.VOTING["secret"]))
    assert help_text in response.content.decode()
    assert secret in response.content.decode()
