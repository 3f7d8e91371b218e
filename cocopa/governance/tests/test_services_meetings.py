import datetime as dt

import pytest

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import queries, services
from cocopa.governance import testing as gt
from cocopa.governance.models import Attendance, Body, Meeting, Motion, Resolution, RollCall
from cocopa.governance.tests.sittings import attend, convene
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db

D = dt.date
PRESENT = Attendance.Presence.PRESENT
ABSENT = Attendance.Presence.ABSENT
PROXY = Attendance.Presence.PROXY


@pytest.fixture
def members():
    """Four members in good standing (populations 1000, 2000, 3000, 94000) and one that left."""
    four = [gt.make_member(f"M{i}", population) for i, population in enumerate((1000, 2000, 3000, 94000))]
    gt.make_member("Gone", 500).memberships.update(end_on=D(2010, 1, 1), end_basis="left")
    return four


@pytest.fixture
def assembly(members):
    return gt.make_assembly(notice_days=10)


# --- Convocation -------------------------------------------------------------------------------


def test_convening_the_assembly_lists_every_member_in_good_standing(office, assembly, members):
    meeting = convene(office, assembly)

    assert sorted(meeting.attendances.values_list("authority_id", flat=True)) == sorted(m.pk for m in members)
    assert [i.title for i in meeting.items.all()] == ["Bilancio"]
    assert AuditEvent.objects.filter(verb="governance.convened", target_id=str(meeting.pk)).count() == 1


def test_convening_the_board_lists_only_the_members_with_seats(office, members):
    board, seat = gt.make_board(5)
    gt.make_mandate(seat, gt.make_person(), members[0], D(2024, 1, 1), D(2026, 12, 31))
    gt.make_mandate(seat, gt.make_person(), members[2], D(2024, 1, 1), D(2026, 12, 31))
    gt.make_mandate(seat, gt.make_person(), members[3], D(2020, 1, 1), D(2023, 12, 31))

    meeting = convene(office, board)

    assert set(meeting.attendances.values_list("authority_id", flat=True)) == {members[0].pk, members[2].pk}


def test_a_notice_too_short_is_refused(office, assembly):
    with pytest.raises(DomainError) as err:
        convene(office, assembly, D(2025, 3, 20), convened_on=D(2025, 3, 15))

    assert err.value.code == "notice_too_short"
    assert not Meeting.objects.exists()


def test_an_urgent_convocation_may_give_a_short_notice(office, assembly):
    meeting = convene(office, assembly, D(2025, 3, 20), convened_on=D(2025, 3, 15), urgent=True)

    event = AuditEvent.objects.get(verb="governance.convened")
    assert event.data["urgent"] is True
    assert event.data["notice_days"] == 5
    assert meeting.status == Meeting.Status.CONVENED


def test_a_notice_exactly_as_long_as_the_rules_is_enough(office, assembly):
    convene(office, assembly, D(2025, 3, 20), convened_on=D(2025, 3, 10))

    assert AuditEvent.objects.get(verb="governance.convened").data["urgent"] is False


def test_a_convocation_needs_a_place_and_an_agenda(office, assembly):
    with pytest.raises(DomainError) as err:
        services.convene(
            assembly, gt.at(D(2025, 3, 20)), actor=office, convened_on=D(2025, 3, 1), items=[("x", "")]
        )
    assert err.value.code == "place_missing"
    with pytest.raises(DomainError) as err:
        services.convene(
            assembly, gt.at(D(2025, 3, 20)), actor=office, convened_on=D(2025, 3, 1), place="Sala"
        )
    assert err.value.code == "agenda_empty"


def test_only_the_office_convenes(assembly):
    with pytest.raises(Forbidden):
        convene(gt.make_user(), assembly)


# --- Attendance and quorum ---------------------------------------------------------------------


def test_attendance_with_a_proxy(office, assembly, members):
    meeting = convene(office, assembly)
    a, b, c, d = members

    attend(office, meeting, {a: PRESENT, b: PROXY, c: ABSENT}, proxies={b: a})

    rows = {r.authority_id: r for r in meeting.attendances.all()}
    assert (rows[b.pk].presence, rows[b.pk].proxy_for_id) == (PROXY, a.pk)
    assert rows[c.pk].presence == ABSENT
    assert rows[d.pk].presence == ""
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert AuditEvent.objects.filter(verb="governance.attendance_recorded").count() == 1


