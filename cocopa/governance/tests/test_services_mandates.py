import datetime as dt

import pytest

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import queries, services, terms
from cocopa.governance import testing as gt
from cocopa.governance.models import Mandate

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def board():
    return gt.make_board(2, term_years=3)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2024, 2, 29), D(2027, 2, 28)),
        (D(2023, 3, 1), D(2026, 2, 28)),
        (D(2024, 12, 10), D(2027, 12, 9)),
    ],
)
def test_appointing_computes_the_end_from_the_body_term(office, board, start, end):
    _body, seat = board
    member = gt.make_member()

    mandate = services.appoint(
        seat, start, actor=office, began=Mandate.Began.ELECTION, person=gt.make_person(), authority=member
    )

    assert mandate.end_on == end == terms.term_end(start, 3)
    assert mandate.end_from_term
    assert AuditEvent.objects.filter(verb="governance.mandate_started").count() == 1


def test_an_end_given_is_kept(office, board):
    _body, seat = board

    mandate = services.appoint(
        seat,
        D(2024, 1, 1),
        actor=office,
        began=Mandate.Began.CO_OPTION,
        person=gt.make_person(),
        end_on=D(2024, 6, 30),
    )

    assert mandate.end_on == D(2024, 6, 30)
    assert not mandate.end_from_term


def test_a_body_without_term_gives_open_mandates(office):
    _body, _president, vice = gt.make_presidency()

    mandate = services.appoint(
        vice, D(2024, 1, 1), actor=office, began=Mandate.Began.ELECTION, person=gt.make_person()
    )

    assert mandate.end_on is None


def test_a_mandate_needs_a_holder(office, board):
    with pytest.raises(DomainError) as err:
        services.appoint(board[1], D(2024, 1, 1), actor=office, began=Mandate.Began.ELECTION)
    assert err.value.code == "holder_missing"


def test_an_end_before_the_start_is_refused(office, board):
    with pytest.raises(DomainError) as err:
        services.appoint(
            board[1],
            D(2024, 1, 1),
            actor=office,
            began=Mandate.Began.ELECTION,
            person=gt.make_person(),
            end_on=D(2023, 1, 1),
        )
    assert err.value.code == "end_before_start"


def test_a_full_position_refuses_another_mandate(office, board):
    _body, seat = board
    for _ in range(2):
        services.appoint(
            seat, D(2024, 1, 1), actor=office, began=Mandate.Began.ELECTION, person=gt.make_person()
        )

    with pytest.raises(Conflict) as err:
        services.appoint(
            seat, D(2025, 1, 1), actor=office, began=Mandate.Began.ELECTION, person=gt.make_person()
        )

    assert err.value.code == "no_vacancy"
    assert Mandate.objects.count() == 2


def test_a_seat_taken_later_in_the_term_is_no_vacancy(office):
    _body, president, _vice = gt.make_presidency(term_years=3)
    gt.make_mandate(president, gt.make_person(), None, D(2025, 1, 1))

    with pytest.raises(Conflict) as err:
        services.appoint(
            president, D(2024, 1, 1), actor=office, began=Mandate.Began.ELECTION, person=gt.make_person()
        )

    assert err.value.code == "no_vacancy"


def test_a_seat_freed_before_the_start_can_be_filled(office):
    _body, president, _vice = gt.make_presidency()
    gt.make_mandate(president, gt.make_person(), None, D(2020, 1, 1), D(2023, 12, 31))

    services.appoint(
        president, D(2024, 1, 1), actor=office, began=Mandate.Began.ELECTION, person=gt.make_person()
    )

    assert Mandate.objects.count() == 2


def test_only_the_office_appoints(board):
    with pytest.raises(Forbidden):
        services.appoint(
            board[1],
            D(2024, 1, 1),
            actor=gt.make_user(),
            began=Mandate.Began.ELECTION,
            person=gt.make_person(),
        )
    assert not Mandate.objects.exists()


