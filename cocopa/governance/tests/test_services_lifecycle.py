"""Issue 12, "Votes and meetings": each finding as a test that failed before the lifecycle rules,
the presence frozen per vote, the tie rule for ranked places and the per-body population weights."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cocopa.core.errors import Conflict, DomainError
from cocopa.governance import ballots, queries, services
from cocopa.governance import testing as gt
from cocopa.governance.models import Attendance, Body, Meeting, Motion, Resolution, RollCall
from cocopa.members.models import LocalAuthority
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db

D = dt.date
PRESENT = Attendance.Presence.PRESENT
ABSENT = Attendance.Presence.ABSENT


@pytest.fixture
def members():
    return [gt.make_member(f"M{i}", 1000 * (i + 1)) for i in range(4)]


@pytest.fixture
def assembly(members):
    return gt.make_assembly()


def attend(office, meeting, presence):
    return services.record_attendance(meeting, {a.pk: (p, None) for a, p in presence.items()}, actor=office)


def convene_in(office, body, delta: dt.timedelta) -> Meeting:
    starts = timezone.now() + delta
    return services.convene(
        body,
        starts,
        actor=office,
        convened_on=timezone.localtime(starts).date() - dt.timedelta(days=20),
        place="Sala",
        items=[("Bilancio", "")],
    )


# --- Nothing before the meeting opens ---------------------------------------------------------


def test_attendance_ten_days_before_the_meeting_is_refused(office, assembly, members):
    meeting = convene_in(office, assembly, dt.timedelta(days=10))

    with translation.override("en"), pytest.raises(Conflict) as err:
        attend(office, meeting, dict.fromkeys(members, PRESENT))

    assert err.value.code == "meeting_not_yet_open"
    assert "once the meeting has opened" in str(err.value.message)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert not Attendance.objects.filter(meeting=meeting).exclude(presence="").exists()


def test_the_office_page_refuses_the_register_before_the_meeting_and_says_when(office, assembly, client):
    meeting = convene_in(office, assembly, dt.timedelta(days=10))
    client.force_login(office)

    with translation.override("en"):  # the English pages: /en/office/…
        detail, record = (
            reverse(name, args=[meeting.pk]) for name in ("office:meeting-detail", "office:record-attendance")
        )
    page = client.get(detail).content.decode()
    response = client.post(
        record,
        {f"presence_{a.authority_id}": "present" for a in meeting.attendances.all()},
    )

    assert 'id="not-open"' in page
    assert 'id="attendance-form"' in page
    assert "Save the register" not in page
    assert response.status_code == 409
    assert "once the meeting has opened" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, presence=PRESENT).exists()


def test_a_meeting_later_today_is_not_open_yet(office, assembly, members):
    meeting = convene_in(office, assembly, dt.timedelta(hours=2))

    with pytest.raises(Conflict) as err:
        attend(office, meeting, dict.fromkeys(members, PRESENT))

    assert err.value.code == "meeting_not_yet_open"


def test_votes_counts_resolutions_and_minutes_before_the_meeting_are_refused(office, assembly, members):
    """The finding: attendance, roll-call and resolutions 1/2026 and 2/2026 ten days early."""
    meeting = convene_in(office, assembly, dt.timedelta(days=10))
    # A register written around the services (as an old row could be) does not open the meeting.
    Attendance.objects.filter(meeting=meeting).update(presence=PRESENT)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()

    with pytest.raises(Conflict) as err:
        services.put_motion(meeting, "Bilancio", actor=office)
    assert err.value.code == "meeting_not_yet_open"
    with pytest.raises(Conflict) as err:
        services.record_minutes(meeting.items.get(), "Approvato", actor=office)
    assert err.value.code == "meeting_not_yet_open"
    # A motion written around the services cannot be voted on or counted either.
    motion = Motion.objects.create(meeting=meeting, title="x", opened_at=timezone.now())
    with pytest.raises(Conflict) as err:
        services.record_roll_call(motion, {}, actor=office)
    assert err.value.code == "meeting_not_yet_open"
    with pytest.raises(Conflict) as err:
        services.count_motion(motion, actor=office)
    assert err.value.code == "meeting_not_yet_open"
    assert not Resolution.objects.exists()
    assert meeting.items.get().minutes == ""


def test_from_its_start_the_meeting_records_everything(office, assembly, members):
    meeting = convene_in(office, assembly, dt.timedelta(days=-1))
    attend(office, meeting, dict.fromkeys(members, PRESENT))
    motion = services.put_motion(meeting, "Bilancio", actor=office)
    services.record_roll_call(motion, {m.pk: "for" for m in members}, actor=office)

    motion = services.count_motion(motion, actor=office)

    assert motion.carried is True
    assert Resolution.objects.get().motion == motion


def test_a_vote_needs_the_register_first(office, assembly, members):
    meeting = convene_in(office, assembly, dt.timedelta(days=-1))

    with pytest.raises(DomainError) as err:
        services.put_motion(meeting, "Bilancio", actor=office)

    assert err.value.code == "register_missing"


def test_the_dashboard_does_not_list_a_held_meeting_as_upcoming(office, assembly, client):
    future = gt.make_meeting(assembly, timezone.localdate() + dt.timedelta(days=10))
    held = gt.make_meeting(assembly, timezone.localdate() + dt.timedelta(days=11))
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)

    client.force_login(office)
    response = client.get(reverse("office:meetings"))

    assert list(response.context["upcoming"]) == [future]
    assert held in list(response.context["past"])
    assert list(queries.upcoming_meetings(timezone.now())) == [future]


# --- Presence frozen per vote -----------------------------------------------------------------


@pytest.fixture
def sitting(office, assembly, members):
    meeting = convene_in(office, assembly, dt.timedelta(days=-1))
    attend(office, meeting, dict.fromkeys(members, PRESENT))
    return meeting


def test_opening_a_vote_freezes_the_register_in_its_rows(office, sitting, members):
    attend(office, sitting, {members[3]: ABSENT})

    motion = services.put_motion(sitting, "Bilancio", actor=office)

    assert motion.opened_at is not None
    assert dict(RollCall.objects.filter(motion=motion).values_list("authority_id", "presence")) == {
        members[0].pk: PRESENT,
        members[1].pk: PRESENT,
        members[2].pk: PRESENT,
        members[3].pk: ABSENT,
    }


def test_a_member_marked_absent_after_voting_keeps_its_vote_and_the_stored_quorum(office, sitting, members):
    motion = services.put_motion(sitting, "Bilancio", actor=office)
    services.record_roll_call(motion, {m.pk: "for" for m in members}, actor=office)
    attend(office, sitting, {members[3]: ABSENT})

    motion = services.count_motion(motion, actor=office)

    assert motion.figures["quorum"] == {"entitled": 4, "present": 4, "required": 3}
    assert motion.figures["members"]["for"] == 4
    assert RollCall.objects.get(motion=motion, authority=members[3]).choice == "for"


def test_the_quorum_shown_is_the_quorum_stored(office, sitting, members, client):
    """The finding: the page showed 19 present while the resolution stored 20."""
    motion = services.put_motion(sitting, "Bilancio", actor=office)
    services.record_roll_call(motion, {m.pk: "for" for m in members}, actor=office)
    motion = services.count_motion(motion, actor=office)
    attend(office, sitting, {members[2]: ABSENT, members[3]: ABSENT})

    client.force_login(office)
    page = client.get(reverse("office:motion-detail", args=[motion.pk]))

    stored = motion.resolution.vote_result.quorum
    assert page.context["quorum"] == stored == queries.vote_quorum(motion)
    assert stored.present == 4
    assert 'data-members-present="4"' in page.content.decode()
    meeting_page = client.get(reverse("office:meeting-detail", args=[sitting.pk])).content.decode()
    assert 'class="motion-quorum" data-members-present="4"' in meeting_page


def test_a_member_absent_when_the_vote_opened_cannot_vote_after_arriving(office, sitting, members):
    attend(office, sitting, {members[3]: ABSENT})
    motion = services.put_motion(sitting, "Bilancio", actor=office)
    attend(office, sitting, {members[3]: PRESENT})

    with pytest.raises(DomainError) as err:
        services.record_roll_call(motion, {members[3].pk: "for"}, actor=office)

    assert err.value.code == "member_absent"


def test_the_database_refuses_a_vote_of_a_member_absent_when_the_vote_opened(office, sitting, members):
    from django.db import IntegrityError, transaction

    attend(office, sitting, {members[3]: ABSENT})
    motion = services.put_motion(sitting, "Bilancio", actor=office)

    with pytest.raises(IntegrityError), transaction.atomic():
        RollCall.objects.filter(motion=motion, authority=members[3]).update(choice="for")
    with pytest.raises(IntegrityError), transaction.atomic():
        Motion.objects.create(meeting=sitting, title="x", status=Motion.Status.COUNTED)


# --- Elections: their day, and ties at ranked places -------------------------------------------


def test_an_election_cannot_open_or_take_ballots_before_its_day(office):
    _body, seat = gt.make_board(2)
    member = gt.make_member("Comune")
    person = gt.make_representative(member)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    election = gt.make_election(seat, [(person, member)], status="nominating", held_on=tomorrow)

    with pytest.raises(Conflict) as err:
        services.open_election(election, actor=office)
    assert err.value.code == "election_not_yet_open"
    open_early = gt.make_election(seat, [(person, member)], status="open", held_on=tomorrow)
    with pytest.raises(Conflict) as err:
        services.cast_online(open_early, member, [], actor=person.user)
    assert err.value.code == "election_not_yet_open"
    with pytest.raises(Conflict) as err:
        services.close_election(open_early, actor=office)
    assert err.value.code == "election_not_yet_open"


def test_opening_voting_freezes_the_electorate(office):
    """Who may vote is fixed when voting opens, in the election's own rows: a membership recorded
    afterwards (even dated before the election day) neither adds a voter nor changes the turnout."""
    _body, seat = gt.make_board(2)
    member = gt.make_member("Comune")
    person = gt.make_representative(member)
    election = gt.make_election(seat, [(person, member)], status="nominating", held_on=timezone.localdate())
    services.open_election(election, actor=office)
    late = gt.make_member("Comune tardivo", joined=D(2000, 1, 1))
    late_person = gt.make_representative(late)

    with pytest.raises(DomainError) as err:
        services.cast_online(election, late, [], actor=late_person.user)

    assert err.value.code == "not_in_good_standing"
    assert list(election.electors.values_list("authority_id", flat=True)) == [member.pk]
    services.cast_online(election, member, [], actor=person.user)


@pytest.fixture
def presidency_election(office):
    """Five board seats, the first two elected becoming president and vice-president, tie rule
    "older membership". Candidates A (first) and B, C, D tied for second: B was nominated first
    but its member joined last; D's member joined first."""
    gt.make_presidency()
    _body, seat = gt.make_board(5)
    joined = {
        "A": D(1997, 1, 1),
        "B": D(2010, 1, 1),
        "C": D(2005, 1, 1),
        "D": D(1998, 1, 1),
        "E": D(1999, 1, 1),
    }
    people = {}
    for name in ("A", "B", "C", "D", "E", "F"):
        member = gt.make_member(f"Comune {name}", joined=joined.get(name, D(2000, 1, 1)))
        people[name] = (member, gt.make_representative(member))
    day = timezone.localdate()
    election = services.create_election(
        seat,
        actor=office,
        title="Comitato",
        held_on=day,
        term_start=day + dt.timedelta(days=1),
        tie_rule="seniority",
        creates_presidency=True,
    )
    ids = {
        name: services.nominate(election, person, member, member, actor=office).pk
        for name, (member, person) in people.items()
    }
    services.open_election(election, actor=office)
    box = [["A", "B", "C", "D", "E"], ["A", "B", "C", "D"], ["A"]]
    for (member, person), choices in zip(people.values(), box, strict=False):
        services.cast_online(election, member, [ids[c] for c in choices], actor=person.user)
    services.close_election(election, actor=office)
    return election, ids


