"""The peace office's pages: convene the Assembly, keep the register, see the quorum, count a
roll-call and run a board election end to end — every step through the pages, as the office would."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from cocopa.core import roles
from cocopa.governance import queries, services
from cocopa.governance.models import (
    Attendance,
    Ballot,
    Body,
    Candidate,
    Election,
    Mandate,
    Meeting,
    Motion,
    Participation,
    Person,
    Position,
    Resolution,
)
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db


# --- Helpers shared with the self-service and browser tests -----------------------------------


def make_office_user(username: str = "office") -> User:
    user = User.objects.create_user(username, password="office-pass")
    group, _ = Group.objects.get_or_create(name=roles.PEACE_OFFICE_GROUP)
    user.groups.add(group)
    return user


def make_representative(office: User, authority, username: str = "rep", password: str = "rep-pass") -> User:
    user = User.objects.create_user(username, password=password)
    person = Person.objects.create(name=f"Rappresentante {authority.name}", user=user)
    services.designate(authority, person, dt.date(2020, 1, 1), actor=office)
    return user


def members_today() -> list[LocalAuthority]:
    return list(member_queries.members_in_good_standing(timezone.localdate()))


def convene_assembly(office: User, days_ahead: int = 10) -> Meeting:
    """An Assembly meeting `days_ahead` days from today at 18:00; a negative number gives a
    meeting that has begun (its register, votes and minutes can be recorded: lifecycle.py)."""
    starts = timezone.localtime() + dt.timedelta(days=days_ahead)
    return services.convene(
        Body.objects.get(key="assemblea"),
        starts.replace(hour=18, minute=0, second=0, microsecond=0),
        actor=office,
        convened_on=min(timezone.localdate(), starts.date() - dt.timedelta(days=20)),
        place="Sala consiliare",
        items=[("Bilancio", ""), ("Varie", "")],
    )


def open_board_election(office: User, candidates: int = 2, *, secret: bool = True) -> Election:
    """A board election for two seats, its candidates nominated, voting open."""
    position = Position.objects.get(body__key="comitato-direttivo", key="member")
    election = services.create_election(
        position,
        actor=office,
        title="Elezione del Comitato Direttivo",
        held_on=timezone.localdate(),
        term_start=timezone.localdate() + dt.timedelta(days=1),
        seats=2,
        secret=secret,
    )
    members = members_today()
    for i in range(candidates):
        person = Person.objects.create(name=f"Candidato {i}")
        services.nominate(election, person, members[i], members[i], actor=office)
    return services.open_election(election, actor=office)


@pytest.fixture
def office(demo_network) -> User:
    return make_office_user()


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def error_code(response) -> str | None:
    """The code of the service's refusal shown on the page (never its translated text)."""
    marker = b'data-error-code="'
    content = response.content
    if marker not in content:
        return None
    start = content.index(marker) + len(marker)
    return str(content[start : content.index(b'"', start)].decode())


