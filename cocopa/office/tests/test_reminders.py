import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from cocopa.fees import testing as ft
from cocopa.governance import reminders, services
from cocopa.governance import testing as gt
from cocopa.governance.models import Body, Person, Position
from cocopa.members.models import Convention
from cocopa.members.queries import members_in_good_standing
from cocopa.office import reminders as office_reminders

DAY = dt.date(2025, 6, 1)


@pytest.fixture
def office(db):
    return User.objects.create_superuser("office", "office@example.org", "x")


def test_every_member_without_a_representative_is_listed(demo_network):
    members = list(members_in_good_standing(DAY))
    found = reminders.designations_missing(DAY)
    assert sorted(r.subject for r in found) == sorted(a.name for a in members)


def test_designating_removes_the_member_from_the_list(demo_network, office):
    member = members_in_good_standing(DAY)[0]
    services.designate(member, Person.objects.create(name="Rappresentante"), DAY, actor=office)
    assert member.name not in [r.subject for r in reminders.designations_missing(DAY)]


def test_assembly_without_enough_representatives_cannot_reach_its_quorum(demo_network, office):
    assembly = Body.objects.get(kind=Body.Kind.ASSEMBLY)
    assert str(assembly) in [r.subject for r in reminders.bodies_without_quorum(DAY)]
    # Give a representative to more than half of the members: the quorum becomes possible.
    members = list(members_in_good_standing(DAY))
    for member in members[: len(members) // 2 + 1]:
        services.designate(member, Person.objects.create(name=f"R {member.pk}"), DAY, actor=office)
    assert str(assembly) not in [r.subject for r in reminders.bodies_without_quorum(DAY)]


def test_board_below_its_minimum_is_listed(demo_network, office):
    board = Body.objects.get(kind=Body.Kind.BOARD)
    assert board.min_seats == 5
    assert str(board) in [r.subject for r in reminders.bodies_without_quorum(DAY)]
    seat = Position.objects.get(body=board, key="member")
    for n in range(5):
        services.appoint(
            seat, DAY, actor=office, began="election", person=Person.objects.create(name=f"B{n}")
        )
    assert str(board) not in [r.subject for r in reminders.bodies_without_quorum(DAY)]


def test_terms_ending_within_the_window(demo_network, office):
    board = Body.objects.get(kind=Body.Kind.BOARD)
    seat = Position.objects.get(body=board, key="member")
    mandate = services.appoint(
        seat, dt.date(2022, 6, 20), actor=office, began="election", person=Person.objects.create(name="T")
    )
    assert mandate.end_on == dt.date(2025, 6, 19)  # three years, the day before the anniversary
    assert [r.due for r in reminders.terms_ending(DAY, 30)] == [dt.date(2025, 6, 19)]
    assert reminders.terms_ending(DAY, 10) == []
    assert reminders.terms_ending(dt.date(2025, 6, 20), 30) == []


def test_command_lists_and_mails_the_office(demo_network, office, capsys):
    call_command("reminders", "--date", DAY.isoformat(), "--days", "30", "--email")
    out = capsys.readouterr().out
    assert "designation_missing" in out
    assert "no_quorum_possible" in out
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@example.org"]
    assert "designation_missing" in mail.outbox[0].body


def test_command_without_email_sends_nothing(demo_network, office):
    call_command("reminders", "--date", DAY.isoformat())
    assert mail.outbox == []


@pytest.mark.parametrize("args", [["--date", "2025-13-01"], ["--days", "-1"]])
def test_command_rejects_bad_options(db, args):
    with pytest.raises(CommandError):
        call_command("reminders", *args)


def test_an_archived_member_has_no_seat_and_needs_no_representative(demo_network, office):
    member = members_in_good_standing(DAY)[0]
    member.archived_on = DAY
    member.save(update_fields=["archived_on"])

    assert member not in members_in_good_standing(DAY)
    assert member.name not in [r.subject for r in reminders.designations_missing(DAY)]


def test_the_digest_gathers_the_checks_of_every_app(db):
    """members' convention checks and fees' arrears reach the command through office.reminders."""
    late = gt.make_member("Alpha")
    ft.make_assessment(late, 2024, "100")
    Convention.objects.create(
        title="Convention 2011-2025",
        kind=Convention.Kind.MEMBERSHIP,
        start_on=dt.date(2011, 1, 1),
        end_on=dt.date(2025, 12, 31),
        withdrawal_notice_days=120,
    )

    found = {(r.kind, r.subject) for r in office_reminders.collect(dt.date(2025, 12, 1), 60)}

    assert ("convention_expiring", "Convention 2011-2025") in found
    assert ("renewal_act_missing", "Alpha") in found
    assert ("designation_missing", "Alpha") in found
    assert ("fee_arrears", "Alpha") in found
