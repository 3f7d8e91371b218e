"""A motion voted by secret paper ballot: the office enters the count of the whole box, the motion
is counted from it with its majority rule; a refusal writes nothing; nobody's vote is recorded."""

import pytest

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Attendance, Motion, MotionPaperCount, Resolution, RollCall
from cocopa.governance.services.paper_count import InvalidPaperCount
from cocopa.governance.tests.sittings import attend, convene

pytestmark = pytest.mark.django_db

PRESENT = Attendance.Presence.PRESENT
ABSENT = Attendance.Presence.ABSENT
PROXY = Attendance.Presence.PROXY


@pytest.fixture
def members():
    return [gt.make_member(f"M{i}", population) for i, population in enumerate((1000, 2000, 3000, 94000))]


@pytest.fixture
def assembly(members):
    return gt.make_assembly(notice_days=10)


@pytest.fixture
def three_in_the_room(office, assembly, members):
    """Four members convened: two present, one by proxy, one absent — three could vote."""
    meeting = convene(office, assembly)
    a, b, c, d = members
    attend(office, meeting, {a: PRESENT, b: PRESENT, c: PROXY, d: ABSENT}, proxies={c: a})
    return meeting


def secret_motion(office, meeting, **rule):
    return services.put_motion(meeting, "Nomina del revisore", actor=office, voting="secret", **rule)


def test_a_box_with_more_for_than_against_carries_and_becomes_a_resolution(office, three_in_the_room):
    motion = secret_motion(office, three_in_the_room)

    counted = services.record_paper_count(motion, actor=office, in_favour=2, against=1, abstain=0)

    assert counted.status == Motion.Status.COUNTED
    assert counted.carried is True
    result = counted.vote_result
    assert result is not None
    assert result.secret
    assert result.members is not None
    assert (
        result.members.in_favour,
        result.members.against,
        result.members.abstain,
        result.members.absent,
    ) == (
        2,
        1,
        0,
        1,
    )
    box = MotionPaperCount.objects.get(motion=motion)
    assert (box.in_favour, box.against, box.abstain) == (2, 1, 0)
    resolution = Resolution.objects.get(motion=motion)
    assert resolution.figures == counted.figures
    assert resolution.vote_result is not None
    assert resolution.vote_result.secret
    # Nobody's vote is on record: the roll-call rows keep only the presence frozen at the opening.
    assert set(RollCall.objects.filter(motion=motion).values_list("choice", flat=True)) == {"absent"}


def test_a_box_under_an_absolute_majority_counts_the_papers_missing_as_absent(office, three_in_the_room):
    motion = secret_motion(office, three_in_the_room, majority="absolute")

    counted = services.record_paper_count(motion, actor=office, in_favour=2, against=0, abstain=1)

    # 2 of 4 members is not more than half.
    assert counted.carried is False
    assert not Resolution.objects.filter(motion=motion).exists()


@pytest.mark.parametrize(
    ("figures", "code", "field"),
    [
        ({"in_favour": 4, "against": 0, "abstain": 0}, "count_over_voters", "in_favour"),
        ({"in_favour": 0, "against": 0, "abstain": 5}, "count_over_voters", "abstain"),
        ({"in_favour": 2, "against": 1, "abstain": 1}, "papers_over_voters", None),
        ({"in_favour": -1, "against": 1, "abstain": 1}, "negative_count", "in_favour"),
        ({"in_favour": 0, "against": 0, "abstain": 0}, "no_papers", None),
    ],
)
def test_a_count_beyond_who_could_vote_is_refused_naming_the_field_and_writes_nothing(
    office, three_in_the_room, figures, code, field
):
    motion = secret_motion(office, three_in_the_room)
    before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as err:
        services.record_paper_count(motion, actor=office, **figures)

    assert err.value.code == code
    assert getattr(err.value, "field", None) == field
    if code.endswith("over_voters"):
        assert isinstance(err.value, InvalidPaperCount)
        assert "3" in err.value.message  # the members who could vote
    motion.refresh_from_db()
    assert (motion.status, motion.carried, motion.figures) == (Motion.Status.OPEN, None, {})
    assert not MotionPaperCount.objects.exists()
    assert not Resolution.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_count_is_checked_against_the_presence_frozen_when_the_vote_opened(
    office, three_in_the_room, members
):
    motion = secret_motion(office, three_in_the_room)
    # The fourth member arrives after the vote opened: it could not vote in this one.
    attend(office, three_in_the_room, {members[3]: PRESENT})

    with pytest.raises(DomainError) as err:
        services.record_paper_count(motion, actor=office, in_favour=4, against=0, abstain=0)

    assert err.value.code == "count_over_voters"