def test_composition_at_several_dates_shows_holders_and_vacancies(board):
    body, seat = board
    anna, bruno, carla = (gt.make_person(n) for n in ("Anna", "Bruno", "Carla"))
    gt.make_mandate(seat, anna, None, D(2021, 3, 1), D(2024, 2, 28))
    gt.make_mandate(seat, bruno, None, D(2022, 1, 1), D(2022, 12, 31))
    gt.make_mandate(seat, carla, None, D(2024, 3, 1), D(2027, 2, 28))

    def holders(day):
        [position] = queries.composition(body, day).positions
        return [m.person.name for m in position.mandates], position.vacancies

    assert holders(D(2021, 1, 1)) == ([], 2)
    assert holders(D(2021, 3, 1)) == (["Anna"], 1)
    assert holders(D(2022, 6, 1)) == (["Anna", "Bruno"], 0)
    assert holders(D(2024, 2, 28)) == (["Anna"], 1)
    assert holders(D(2024, 2, 29)) == ([], 2)
    assert holders(D(2024, 3, 1)) == (["Carla"], 1)
    assert holders(D(2027, 3, 1)) == ([], 2)
    assert queries.composition(body, D(2024, 2, 29)).vacancies == 2


def test_a_seat_list_shows_empty_seats_as_vacant(board):
    body, seat = board
    gt.make_mandate(seat, gt.make_person(), None, D(2024, 1, 1))

    [position] = queries.composition(body, D(2024, 6, 1)).positions

    assert [s.mandate is None for s in position.seats] == [False, True]


def test_positions_without_fixed_seats_have_no_vacancies():
    body = gt.make_body(term_years=None)
    position = gt.make_position(body, "staff", None)
    gt.make_mandate(position, gt.make_person(), None, D(2024, 1, 1))

    [row] = queries.composition(body, D(2024, 6, 1)).positions

    assert row.vacancies is None
    assert len(row.mandates) == 1


def test_undated_mandates_are_in_no_composition():
    body = gt.make_body("administrative_office")
    host = gt.make_position(body, "host", 1, holder="authority")
    gt.make_mandate(host, None, gt.make_member(), None, began=Mandate.Began.ATTESTED)

    for day in (D(1990, 1, 1), D(2015, 6, 1), D(2025, 6, 1), D(2099, 1, 1)):
        [row] = queries.composition(body, day).positions
        assert row.mandates == []
        assert row.vacancies == 1


def test_the_assembly_composition_lists_every_member_in_good_standing_with_its_representative():
    assembly = gt.make_assembly()
    represented = gt.make_member("A")
    person = gt.make_representative(represented, D(2020, 1, 1))
    gt.make_member("B")
    gt.make_member("Left", joined=D(2000, 1, 1)).memberships.update(end_on=D(2010, 1, 1), end_basis="left")

    composition = queries.composition(assembly, D(2024, 1, 1))

    assert [(a.name, d.person if d else None) for a, d in composition.assembly] == [
        ("A", person),
        ("B", None),
    ]
    assert composition.vacancies == 1


def test_ending_a_mandate(office, board):
    _body, seat = board
    mandate = services.appoint(
        seat, D(2024, 3, 1), actor=office, began=Mandate.Began.ELECTION, person=gt.make_person()
    )

    services.end_mandate(mandate, D(2025, 1, 31), Mandate.Ended.RESIGNED, actor=office)

    mandate.refresh_from_db()
    assert (mandate.end_on, mandate.ended, mandate.end_from_term) == (D(2025, 1, 31), "resigned", False)
    assert AuditEvent.objects.filter(verb="governance.mandate_ended").count() == 1
    [position] = queries.composition(seat.body, D(2025, 2, 1)).positions
    assert position.mandates == []


def test_a_mandate_cannot_end_before_it_starts(office, board):
    mandate = gt.make_mandate(board[1], gt.make_person(), None, D(2024, 3, 1))

    with pytest.raises(DomainError) as err:
        services.end_mandate(mandate, D(2024, 2, 1), Mandate.Ended.RESIGNED, actor=office)

    assert err.value.code == "end_before_start"
    mandate.refresh_from_db()
    assert mandate.end_on is None


def test_an_unknown_ending_is_refused(office, board):
    mandate = gt.make_mandate(board[1], gt.make_person(), None, D(2024, 3, 1))

    with pytest.raises(DomainError) as err:
        services.end_mandate(mandate, D(2024, 5, 1), "vanished", actor=office)

    assert err.value.code == "invalid_ending"
