"""The register's pure rules and the country timeline's merge, on plain values."""

import datetime as dt
from decimal import Decimal

import pytest

from cocopa.diplomacy import rules, timeline


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("", False, (None, "day")),
        ("2017", False, (dt.date(2017, 1, 1), "year")),
        ("2020", True, (dt.date(2020, 12, 31), "year")),
        ("2018-03", False, (dt.date(2018, 3, 1), "month")),
        ("2018-02", True, (dt.date(2018, 2, 28), "month")),
        ("2025-10-28", False, (dt.date(2025, 10, 28), "day")),
    ],
)
def test_a_partial_date_is_read_at_its_precision(text, end, expected):
    assert rules.partial_date(text, end=end) == expected


@pytest.mark.parametrize("text", ["28/10/2025", "2025-13", "soon", "20255"])
def test_anything_but_a_partial_iso_date_is_refused(text):
    with pytest.raises(ValueError, match=r"date|month"):
        rules.partial_date(text)


def test_a_period_may_lack_a_bound_but_never_end_before_it_starts():
    day = dt.date(2017, 7, 1)
    assert rules.period_in_order(None, day)
    assert rules.period_in_order(day, None)
    assert rules.period_in_order(day, day)
    assert not rules.period_in_order(day, day - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("item", "amount", "currency", "problem"),
    [
        ("Volo", Decimal("850.00"), "EUR", ""),
        ("Volo", Decimal("0"), "XOF", ""),
        (" ", Decimal("1"), "EUR", "item"),
        ("Volo", None, "EUR", "amount"),
        ("Volo", Decimal("-1"), "EUR", "amount"),
        ("Volo", Decimal("1"), "euro", "currency"),
        ("Volo", Decimal("1"), "eur", "currency"),
    ],
)
def test_a_cost_line_names_an_item_an_amount_and_a_currency(item, amount, currency, problem):
    assert rules.cost_problem(item, amount, currency) == problem


def test_a_name_is_shown_only_beside_a_public_office():
    assert rules.shown_name("Basile Boureima Ouedraogo", "Sindaco di Ouahigouya", True) == (
        "Basile Boureima Ouedraogo, Sindaco di Ouahigouya"
    )
    assert rules.shown_name("Maria Rossi", "Interprete", False) == "Interprete"
    assert rules.shown_name("", "Sindaco di Rivoli", True) == "Sindaco di Rivoli"


def test_the_timeline_slots_dated_things_between_the_initiatives_in_their_order():
    d = dt.date
    initiatives = [(d(2002, 1, 1), "I2002"), (d(2017, 1, 1), "I2017"), (None, "Iundated")]
    others = [
        (d(2017, 7, 1), "M2017-07"),
        (None, "Aundated"),
        (d(2014, 6, 23), "M2014"),
        (d(2017, 1, 1), "A2017"),
        (d(2030, 1, 1), "M2030"),
    ]
    assert timeline.merge(initiatives, others) == [
        "I2002",
        "M2014",
        "I2017",  # same day: the initiative first
        "A2017",
        "M2017-07",
        "M2030",  # the dated rest before cooperation's undated initiatives
        "Iundated",
        "Aundated",
    ]


def test_a_timeline_without_initiatives_is_the_others_by_date():
    d = dt.date
    assert timeline.merge([], [(d(2020, 1, 1), "b"), (d(2010, 1, 1), "a"), (None, "c")]) == ["a", "b", "c"]
