"""Totals: pure sums and bar widths (plain values), and the aggregating queries (query counts)."""

from decimal import Decimal

import pytest

from cocopa.education import queries, totals
from cocopa.education.models import Activity
from cocopa.education.testing import make_activity, make_programme, make_school_member, make_topic
from cocopa.education.totals import Line, Reach


def test_reaches_add_up_field_by_field():
    total = totals.grand_total(
        [
            Line(2023, "2023/24", Reach(1, 2, 40, 3, Decimal("10.5"))),
            Line(2024, "2024/25", Reach(2, 3, 60, 4, Decimal(2))),
        ]
    )
    assert total == Reach(3, 5, 100, 7, Decimal("12.5"))
    assert totals.grand_total([]) == Reach()


def test_bars_are_in_percent_of_the_largest_and_a_small_one_still_shows():
    lines = [
        Line(1, "a", Reach(pupils=200)),
        Line(2, "b", Reach(pupils=50)),
        Line(3, "c", Reach(pupils=1)),
        Line(4, "d", Reach()),
    ]
    assert [w for _l, w in totals.bar_widths(lines)] == [100, 25, 1, 0]
    assert totals.bar_widths([Line(1, "a", Reach())]) == [(Line(1, "a", Reach()), 0)]


@pytest.mark.django_db
def test_totals_per_school_year_member_and_topic(django_assert_num_queries):
    programme = make_programme()
    justice, environment = make_topic(), make_topic("environment", "ambiente", "environment")
    rivoli, bruino = make_school_member("Rivoli"), make_school_member("Bruino")
    make_activity(
        programme,
        rivoli,
        school_year=2023,
        pupils=40,
        classes=2,
        teachers=2,
        hours=Decimal(6),
        topics=[justice],
    )
    make_activity(
        programme, rivoli, school_year=2024, pupils=25, classes=1, teachers=1, topics=[justice, environment]
    )
    make_activity(
        programme, bruino, school_year=2024, pupils=30, classes=1, teachers=3, level=Activity.Level.INFANZIA
    )

    with django_assert_num_queries(1):
        by_year = queries.by_school_year()
    assert [(line.label, line.reach.pupils, line.reach.activities) for line in by_year] == [
        ("2023/24", 40, 1),
        ("2024/25", 55, 2),
    ]
    assert by_year[0].reach.hours == Decimal(6)

    with django_assert_num_queries(2):  # the sums, then the members' slugs
        by_member = queries.by_member()
    assert [(line.label, line.key, line.reach.pupils) for line in by_member] == [
        ("Bruino", bruino.slug, 30),
        ("Rivoli", rivoli.slug, 65),
    ]

    with django_assert_num_queries(2):  # the sums, then the topics' names
        by_topic = queries.by_topic()
    # An activity on two topics counts under each; the one without topics under none. Topics of
    # one order come by key.
    assert [(line.key, line.reach.activities, line.reach.pupils) for line in by_topic] == [
        ("environment", 1, 25),
        ("justice", 2, 65),
    ]


@pytest.mark.django_db
def test_totals_of_one_member_leave_the_others_out():
    programme = make_programme()
    rivoli, bruino = make_school_member("Rivoli"), make_school_member("Bruino")
    make_activity(programme, rivoli, pupils=40)
    make_activity(programme, bruino, pupils=30)
    assert [line.reach.pupils for line in queries.by_school_year(queries.of_member(rivoli))] == [40]
    assert queries.by_school_year(Activity.objects.none()) == []
