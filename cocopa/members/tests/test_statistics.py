"""Members and statistics at a date, across joining, leaving and rejoining."""

import datetime as dt
from decimal import Decimal

import pytest

from cocopa.members import queries
from cocopa.members.models import LocalAuthority, PopulationFigure
from cocopa.testing import make_authority, make_membership, make_size_classes

D = dt.date
pytestmark = pytest.mark.django_db


def names_at(day):
    return list(queries.members_at(day).values_list("name", flat=True))


def test_a_member_counts_from_its_first_day_to_its_last_day_inclusive():
    make_authority("Rivoli", 48_632, joined=D(1995, 10, 4), left=D(2020, 12, 31))
    assert names_at(D(1995, 10, 3)) == []
    assert names_at(D(1995, 10, 4)) == ["Rivoli"]
    assert names_at(D(2020, 12, 31)) == ["Rivoli"]
    assert names_at(D(2021, 1, 1)) == []


def test_a_member_that_rejoins_counts_again_and_keeps_its_first_joining_date():
    rivoli = make_authority("Rivoli", 48_632, joined=D(1995, 10, 4), left=D(2020, 12, 31))
    make_membership(rivoli, D(2024, 1, 1))
    assert names_at(D(2022, 6, 1)) == []
    row = queries.members_at(D(2025, 1, 1)).get()
    assert (row.name, row.member_since, row.current_start) == ("Rivoli", D(1995, 10, 4), D(2024, 1, 1))
    assert queries.statistics(D(2022, 6, 1)).members == 0
    assert queries.statistics(D(2025, 1, 1)).members == 1


def test_statistics_use_the_latest_figure_on_or_before_the_day():
    town = make_authority("Collegno", 47_000, population_on=D(2001, 10, 21), joined=D(1997, 1, 1))
    PopulationFigure.objects.create(authority=town, value=49_083, reference_date=D(2011, 10, 9))
    assert queries.statistics(D(2005, 1, 1)).population_represented == 47_000
    assert queries.statistics(D(2011, 10, 9)).population_represented == 49_083
    assert queries.statistics(D(2020, 1, 1)).population_represented == 49_083


def test_the_preferred_figure_wins_when_two_share_a_date():
    town = make_authority("Torino", None, joined=D(1996, 3, 25))
    PopulationFigure.objects.create(authority=town, value=869_312, reference_date=D(2011, 10, 9))
    PopulationFigure.objects.create(
        authority=town, value=872_367, reference_date=D(2011, 10, 9), preferred=True
    )
    PopulationFigure.objects.create(authority=town, value=860_000, reference_date=D(2011, 10, 9))
    assert queries.statistics(D(2012, 1, 1)).population_represented == 872_367


def test_uncertain_and_undated_figures_stay_out_of_the_totals():
    town = make_authority("Torino", 872_367, joined=D(1996, 3, 25))
    PopulationFigure.objects.create(
        authority=town, value=875_698, reference_date=D(2020, 1, 1), uncertain=True
    )
    PopulationFigure.objects.create(
        authority=town, value=907_563, reference_date=None, reference_text="undated"
    )
    assert queries.statistics(D(2024, 1, 1)).population_represented == 872_367


def test_a_later_figure_stands_in_when_none_is_old_enough_and_is_counted_as_such():
    make_authority("Rivoli", 48_632, population_on=D(2011, 10, 9), joined=D(1995, 10, 4))
    stats = queries.statistics(D(1997, 2, 17))
    assert (stats.population_represented, stats.figures_after_date) == (48_632, 1)
    row = queries.members_at(D(1997, 2, 17)).get()
    assert row.population_on == D(2011, 10, 9)
    assert row.population_before is None


def test_a_member_without_any_usable_figure_is_counted_as_unknown():
    make_authority("Traves", None, joined=D(2011, 1, 1))
    stats = queries.statistics(D(2012, 1, 1))
    assert (stats.members, stats.population_represented, stats.population_unknown) == (1, 0, 1)


def test_classes_count_members_with_their_smallest_and_largest():
    make_size_classes()
    for name, population in [("A", 29_999), ("B", 30_000), ("C", 55_875), ("D", 10_000), ("E", 553)]:
        make_authority(name, population, joined=D(2000, 1, 1))
    stats = queries.statistics(D(2020, 1, 1))
    figures = {c.key: (c.members, c.smallest, c.largest, c.population) for c in stats.classes}
    assert figures == {
        "large": (2, 30_000, 55_875, 85_875),
        "medium": (2, 10_000, 29_999, 39_999),
        "medium_small": (0, None, None, 0),
        "small": (1, 553, 553, 553),
    }
    assert [c.name for c in stats.classes] == ["grandi", "medi", "medio-piccoli", "piccoli"]


def test_the_province_is_not_counted_twice_and_the_share_is_of_the_territory():
    province = make_authority(
        "Città metropolitana di Torino",
        2_247_780,
        kind=LocalAuthority.Kind.PROVINCE,
        province_code="001",
        joined=D(2015, 1, 1),
    )
    capital = make_authority(
        "Torino", 872_367, province_code="001", istat_code="001272", joined=D(1996, 3, 25)
    )
    make_authority("Rivoli", 48_632, province_code="001", istat_code="001219", joined=D(1995, 10, 4))
    make_authority("Elsewhere", 10_000, province_code="002", istat_code="002001", joined=D(2000, 1, 1))
    stats = queries.statistics(D(2020, 1, 1), capital_id=capital.pk, territory=province)
    assert stats.by_kind == {"municipality": 3, "province": 1}
    assert stats.members == 4
    assert stats.population_represented == 872_367 + 48_632
    assert stats.territory_population == 2_247_780
    assert stats.territory_share == Decimal("41.0")
    assert stats.classes[0].key == "capital"
    assert stats.classes[0].members == 1


def test_a_network_without_a_territory_represents_all_its_municipalities():
    make_authority("Hiroshima", 1_200_000, province_code="900", joined=D(1982, 1, 1))
    make_authority("Nagasaki", 400_000, province_code="901", joined=D(1982, 1, 1))
    stats = queries.statistics(D(2020, 1, 1))
    assert (stats.population_represented, stats.territory_share) == (1_600_000, None)


def test_kind_and_class_filters():
    make_size_classes()
    make_authority("Big", 40_000, joined=D(2000, 1, 1))
    make_authority("Small", 400, joined=D(2000, 1, 1))
    make_authority("Provincia", 2_000_000, kind=LocalAuthority.Kind.PROVINCE, joined=D(2000, 1, 1))
    assert list(queries.members_at(D(2020, 1, 1), size_class="small").values_list("name", flat=True)) == [
        "Small"
    ]
    assert list(queries.members_at(D(2020, 1, 1), kind="province").values_list("name", flat=True)) == [
        "Provincia"
    ]
