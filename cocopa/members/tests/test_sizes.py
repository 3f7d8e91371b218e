"""Size classes: exact boundaries, one class per population, the SQL mirror agrees with the pure rule."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cocopa.members import queries, sizes
from cocopa.members.models import LocalAuthority, SizeClass
from cocopa.testing import make_authority, make_size_classes

BANDS = sizes.checked(sizes.DEFAULT_BANDS)


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (0, "small"),
        (4_999, "small"),
        (5_000, "medium_small"),
        (9_999, "medium_small"),
        (10_000, "medium"),
        (29_999, "medium"),
        (30_000, "large"),
        (55_875, "large"),
        (907_563, "large"),
    ],
)
def test_the_brochure_boundaries_are_exact(population, expected):
    assert sizes.classify(population, BANDS) == expected


def test_upper_bounds_are_one_below_the_next_class():
    bounds = {b.key: sizes.upper_bound(b, BANDS) for b in BANDS}
    assert bounds == {"large": None, "medium": 29_999, "medium_small": 9_999, "small": 4_999}


@given(st.integers(min_value=0, max_value=10_000_000))
def test_every_population_falls_into_exactly_one_class(population):
    inside = [
        b.key
        for b in BANDS
        if b.lower_bound <= population
        and (sizes.upper_bound(b, BANDS) is None or population <= sizes.upper_bound(b, BANDS))
    ]
    assert inside == [sizes.classify(population, BANDS)]


@given(st.integers(min_value=0, max_value=2_000_000), st.integers(min_value=0, max_value=2_000_000))
def test_a_larger_town_is_never_in_a_smaller_class(a, b):
    rank = {band.key: i for i, band in enumerate(reversed(BANDS))}
    small, large = sorted((a, b))
    assert rank[sizes.classify(small, BANDS)] <= rank[sizes.classify(large, BANDS)]


@given(st.lists(st.integers(min_value=1, max_value=1_000_000), unique=True, max_size=6))
def test_any_set_of_bounds_with_a_zero_class_classifies_everyone(bounds):
    bands = sizes.checked([sizes.Band(f"c{b}", b) for b in bounds] + [sizes.Band("c0", 0)])
    for population in [0, *bounds, *(b - 1 for b in bounds)]:
        assert sizes.classify(population, bands).startswith("c")


def test_classes_without_a_zero_class_are_refused():
    with pytest.raises(ValueError, match="start at 0"):
        sizes.checked([sizes.Band("large", 30_000)])


def test_two_classes_with_the_same_bound_are_refused():
    with pytest.raises(ValueError, match="same population"):
        sizes.checked([sizes.Band("a", 0), sizes.Band("b", 0)])


def test_capital_is_not_a_class_key():
    with pytest.raises(ValueError, match="capital"):
        sizes.checked([sizes.Band("capital", 0)])


def test_a_negative_population_is_refused():
    with pytest.raises(ValueError, match="negative"):
        sizes.classify(-1, BANDS)


@pytest.mark.django_db
def test_staff_cannot_save_classes_that_leave_a_gap():
    make_size_classes()
    small = SizeClass.objects.get(key="small")
    small.lower_bound = 100
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        small.full_clean()


@pytest.mark.django_db
def test_classes_edited_by_staff_are_used():
    make_size_classes()
    SizeClass.objects.filter(key="large").update(lower_bound=40_000)
    town = make_authority("Città", 35_000, joined=dt.date(2000, 1, 1))
    assert queries.members_at(dt.date(2020, 1, 1)).get(pk=town.pk).size_class == "medium"


class TestTheDatabaseAgreesWithThePureRule(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=12))
    def test_sql_classification_matches_classify(self, populations):
        for i, population in enumerate(populations):
            make_authority(f"Comune {i}", population, joined=dt.date(2000, 1, 1))
        rows = queries.members_at(dt.date(2020, 1, 1)).values_list("population", "size_class")
        assert sorted(rows) == sorted((p, sizes.classify(p, BANDS)) for p in populations)

    def test_the_capital_is_shown_apart_and_provinces_have_no_class(self):
        capital = make_authority("Torino", 872_367, joined=dt.date(2000, 1, 1))
        make_authority("Provincia", 2_247_780, kind=LocalAuthority.Kind.PROVINCE, joined=dt.date(2000, 1, 1))
        rows = dict(
            queries.members_at(dt.date(2020, 1, 1), capital_id=capital.pk).values_list("name", "size_class")
        )
        assert rows == {"Torino": sizes.CAPITAL, "Provincia": ""}