def test_a_proxy_needs_another_member_as_holder(office, assembly, members):
    meeting = convene(office, assembly)
    a = members[0]

    for holder in (None, a):
        with pytest.raises(DomainError) as err:
            attend(office, meeting, {a: PROXY}, proxies={a: holder})
        assert err.value.code == "proxy_missing"


@pytest.mark.parametrize("holder_presence", [ABSENT, PROXY, ""])
def test_a_proxy_holder_must_be_present_in_person(office, assembly, members, holder_presence):
    meeting = convene(office, assembly)
    a, b, c, _d = members
    register: dict[LocalAuthority, str] = (
        {b: PROXY} if holder_presence == "" else {a: holder_presence, b: PROXY}
    )
    proxies = {b: a, a: c} if holder_presence == PROXY else {b: a}
    if holder_presence == PROXY:
        register[c] = PRESENT

    with pytest.raises(DomainError) as err:
        attend(office, meeting, register, proxies=proxies)

    assert err.value.code == "proxy_holder_not_present"
    assert not meeting.attendances.exclude(presence="").exists()


def test_a_holder_later_marked_absent_invalidates_the_proxy(office, assembly, members):
    meeting = convene(office, assembly)
    a, b = members[:2]
    attend(office, meeting, {a: PRESENT, b: PROXY}, proxies={b: a})

    with pytest.raises(DomainError) as err:
        attend(office, meeting, {a: ABSENT})

    assert err.value.code == "proxy_holder_not_present"
    assert meeting.attendances.get(authority=a).presence == PRESENT


def test_a_proxy_holder_must_be_convened(office, assembly, members):
    meeting = convene(office, assembly)
    outsider = gt.make_member("Outsider", joined=D(2025, 6, 1))

    with pytest.raises(DomainError) as err:
        attend(office, meeting, {members[0]: PROXY}, proxies={members[0]: outsider})

    assert err.value.code == "not_convened"
    assert not meeting.attendances.exclude(presence="").exists()


def test_a_member_not_convened_has_no_attendance(office, assembly):
    meeting = convene(office, assembly)
    outsider = gt.make_member("Outsider", joined=D(2025, 6, 1))

    with pytest.raises(DomainError) as err:
        attend(office, meeting, {outsider: PRESENT})

    assert err.value.code == "not_convened"


def test_quorum_by_members_needs_more_than_half(office, assembly, members):
    meeting = convene(office, assembly)
    a, b, c, _d = members

    attend(office, meeting, {a: PRESENT, b: PRESENT})
    result = queries.meeting_quorum(meeting)
    assert (result.entitled, result.present, result.required, result.reached) == (4, 2, 3, False)

    attend(office, meeting, {c: PROXY}, proxies={c: a})
    assert queries.meeting_quorum(meeting).reached


def test_proxies_do_not_count_when_the_rules_say_so(office, members):
    body = gt.make_assembly(quorum_count_proxies=False)
    meeting = convene(office, body)
    a, b, c, _d = members

    attend(office, meeting, {a: PRESENT, b: PRESENT, c: PROXY}, proxies={c: a})

    assert not queries.meeting_quorum(meeting).reached


def test_quorum_by_population_when_the_body_requires_it(office, members):
    body = gt.make_assembly(quorum_population_numerator=1, quorum_population_denominator=2)
    meeting = convene(office, body)
    small_a, small_b, small_c, big = members

    attend(office, meeting, {small_a: PRESENT, small_b: PRESENT, small_c: PRESENT, big: ABSENT})
    result = queries.meeting_quorum(meeting)
    assert result.members_reached
    assert (result.population_entitled, result.population_present) == (100_000, 6000)
    assert not result.population_reached
    assert not result.reached

    attend(office, meeting, {small_c: ABSENT, big: PRESENT})
    result = queries.meeting_quorum(meeting)
    assert result.population_reached
    assert result.reached


# --- Motions, roll-call and resolutions --------------------------------------------------------


@pytest.fixture
def sitting(office, assembly, members):
    """An Assembly meeting with every member present."""
    meeting = convene(office, assembly)
    attend(office, meeting, dict.fromkeys(members, PRESENT))
    return meeting


