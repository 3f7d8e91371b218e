import datetime as dt
from unittest import mock

import pytest

from cocopa.core import audit
from cocopa.core.errors import Conflict, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import queries, services
from cocopa.governance import testing as gt
from cocopa.governance.models import Designation, Mandate, Office, in_force

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def member():
    return gt.make_member("Bruino")


def test_designating_ends_the_previous_designation_the_day_before(office, member):
    first = gt.make_representative(member, D(2020, 1, 1))
    second = gt.make_person(login=True)

    services.designate(member, second, D(2024, 6, 1), actor=office, basis=Designation.Basis.DELEGATE)

    old = Designation.objects.get(person=first)
    assert old.end_on == D(2024, 5, 31)
    assert [d.person for d in Designation.objects.filter(in_force(D(2024, 6, 1)))] == [second]
    assert AuditEvent.objects.filter(verb="governance.designated").count() == 1


def test_a_designation_starting_the_same_day_as_the_current_one_is_refused(office, member):
    gt.make_representative(member, D(2024, 6, 1))

    with pytest.raises(Conflict) as err:
        services.designate(member, gt.make_person(), D(2024, 6, 1), actor=office)

    assert err.value.code == "designation_overlaps"
    assert Designation.objects.count() == 1


def test_a_designation_starting_before_a_later_one_is_refused(office, member):
    gt.make_representative(member, D(2025, 1, 1))

    with pytest.raises(Conflict) as err:
        services.designate(member, gt.make_person(), D(2024, 6, 1), actor=office)

    assert err.value.code == "designation_overlaps"
    assert Designation.objects.count() == 1


def test_only_the_office_designates(member):
    with pytest.raises(Forbidden):
        services.designate(member, gt.make_person(), D(2024, 6, 1), actor=gt.make_user())
    assert not Designation.objects.exists()


@pytest.fixture
def bruino_before_elections(member):
    """Bruino's mayor since 2019, designated to the Assembly and sitting on the board until 2026."""
    _board, seat = gt.make_board(5)
    mayor = gt.make_mayor(member, start_on=D(2019, 6, 1))
    gt.make_mandate(seat, mayor, member, D(2023, 3, 1), D(2026, 2, 28), end_from_term=True)
    return mayor, seat


def test_mayor_change_impact_lists_the_outgoing_mayor_designation_and_seats(member, bruino_before_elections):
    mayor, seat = bruino_before_elections

    impact = queries.mayor_change_impact(member, D(2024, 6, 10))

    assert impact.outgoing is not None
    assert impact.outgoing.person == mayor
    assert [d.person for d in impact.designations] == [mayor]
    assert [(m.person, m.position) for m in impact.mandates] == [(mayor, seat)]


def test_mayor_change_impact_is_empty_without_a_mayor(member):
    impact = queries.mayor_change_impact(member, D(2024, 6, 10))

    assert impact.outgoing is None
    assert impact.designations == []
    assert impact.mandates == []


def test_changing_the_mayor_moves_the_designation_and_ends_the_seats(office, member, bruino_before_elections):
    mayor, seat = bruino_before_elections
    new = gt.make_person("Nuovo Sindaco", login=True)

    change = services.change_mayor(member, new, D(2024, 6, 10), actor=office)

    assert (change.designations_replaced, change.mandates_ended, change.mandates_carried_over) == (1, 1, 0)
    old_office = Office.objects.get(person=mayor)
    assert old_office.end_on == D(2024, 6, 9)
    assert queries.mayor_on(member, D(2024, 6, 10)).person == new
    designations = Designation.objects.filter(authority=member).order_by("start_on")
    assert [(d.person, d.start_on, d.end_on) for d in designations] == [
        (mayor, D(2019, 6, 1), D(2024, 6, 9)),
        (new, D(2024, 6, 10), None),
    ]
    ended = Mandate.objects.get(person=mayor)
    assert (ended.end_on, ended.ended) == (D(2024, 6, 9), Mandate.Ended.LOST_OFFICE)
    assert not Mandate.objects.filter(person=new).exists()
    assert AuditEvent.objects.filter(verb="governance.mayor_changed").count() == 1


def test_changing_the_mayor_with_carry_over_hands_the_seats_until_the_old_end(
    office, member, bruino_before_elections
):
    mayor, seat = bruino_before_elections
    new = gt.make_person("Nuovo Sindaco", login=True)

    change = services.change_mayor(member, new, D(2024, 6, 10), actor=office, carry_over_seats=True)

    assert change.mandates_carried_over == 1
    carried = Mandate.objects.get(person=new)
    assert (carried.position, carried.authority) == (seat, member)
    assert (carried.start_on, carried.end_on) == (D(2024, 6, 10), D(2026, 2, 28))
    day = D(2025, 1, 1)
    holders = [m.person for m in queries.composition(seat.body, day).positions[0].mandates]
    assert holders == [new]


def test_a_delegate_designation_stays_when_the_mayor_changes(office, member):
    mayor = gt.make_mayor(member, start_on=D(2019, 6, 1), designate=False)
    delegate = gt.make_person("Delegato")
    gt.make_designation(member, delegate, D(2020, 1, 1), basis=Designation.Basis.DELEGATE)

    change = services.change_mayor(member, gt.make_person(), D(2024, 6, 10), actor=office)

    assert change.designations_replaced == 0
    assert Designation.objects.get().end_on is None
    assert Office.objects.get(person=mayor).end_on == D(2024, 6, 9)


def test_the_same_mayor_cannot_succeed_themselves(office, member, bruino_before_elections):
    mayor, _seat = bruino_before_elections

    with pytest.raises(Conflict) as err:
        services.change_mayor(member, mayor, D(2024, 6, 10), actor=office)

    assert err.value.code == "same_mayor"
    assert Office.objects.get().end_on is None


def test_a_failure_during_the_mayor_change_writes_nothing(office, member, bruino_before_elections):
    new = gt.make_person("Nuovo Sindaco")
    before = (
        list(Office.objects.values_list("pk", "end_on")),
        list(Designation.objects.values_list("pk", "end_on")),
        list(Mandate.objects.values_list("pk", "end_on", "ended")),
    )

    with (
        mock.patch.object(audit, "record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.change_mayor(member, new, D(2024, 6, 10), actor=office, carry_over_seats=True)

    after = (
        list(Office.objects.values_list("pk", "end_on")),
        list(Designation.objects.values_list("pk", "end_on")),
        list(Mandate.objects.values_list("pk", "end_on", "ended")),
    )
    assert after == before
    assert not AuditEvent.objects.exists()


def test_a_failure_while_creating_the_new_designation_writes_nothing(office, member, bruino_before_elections):
    new = gt.make_person("Nuovo Sindaco")
    with (
        mock.patch.object(Designation.objects, "create", side_effect=RuntimeError("crash")),
        pytest.raises(RuntimeError),
    ):
        services.change_mayor(member, new, D(2024, 6, 10), actor=office)

    assert Office.objects.count() == 1
    assert Office.objects.get().end_on is None
    assert Designation.objects.get().end_on is None
    assert Mandate.objects.get().ended == ""


def test_a_new_mayor_cannot_start_before_the_outgoing_one_took_office(
    office, member, bruino_before_elections
):
    with pytest.raises(Conflict) as err:
        services.change_mayor(member, gt.make_person(), D(2019, 6, 1), actor=office)

    assert err.value.code == "mayor_change_too_early"
    assert Office.objects.count() == 1
    assert Office.objects.get().end_on is None
    assert Designation.objects.get().end_on is None