def test_counting_a_box_is_refused_without_quorum(office, assembly, members):
    meeting = convene(office, assembly)
    a, b, c, d = members
    attend(office, meeting, {a: PRESENT, b: ABSENT, c: ABSENT, d: ABSENT})
    motion = secret_motion(office, meeting)

    with pytest.raises(Conflict) as err:
        services.record_paper_count(motion, actor=office, in_favour=1, against=0, abstain=0)

    assert err.value.code == "no_quorum"
    assert not MotionPaperCount.objects.exists()


def test_a_secret_motion_has_no_roll_call_and_a_roll_call_motion_no_box(office, three_in_the_room, members):
    secret = secret_motion(office, three_in_the_room)
    open_vote = services.put_motion(three_in_the_room, "Bilancio", actor=office)

    with pytest.raises(Conflict) as err:
        services.record_roll_call(secret, {members[0].pk: "for"}, actor=office)
    assert err.value.code == "motion_secret"
    with pytest.raises(Conflict) as err:
        services.count_motion(secret, actor=office)
    assert err.value.code == "motion_secret"
    with pytest.raises(Conflict) as err:
        services.record_paper_count(open_vote, actor=office, in_favour=1, against=0, abstain=0)
    assert err.value.code == "motion_roll_call"


def test_a_counted_box_cannot_be_entered_again(office, three_in_the_room):
    motion = secret_motion(office, three_in_the_room)
    services.record_paper_count(motion, actor=office, in_favour=1, against=2, abstain=0)

    with pytest.raises(Conflict) as err:
        services.record_paper_count(motion, actor=office, in_favour=3, against=0, abstain=0)

    assert err.value.code == "motion_counted"
    assert MotionPaperCount.objects.get(motion=motion).in_favour == 1


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ({"weighting": "population"}, "secret_needs_member_count"),
        ({"weighting": "double"}, "secret_needs_member_count"),
        ({"tie": "chair"}, "secret_tie_needs_chair"),
    ],
)
def test_a_secret_vote_with_a_rule_that_needs_names_is_not_opened(
    office, three_in_the_room, members, rule, code
):
    with pytest.raises(DomainError) as err:
        secret_motion(office, three_in_the_room, chair=members[0], **rule)

    assert err.value.code == code
    assert not Motion.objects.exists()


def test_the_count_is_audited_and_names_nobody(office, three_in_the_room, members):
    motion = secret_motion(office, three_in_the_room)

    services.record_paper_count(motion, actor=office, in_favour=2, against=0, abstain=1)

    event = AuditEvent.objects.get(verb="governance.paper_count_recorded", target_id=str(motion.pk))
    assert event.data == {"for": 2, "against": 0, "abstain": 1, "voters": 3}
    assert AuditEvent.objects.filter(verb="governance.motion_counted", target_id=str(motion.pk)).count() == 1
    put = AuditEvent.objects.get(verb="governance.motion_put", target_id=str(motion.pk))
    assert put.data["voting"] == "secret"


def test_only_the_peace_office_enters_a_box(
    office, three_in_the_room, administrative_office_user, representative_user
):
    motion = secret_motion(office, three_in_the_room)

    for someone in (administrative_office_user, representative_user, None):
        with pytest.raises(Forbidden):
            services.record_paper_count(motion, actor=someone, in_favour=1, against=0, abstain=0)
    assert not MotionPaperCount.objects.exists()