def vote(office, meeting, title, choices: dict[LocalAuthority, str], **rule):
    motion = services.put_motion(meeting, title, actor=office, **rule)
    services.record_roll_call(motion, {a.pk: c for a, c in choices.items()}, actor=office)
    return services.count_motion(motion, actor=office)


def test_members_not_named_in_the_roll_call_are_absent(office, sitting, members):
    motion = services.put_motion(sitting, "Bilancio", actor=office)

    services.record_roll_call(motion, {members[0].pk: "for", members[1].pk: "against"}, actor=office)

    assert dict(RollCall.objects.filter(motion=motion).values_list("authority_id", "choice")) == {
        members[0].pk: "for",
        members[1].pk: "against",
        members[2].pk: "absent",
        members[3].pk: "absent",
    }
    assert RollCall.objects.get(motion=motion, authority=members[3]).population == 94000


def test_a_roll_call_names_only_convened_members_and_known_choices(office, sitting, members):
    motion = services.put_motion(sitting, "Bilancio", actor=office)
    outsider = gt.make_member("Outsider")

    with pytest.raises(DomainError) as err:
        services.record_roll_call(motion, {outsider.pk: "for"}, actor=office)
    assert err.value.code == "not_convened"
    with pytest.raises(DomainError) as err:
        services.record_roll_call(motion, {members[0].pk: "maybe"}, actor=office)
    assert err.value.code == "invalid_choice"


def test_a_member_recorded_absent_cannot_vote(office, assembly, members):
    meeting = convene(office, assembly)
    a, b, c, d = members
    attend(office, meeting, {a: PRESENT, b: PRESENT, c: PRESENT, d: ABSENT})
    motion = services.put_motion(meeting, "Bilancio", actor=office)

    with pytest.raises(DomainError) as err:
        services.record_roll_call(motion, {a.pk: "for", d.pk: "against"}, actor=office)

    assert err.value.code == "member_absent"
    assert not RollCall.objects.exclude(choice="absent").exists()


def test_counting_is_refused_without_quorum(office, assembly, members):
    meeting = convene(office, assembly)
    a, b, c, d = members
    attend(office, meeting, {a: PRESENT, b: ABSENT, c: ABSENT, d: ABSENT})
    motion = services.put_motion(meeting, "Bilancio", actor=office)
    services.record_roll_call(motion, {a.pk: "for"}, actor=office)

    with pytest.raises(Conflict) as err:
        services.count_motion(motion, actor=office)

    assert err.value.code == "no_quorum"
    motion.refresh_from_db()
    assert motion.status == Motion.Status.OPEN
    assert not Resolution.objects.exists()


def test_carried_motions_become_numbered_resolutions_per_year(office, assembly, members):
    everyone_for = dict.fromkeys(members, "for")
    december = convene(office, assembly, D(2025, 12, 15), convened_on=D(2025, 12, 1))
    attend(office, december, dict.fromkeys(members, PRESENT))
    first = vote(office, december, "Primo", everyone_for)
    second = vote(office, december, "Secondo", everyone_for)
    january = convene(office, assembly, D(2026, 1, 12), convened_on=D(2025, 12, 20))
    attend(office, january, dict.fromkeys(members, PRESENT))
    third = vote(office, january, "Terzo", everyone_for)

    numbers = [(m.resolution.number, m.resolution.year) for m in (first, second, third)]
    assert numbers == [(1, 2025), (2, 2025), (1, 2026)]
    assert first.resolution.figures == first.figures
    assert first.resolution.adopted_on == D(2025, 12, 15)


def test_a_late_evening_meeting_on_new_years_eve_numbers_in_its_local_year(office, assembly, members):
    meeting = services.convene(
        assembly,
        gt.at(D(2025, 12, 31), hour=23),
        actor=office,
        convened_on=D(2025, 12, 1),
        place="Sala",
        items=[("x", "")],
    )
    attend(office, meeting, dict.fromkeys(members, PRESENT))

    motion = vote(office, meeting, "Fine anno", dict.fromkeys(members, "for"))

    assert (motion.resolution.year, motion.resolution.adopted_on) == (2025, D(2025, 12, 31))