# --- Access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, demo_network):
    for url in (reverse("office:dashboard"), reverse("office:convene"), reverse("office:create-election")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_people_outside_the_office_get_403(client, office):
    rep = make_representative(office, members_today()[0])
    client.force_login(rep)
    meeting = convene_assembly(office)
    for url in (
        reverse("office:dashboard"),
        reverse("office:convene"),
        reverse("office:meeting-detail", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("office:record-attendance", args=[meeting.pk]), {})
    assert response.status_code == 403


def test_the_dashboard_lists_upcoming_meetings_and_open_elections(office_client, office):
    meeting = convene_assembly(office)
    election = open_board_election(office)
    response = office_client.get(reverse("office:meetings"))
    assert response.status_code == 200
    assert reverse("office:meeting-detail", args=[meeting.pk]).encode() in response.content
    assert reverse("office:election-detail", args=[election.pk]).encode() in response.content


# --- Meetings ---------------------------------------------------------------------------------


def convene_form(**changes):
    starts = timezone.localtime() + dt.timedelta(days=10)
    data = {
        "body": Body.objects.get(key="assemblea").pk,
        "starts_at": starts.strftime("%Y-%m-%dT18:00"),
        "place": "Sala consiliare, Rivoli",
        "online_url": "",
        "convened_on": timezone.localdate().isoformat(),
        "agenda": "Approvazione del bilancio | Relazione del tesoriere\nVarie ed eventuali",
    }
    data.update(changes)
    return data


def test_the_office_convenes_the_assembly_and_the_register_lists_every_member(office_client):
    response = office_client.post(reverse("office:convene"), convene_form())

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:meeting-detail", args=[meeting.pk])
    assert [(i.number, i.title, i.description) for i in meeting.items.all()] == [
        (1, "Approvazione del bilancio", "Relazione del tesoriere"),
        (2, "Varie ed eventuali", ""),
    ]
    members = members_today()
    assert len(members) > 20
    assert set(meeting.attendances.values_list("authority_id", flat=True)) == {m.pk for m in members}

    page = office_client.get(response["Location"])
    assert page.status_code == 200
    for member in members:
        assert f'data-member="{member.pk}"'.encode() in page.content


def test_a_short_notice_is_refused_unless_urgent_and_the_form_keeps_its_data(office_client):
    Body.objects.filter(key="assemblea").update(notice_days=15)

    response = office_client.post(reverse("office:convene"), convene_form())

    assert response.status_code == 400
    assert error_code(response) == "notice_too_short"
    assert b"Approvazione del bilancio" in response.content  # the agenda typed is still there
    assert not Meeting.objects.exists()

    response = office_client.post(reverse("office:convene"), convene_form(urgent="on"))
    assert response.status_code == 302
    assert Meeting.objects.count() == 1


def test_a_convocation_without_place_or_link_is_refused(office_client):
    response = office_client.post(reverse("office:convene"), convene_form(place=""))
    assert response.status_code == 400
    assert error_code(response) == "place_missing"
    assert not Meeting.objects.exists()


def register(meeting: Meeting, present: int, **overrides: str) -> dict[str, str]:
    """The register's POST: the first `present` members present, the others absent."""
    data = {}
    for n, a in enumerate(meeting.attendances.order_by("authority__name")):
        data[f"presence_{a.authority_id}"] = "present" if n < present else "absent"
        data[f"proxy_{a.authority_id}"] = ""
    data.update(overrides)
    return data


def test_attendance_shows_the_quorum_reached_or_not(office_client, office):
    meeting = convene_assembly(office, days_ahead=-1)
    entitled = meeting.attendances.count()
    url = reverse("office:record-attendance", args=[meeting.pk])

    response = office_client.post(url, register(meeting, entitled // 2 + 1))
    assert response.status_code == 302
    page = office_client.get(reverse("office:meeting-detail", args=[meeting.pk]))
    assert b'data-quorum-reached="true"' in page.content
    assert f'data-members-present="{entitled // 2 + 1}"'.encode() in page.content
    assert Attendance.objects.filter(meeting=meeting, presence="present").count() == entitled // 2 + 1

    office_client.post(url, register(meeting, 2))
    page = office_client.get(reverse("office:meeting-detail", args=[meeting.pk]))
    assert b'data-quorum-reached="false"' in page.content


def test_a_proxy_counts_towards_the_quorum_and_needs_a_holder(office_client, office):
    meeting = convene_assembly(office, days_ahead=-1)
    rows = list(meeting.attendances.order_by("authority__name"))
    url = reverse("office:record-attendance", args=[meeting.pk])
    proxied = rows[-1].authority_id

    response = office_client.post(url, register(meeting, 1, **{f"presence_{proxied}": "proxy"}))
    assert response.status_code == 400
    assert error_code(response) == "proxy_missing"

    data = register(
        meeting, 1, **{f"presence_{proxied}": "proxy", f"proxy_{proxied}": str(rows[0].authority_id)}
    )
    assert office_client.post(url, data).status_code == 302
    row = Attendance.objects.get(meeting=meeting, authority_id=proxied)
    assert (row.presence, row.proxy_for_id) == ("proxy", rows[0].authority_id)
    assert queries.meeting_quorum(meeting).present == 2


def test_minutes_are_recorded_per_item(office_client, office):
    meeting = convene_assembly(office, days_ahead=-1)
    item = meeting.items.get(number=1)
    response = office_client.post(reverse("office:record-minutes", args=[item.pk]), {"text": "Approvato."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Approvato."


def put_motion(office_client, meeting: Meeting) -> Motion:
    body = meeting.body
    response = office_client.post(
        reverse("office:put-motion", args=[meeting.pk]),
        {
            "title": "Approvazione del bilancio 2026",
            "text": "",
            "item": meeting.items.get(number=1).pk,
            "majority": body.majority,
            "weighting": body.weighting,
            "abstentions": body.abstentions,
            "tie": body.tie,
            "chair": "",
        },
    )
    motion = Motion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:motion-detail", args=[motion.pk])
    return motion


def test_the_motion_form_preselects_the_bodys_rules(office_client, office):
    meeting = convene_assembly(office)
    response = office_client.get(reverse("office:put-motion", args=[meeting.pk]))
    form = response.context["form"]
    assert form["majority"].value() == meeting.body.majority
    assert form["weighting"].value() == meeting.body.weighting


def test_roll_call_and_count_create_resolution_one_of_the_year(office_client, office):
    meeting = convene_assembly(office, days_ahead=-1)
    entitled = meeting.attendances.count()
    present = entitled // 2 + 2
    office_client.post(reverse("office:record-attendance", args=[meeting.pk]), register(meeting, present))
    motion = put_motion(office_client, meeting)

    form = office_client.get(reverse("office:motion-detail", args=[motion.pk])).context["form"]
    rows = list(form.rows())
    absent_initial = [vote.value() for a, vote in rows if a.presence == "absent"]
    assert absent_initial
    assert set(absent_initial) == {"absent"}

    votes = {}
    for n, (attendance, _vote) in enumerate(rows):
        if attendance.presence != "present":
            votes[f"vote_{attendance.authority_id}"] = "absent"
        else:
            votes[f"vote_{attendance.authority_id}"] = "against" if n == 0 else "for"
    response = office_client.post(reverse("office:motion-detail", args=[motion.pk]), votes)
    assert response.status_code == 302
    assert motion.roll_call.filter(choice="for").count() == present - 1

    response = office_client.post(reverse("office:count-motion", args=[motion.pk]))
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == "counted"
    assert motion.carried is True
    assert motion.figures["members"]["for"] == present - 1
    year = timezone.localtime(meeting.starts_at).year
    resolution = Resolution.objects.get()
    assert (resolution.number, resolution.year, resolution.motion_id) == (1, year, motion.pk)

    page = office_client.get(reverse("office:motion-detail", args=[motion.pk]))
    assert f'data-resolution="1/{year}"'.encode() in page.content
    assert b'data-motion-carried="true"' in page.content


def test_counting_without_quorum_is_refused(office_client, office):
    meeting = convene_assembly(office, days_ahead=-1)
    office_client.post(reverse("office:record-attendance", args=[meeting.pk]), register(meeting, 1))
    motion = put_motion(office_client, meeting)
    first = meeting.attendances.order_by("authority__name").first()
    office_client.post(
        reverse("office:motion-detail", args=[motion.pk]),
        {
            f"vote_{a.authority_id}": ("for" if a.pk == first.pk else "absent")
            for a in meeting.attendances.all()
        },
    )

    response = office_client.post(reverse("office:count-motion", args=[motion.pk]))

    assert response.status_code == 409
    assert error_code(response) == "no_quorum"
    assert not Resolution.objects.exists()
    motion.refresh_from_db()
    assert motion.status == "open"


# --- Elections --------------------------------------------------------------------------------


def test_a_board_election_end_to_end_through_the_office_pages(office_client):
    today = timezone.localdate()
    position = Position.objects.get(body__key="comitato-direttivo", key="member")
    response = office_client.post(
        reverse("office:create-election"),
        {
            "position": position.pk,
            "title": "Rinnovo del Comitato Direttivo",
            "held_on": today.isoformat(),
            "term_start": (today + dt.timedelta(days=1)).isoformat(),
            "seats": "2",
            "method": "plurality_at_large",
            "max_choices": "",
            "tie_rule": "lot",
            "secret": "on",
            "creates_presidency": "on",
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:election-detail", args=[election.pk])
    assert (election.seats, election.secret, election.creates_presidency) == (2, True, True)

    members = members_today()
    people = [Person.objects.create(name=f"Candidata {i}") for i in range(3)]
    for person, member in zip(people, members, strict=False):
        response = office_client.post(
            reverse("office:nominate", args=[election.pk]),
            {"person": person.pk, "authority": member.pk, "nominated_by": member.pk},
        )
        assert response.status_code == 302
    assert election.candidates.count() == 3

    again = office_client.post(
        reverse("office:nominate", args=[election.pk]),
        {"person": people[0].pk, "authority": members[0].pk, "nominated_by": members[0].pk},
    )
    assert again.status_code == 409
    assert error_code(again) == "already_candidate"

    assert office_client.post(reverse("office:open-election", args=[election.pk])).status_code == 302
    election.refresh_from_db()
    assert election.status == "open"

    c = {p.pk: Candidate.objects.get(election=election, person=p).pk for p in people}
    ballots = [
        (members[0], [c[people[0].pk], c[people[1].pk]]),
        (members[1], [c[people[0].pk], c[people[1].pk]]),
        (members[2], [c[people[0].pk], c[people[2].pk]]),
        (members[3], []),
    ]
    for member, _choices in ballots:
        # Secret: the office marks who voted in person; the papers go unread into the box.
        response = office_client.post(
            reverse("office:record-in-person", args=[election.pk]), {"authority": member.pk}
        )
        assert response.status_code == 302
    assert Participation.objects.filter(election=election, channel="in_person").count() == 4
    assert not Ballot.objects.filter(election=election).exists()

    page = office_client.get(reverse("office:election-detail", args=[election.pk]))
    assert f'data-member="{members[0].pk}" data-voted="true"'.encode() in page.content
    assert f'data-member="{members[4].pk}" data-voted="false"'.encode() in page.content

    assert office_client.post(reverse("office:close-election", args=[election.pk])).status_code == 302
    late = office_client.post(
        reverse("office:record-in-person", args=[election.pk]), {"authority": members[4].pk, "choices": []}
    )
    assert late.status_code == 409
    assert error_code(late) == "election_status"
    box = {f"candidate_{cid}": 0 for cid in c.values()}
    for _member, choices in ballots:
        for cid in choices:
            box[f"candidate_{cid}"] += 1
    response = office_client.post(
        reverse("office:ballot-box", args=[election.pk]), {"ballots": 4, "blank": 1, "void": 0, **box}
    )
    assert response.status_code == 302

    assert office_client.post(reverse("office:count-election", args=[election.pk])).status_code == 302
    election.refresh_from_db()
    assert election.status == "counted"
    assert election.result["totals"][0] == [c[people[0].pk], 3]
    assert set(election.result["elected"]) == {c[people[0].pk], c[people[1].pk]}
    board = Mandate.objects.filter(election=election, position=position)
    assert {m.person_id for m in board} == {people[0].pk, people[1].pk}
    assert all(m.began == "election" for m in board)
    president = Mandate.objects.get(election=election, position__key="president")
    assert president.person_id == people[0].pk

    page = office_client.get(reverse("office:election-detail", args=[election.pk]))
    assert page.status_code == 200
    for mandate in Mandate.objects.filter(election=election):
        assert f'data-mandate="{mandate.pk}"'.encode() in page.content
    assert f'data-candidate="{c[people[0].pk]}" data-elected="true"'.encode() in page.content


def test_opening_an_election_without_candidates_is_refused(office_client, office):
    position = Position.objects.get(body__key="comitato-direttivo", key="member")
    election = services.create_election(
        position,
        actor=office,
        title="Vuota",
        held_on=timezone.localdate(),
        term_start=timezone.localdate(),
        seats=5,
    )
    response = office_client.post(reverse("office:open-election", args=[election.pk]))
    assert response.status_code == 400
    assert error_code(response) == "no_candidates"
    election.refresh_from_db()
    assert election.status == "nominating"


def test_the_participation_list_never_shows_a_secret_choice(office_client, office):
    election = open_board_election(office)
    member = members_today()[5]
    services.mark_voted_in_person(election, member, actor=office)

    page = office_client.get(reverse("office:election-detail", args=[election.pk]))

    assert f'data-member="{member.pk}" data-voted="true"'.encode() in page.content
    assert b"data-elected" not in page.content
    assert b'name="choices"' not in page.content
    assert not Ballot.objects.filter(election=election).exists()


def test_a_member_recorded_absent_stays_absent_in_the_roll_call(office_client, office):
    meeting = convene_assembly(office, days_ahead=-1)
    entitled = meeting.attendances.count()
    office_client.post(
        reverse("office:record-attendance", args=[meeting.pk]), register(meeting, entitled - 1)
    )
    motion = put_motion(office_client, meeting)
    absent = meeting.attendances.get(presence="absent")

    votes = {f"vote_{a.authority_id}": "for" for a in meeting.attendances.all()}
    response = office_client.post(reverse("office:motion-detail", args=[motion.pk]), votes)

    assert response.status_code == 302
    assert motion.roll_call.get(authority_id=absent.authority_id).choice == "absent"
    assert motion.roll_call.filter(choice="for").count() == entitled - 1