def test_three_tied_for_second_place_follow_the_declared_tie_rule(office, presidency_election, client):
    """The finding: the first-nominated became vice-president and nothing showed the tie."""
    election, ids = presidency_election

    services.count_election(election, actor=office)

    election.refresh_from_db()
    result = election.counted_result
    assert result.elected[:2] == (ids["A"], ids["D"])
    vice = election.mandates.get(position__key="vice-president")
    assert vice.person.name == election.candidates.get(pk=ids["D"]).person.name
    (tie,) = result.ties
    assert (tie.place, set(tie.among), tie.votes) == (2, {ids["B"], ids["C"], ids["D"]}, 2)
    assert tie.order == (ids["D"], ids["C"], ids["B"])
    assert tie.decided_by == "seniority"
    client.force_login(office)
    page = client.get(reverse("office:election-detail", args=[election.pk])).content.decode()
    assert 'id="ties"' in page
    assert f'data-order="{ids["D"]},{ids["C"]},{ids["B"]}"' in page
    for name in ("Comune B", "Comune C", "Comune D"):
        assert name in page


def test_a_tie_the_membership_cannot_break_is_drawn_by_lot_and_said_so():
    same = D(1997, 1, 1)
    candidates = [ballots.Candidate(cid, same) for cid in (1, 2, 3, 4)]
    rule = ballots.ElectionRule(ballots.Method.PLURALITY_AT_LARGE, 4, tie=ballots.TieRule.SENIORITY)

    result = ballots.count(rule, candidates, [[1, 2, 3, 4], [1]], seed=7, ranked=2)

    (tie,) = result.ties
    assert tie.decided_by == "lot"
    assert tie.lots[0].seed == 7
    assert set(tie.lots[0].among) == {2, 3, 4}
    assert result.elected[1] == tie.order[0] == tie.lots[0].drawn[0]
    with pytest.raises(ValueError, match="seed needed"):
        ballots.count(rule, candidates, [[1, 2, 3, 4], [1]], ranked=2)