def test_a_rejected_motion_stores_its_figures_and_no_resolution(office, sitting, members):
    a, b, c, d = members

    motion = vote(office, sitting, "Bocciata", {a: "for", b: "against", c: "against", d: "abstain"})

    assert motion.carried is False
    assert motion.status == Motion.Status.COUNTED
    assert motion.figures["members"]["for"] == 1
    assert motion.figures["members"]["against"] == 2
    assert motion.figures["members"]["abstain"] == 1
    assert motion.figures["quorum"] == {"entitled": 4, "present": 4, "required": 3}
    assert not Resolution.objects.exists()


def test_a_tie_is_rejected_by_default(office, sitting, members):
    a, b, c, d = members

    motion = vote(office, sitting, "Pari", {a: "for", b: "for", c: "against", d: "against"})

    assert motion.carried is False
    assert motion.figures["tie"] is True
    assert motion.figures["tie_broken_by"] == "rule:rejected"


def test_a_counted_motion_cannot_change(office, sitting, members):
    motion = vote(office, sitting, "Bilancio", dict.fromkeys(members, "for"))

    with pytest.raises(Conflict) as err:
        services.record_roll_call(motion, {members[0].pk: "against"}, actor=office)
    assert err.value.code == "motion_counted"
    with pytest.raises(Conflict) as err:
        services.count_motion(motion, actor=office)
    assert err.value.code == "motion_counted"
    assert set(RollCall.objects.filter(motion=motion).values_list("choice", flat=True)) == {"for"}
    assert Resolution.objects.count() == 1


def test_a_motion_of_a_cancelled_meeting_is_refused(office, assembly):
    meeting = convene(office, assembly)
    services.cancel_meeting(meeting, actor=office)

    with pytest.raises(Conflict) as err:
        services.put_motion(meeting, "x", actor=office)

    assert err.value.code == "meeting_cancelled"


def test_every_step_is_audited(office, sitting, members):
    motion = vote(office, sitting, "Bilancio", dict.fromkeys(members, "for"))

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "governance.convened",
        "governance.attendance_recorded",
        "governance.motion_put",
        "governance.roll_call_recorded",
        "governance.motion_counted",
    } <= verbs
    counted = AuditEvent.objects.get(verb="governance.motion_counted")
    assert (counted.target_id, counted.actor) == (str(motion.pk), office)


def test_a_double_majority_with_the_demo_populations(demo_network, office):
    """Every member for except the two largest: a majority of members, not of the population."""
    assembly = Body.objects.get(kind=Body.Kind.ASSEMBLY)
    day = D(2025, 3, 20)
    meeting = convene(office, assembly, day, convened_on=D(2025, 3, 1))
    members = list(member_queries.members_in_good_standing(day))
    # As the Assembly weighs them: the metropolitan city contains the municipalities (weights.py).
    pops = queries.weighed_populations(assembly, [m.pk for m in members], day)
    largest = sorted(members, key=lambda m: -(pops[m.pk] or 0))[:2]
    attend(office, meeting, dict.fromkeys(members, PRESENT))
    choices = {m: ("against" if m in largest else "for") for m in members}

    double = vote(office, meeting, "Doppia", choices, weighting="double")
    by_members = vote(office, meeting, "Solo comuni", choices, weighting="members")

    assert double.figures["members"]["carried"] is True
    assert double.figures["population"]["carried"] is False
    assert double.figures["population"]["against"] == sum(pops[m.pk] or 0 for m in largest)
    assert double.carried is False
    assert by_members.carried is True
    assert [r.motion for r in Resolution.objects.all()] == [by_members]


def test_a_meeting_just_after_midnight_convenes_the_members_of_its_local_day(office, assembly, members):
    """00:30 in Rome is still the day before in UTC: the register follows the local day."""
    newcomer = gt.make_member("Newcomer", 500, joined=D(2025, 3, 20))
    starts_at = gt.at(D(2025, 3, 20), hour=0) + dt.timedelta(minutes=30)

    meeting = services.convene(
        assembly, starts_at, actor=office, convened_on=D(2025, 3, 1), place="Sala", items=[("x", "")]
    )

    assert meeting.attendances.filter(authority=newcomer).exists()
    stored = Meeting.objects.get(pk=meeting.pk)  # read back: starts_at comes in UTC
    assert newcomer in queries.entitled_members(stored)
