"""The population figure each assessment used, shown with its date and source, and a warning when
it is older than the schedule's reference date (issue 12, point 3: fees used the 2011 census for
"population at 31 December 2025" and nothing said so)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cocopa.core.models import Source
from cocopa.fees import rules, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment
from cocopa.governance import testing as gt
from cocopa.members.models import PopulationFigure

D = Decimal
CENSUS_2011 = dt.date(2011, 10, 9)
END_2025 = dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("figure_on", "age"),
    [
        (CENSUS_2011, rules.FigureAge.OLDER),
        (END_2025, rules.FigureAge.ON_DATE),
        (dt.date(2026, 1, 1), rules.FigureAge.LATER),
        (None, rules.FigureAge.UNDATED),
    ],
)
def test_a_figure_is_older_later_or_on_the_date_asked_for(figure_on, age):
    assert rules.figure_age(figure_on, END_2025) == age


@pytest.fixture
def census_member(db):
    """A member whose only figure is the 2011 census, from a source."""
    member = gt.make_member("Beinasco", 18_000)
    source = Source.objects.create(code="S45", title="ISTAT legal population 2011")
    member.population_figures.update(source=source, basis="ISTAT legal population, 2011 census")
    return member


@pytest.mark.django_db
def test_an_assessment_keeps_the_value_date_and_source_of_its_figure(census_member):
    ft.make_schedule(2026)
    services.assess_fees(2026, actor=None)

    fee = Assessment.objects.get()
    assert (fee.population, fee.population_on, fee.population_source.code) == (18_000, CENSUS_2011, "S45")
    assert fee.population_reference == END_2025
    assert (fee.figure_age, fee.population_outdated) == (rules.FigureAge.OLDER, True)


@pytest.mark.django_db
def test_the_source_stays_with_the_fee_when_the_figure_is_removed(census_member):
    ft.make_schedule(2026)
    services.assess_fees(2026, actor=None)
    PopulationFigure.objects.all().delete()

    fee = Assessment.objects.get()
    assert (fee.population_figure, fee.population_on, fee.population_source.code) == (
        None,
        CENSUS_2011,
        "S45",
    )


@pytest.mark.django_db
def test_a_figure_on_the_reference_date_raises_no_warning(census_member):
    PopulationFigure.objects.create(authority=census_member, value=17_500, reference_date=END_2025)
    ft.make_schedule(2026)
    services.assess_fees(2026, actor=None)
    fee = Assessment.objects.get()
    assert (fee.population, fee.population_outdated) == (17_500, False)


@pytest.mark.django_db
def test_the_year_page_warns_before_and_after_issuing(client, census_member, administrative_office_user):
    gt.make_member("Rivoli", 47_000, joined=dt.date(2000, 1, 1)).population_figures.update(
        reference_date=END_2025
    )
    ft.make_schedule(2026)
    client.force_login(administrative_office_user)

    before = client.get(reverse("fees:overview"), {"year": 2026}).text
    services.assess_fees(2026, actor=administrative_office_user)
    after = client.get(reverse("fees:overview"), {"year": 2026}).text

    for html in (before, after):
        assert 'id="population-warning"' in html
        assert 'data-outdated="1" data-total="2"' in html
    fee = Assessment.objects.get(authority=census_member)
    row = after.split(f'data-assessment="{fee.code}"')[1].split("</tr>")[0]
    assert 'data-warning="population-outdated"' in row
    assert "S45" in row
    assert "09/10/2011" in row


@pytest.mark.django_db
def test_the_year_page_has_no_warning_when_every_figure_is_current(client, administrative_office_user):
    gt.make_member("Rivoli", 47_000).population_figures.update(reference_date=END_2025)
    ft.make_schedule(2026)
    client.force_login(administrative_office_user)
    services.assess_fees(2026, actor=administrative_office_user)
    assert 'id="population-warning"' not in client.get(reverse("fees:overview"), {"year": 2026}).text


@pytest.mark.django_db
def test_a_representative_sees_the_figure_and_the_warning_on_their_page(client, census_member):
    rep = gt.make_representative(census_member).user
    ft.make_schedule(2026)
    services.assess_fees(2026, actor=None)
    client.force_login(rep)

    html = client.get(reverse("fees:mine")).text

    row = html.split(f'data-assessment="{Assessment.objects.get().code}"')[1].split("</tr>")[0]
    assert "18000" in row or "18.000" in row
    assert "S45" in row
    assert 'data-warning="population-outdated"' in row


@pytest.mark.django_db
def test_a_fixed_amount_base_shows_no_population(client, census_member, administrative_office_user):
    services.set_fee_base(
        census_member, actor=administrative_office_user, valid_from=2026, amount=D("100"), reason="x"
    )
    ft.make_schedule(2026)
    services.assess_fees(2026, actor=None)
    client.force_login(administrative_office_user)

    html = client.get(reverse("fees:overview"), {"year": 2026}).text

    assert 'data-fee-base="amount"' in html
    assert 'id="population-warning"' not in html


@pytest.mark.django_db
def test_the_api_gives_the_population_used_and_whether_it_is_outdated(client, census_member):
    ft.make_schedule(2026)
    services.assess_fees(2026, actor=None)
    client.force_login(ft.make_finance_user())

    [row] = client.get("/api/v1/fees/assessments", {"year": 2026}).json()["items"]

    assert (row["population"], row["population_on"], row["population_source"]) == (
        18_000,
        "2011-10-09",
        "S45",
    )
    assert (row["population_reference"], row["population_outdated"], row["fee_base"]) == (
        "2025-12-31",
        True,
        None,
    )