def test_without_ranked_places_a_tie_above_the_cut_changes_nothing():
    candidates = [ballots.Candidate(cid, None) for cid in (1, 2, 3)]
    rule = ballots.ElectionRule(ballots.Method.PLURALITY_AT_LARGE, 3)

    result = ballots.count(rule, candidates, [[1, 2, 3], [1]])

    assert result.ties == ()
    assert result.elected == (1, 2, 3)


# --- Population weights per body ----------------------------------------------------------------

METRO = 2_247_780


@pytest.fixture
def network():
    """35 member municipalities of 30,000 (1,050,000 together) and the metropolitan city."""
    municipalities = [gt.make_member(f"Comune {i:02}", 30_000) for i in range(35)]
    metro = make_authority(
        "Città metropolitana di Torino", METRO, kind=LocalAuthority.Kind.PROVINCE, joined=D(2000, 1, 1)
    )
    return municipalities, metro


def test_the_metropolitan_city_alone_does_not_decide_the_population_side(office, network):
    """The finding: with its 2,247,780 inhabitants it outweighed all 35 municipalities together,
    and its inhabitants, who live in those municipalities, were counted twice."""
    municipalities, metro = network
    assembly = gt.make_assembly()
    meeting = convene_in(office, assembly, dt.timedelta(days=-1))
    attend(office, meeting, dict.fromkeys([*municipalities, metro], PRESENT))
    choices = {m.pk: "against" for m in municipalities} | {metro.pk: "for"}

    results = {}
    for weighting in ("population", "double"):
        motion = services.put_motion(meeting, weighting, actor=office, weighting=weighting)
        services.record_roll_call(motion, choices, actor=office)
        results[weighting] = services.count_motion(motion, actor=office)

    population = results["population"].figures["population"]
    assert (population["for"], population["against"]) == (0, 1_050_000)
    assert results["population"].carried is False
    assert results["double"].carried is False
    assert not Resolution.objects.exists()


def test_a_body_may_count_the_metropolitan_city_in_full(office, network):
    municipalities, metro = network
    assembly = gt.make_assembly(vote_weight_non_municipal="population")
    meeting = convene_in(office, assembly, dt.timedelta(days=-1))
    attend(office, meeting, dict.fromkeys([*municipalities, metro], PRESENT))
    motion = services.put_motion(meeting, "x", actor=office, weighting="population")
    services.record_roll_call(motion, {metro.pk: "for"}, actor=office)

    motion = services.count_motion(motion, actor=office)

    assert motion.figures["population"]["for"] == METRO


def test_the_metropolitan_city_does_not_make_the_population_quorum(office, network):
    municipalities, metro = network
    assembly = gt.make_assembly(
        quorum_numerator=1,
        quorum_denominator=3,
        quorum_strictly_more=True,
        quorum_population_numerator=1,
        quorum_population_denominator=2,
    )
    meeting = convene_in(office, assembly, dt.timedelta(days=-1))
    attend(office, meeting, dict.fromkeys([*municipalities[:17], metro], PRESENT))

    result = queries.meeting_quorum(meeting)

    assert result.members_reached
    assert (result.population_present, result.population_entitled) == (17 * 30_000, 1_050_000)
    assert not result.reached
    motion = services.put_motion(meeting, "x", actor=office)
    services.record_roll_call(motion, {metro.pk: "for"}, actor=office)
    with pytest.raises(Conflict) as err:
        services.count_motion(motion, actor=office)
    assert err.value.code == "no_quorum"


def test_the_weights_default_is_marked_as_the_softwares(office):
    body = gt.make_assembly()
    for name in ("vote_weight_non_municipal", "quorum_population_non_municipal"):
        field = Body._meta.get_field(name)
        assert getattr(body, name) == "not_counted"
        with translation.override("en"):
            assert "not from the statutes" in str(field.help_text)
