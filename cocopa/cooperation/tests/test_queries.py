"""Reads of the cooperation registry: filters, the overview, and query counts that do not grow."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cocopa.cooperation import queries
from cocopa.cooperation.models import (
    DateClaim,
    Initiative,
    InitiativeKind,
    Organisation,
    Participation,
    Place,
    PortfolioClaim,
    RecipientCountry,
)
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction, FieldOfIntervention
from cocopa.testing import make_authority, make_source

MEMBER = "001999"


def make_portfolio(n: int) -> None:
    """n initiatives in two countries, each with two places, two partners (one a member), a field
    of action, a field of intervention and a date claim, written in bulk."""
    kind = InitiativeKind.objects.create(key="cooperation", name="cooperation project")
    action = FieldOfAction.objects.create(name="Decentralised cooperation")
    water = FieldOfIntervention.objects.create(name="Water")
    source = make_source("T1")
    member = Organisation.objects.create(
        name="Comune di Prova", authority=make_authority("Prova", 1000, istat_code=MEMBER)
    )
    partner = Organisation.objects.create(name="Partner", country="BF")
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            identifier=f"i-{k:04d}",
            title=f"Initiative {k}",
            kind=kind,
            status="2" if k % 2 else "4",
            actual_start=dt.date(2000 + k % 20, 1, 1),
            actual_end=dt.date(2001 + k % 20, 12, 31),
            start_on_index=dt.date(2000 + k % 20, 1, 1),
        )
        for k in range(n)
    )
    RecipientCountry.objects.bulk_create(
        RecipientCountry(initiative=i, code="BF" if k % 2 else "PS") for k, i in enumerate(initiatives)
    )
    Place.objects.bulk_create(
        Place(
            initiative=i, name=f"Place {j}", country="BF", latitude=Decimal("12.3"), longitude=Decimal("-1.5")
        )
        for i in initiatives
        for j in range(2)
    )
    Participation.objects.bulk_create(
        p
        for i in initiatives
        for p in (
            Participation(initiative=i, organisation=member, role="3", source=source),
            Participation(initiative=i, organisation=partner, role="4"),
        )
    )
    DateClaim.objects.bulk_create(
        DateClaim(initiative=i, which="period", text="x", source=source) for i in initiatives
    )
    Initiative.fields_of_action.through.objects.bulk_create(
        Initiative.fields_of_action.through(initiative_id=i.pk, fieldofaction_id=action.pk)
        for i in initiatives
    )
    Initiative.fields_of_intervention.through.objects.bulk_create(
        Initiative.fields_of_intervention.through(initiative_id=i.pk, fieldofintervention_id=water.pk)
        for i in initiatives
    )
    PortfolioClaim.objects.create(country="BF", initiatives=4, text="Burkina Faso (4)", source=source)


def _count(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def _page(path: str) -> Callable[[], object]:
    def run() -> object:
        response = Client().get(path)
        assert response.status_code == 200, path
        return response.content

    return run


def _listing() -> object:
    return [
        (
            i.kind.name,
            [c.code for c in i.countries.all()],
            [p.name for p in i.places.all()],
            [p.organisation.authority for p in i.participations.all()],
            [f.name for f in i.fields_of_action.all()],
            [f.name for f in i.fields_of_intervention.all()],
        )
        for i in queries.filtered_initiatives(queries.Filters(country="BF", year=2003))
    ]


def _urls() -> dict[str, str]:
    with translation.override("en"):
        return {
            "overview": reverse("cooperation:overview"),
            "country": reverse("cooperation:country", args=["BF"]),
            "map": reverse("cooperation:map") + f"?member={MEMBER}",
            "list": reverse("cooperation:initiative-list"),
            "list-filtered": reverse("cooperation:initiative-list")
            + f"?member={MEMBER}&country=BF&year=2003",
            "csv": reverse("cooperation:initiatives-csv") + "?status=2",
            "xlsx": reverse("cooperation:initiatives-xlsx"),
            "geojson": reverse("cooperation:places-geojson") + "?country=BF",
            "member": reverse("public:member", args=[MEMBER]),
            "api-list": "/api/v1/initiatives?page_size=500",
            "api-places": "/api/v1/places?year=2003",
        }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "what",
    [
        "listing",
        "overview",
        "country",
        "map",
        "list",
        "list-filtered",
        "csv",
        "xlsx",
        "geojson",
        "member",
        "api-list",
        "api-places",
    ],
)
def test_query_counts_do_not_grow_with_the_number_of_initiatives(what):
    def run() -> int:
        return _count(_listing if what == "listing" else _page(_urls()[what]))

    make_portfolio(5)
    small = run()
    Initiative.objects.all().delete()
    InitiativeKind.objects.all().delete()
    Organisation.objects.all().delete()
    PortfolioClaim.objects.all().delete()
    FieldOfAction.objects.all().delete()
    FieldOfIntervention.objects.all().delete()
    LocalAuthority.objects.all().delete()
    make_portfolio(100)
    large = run()

    assert large == small, f"{what}: {small} queries for 5 initiatives, {large} for 100"


@pytest.mark.django_db
def test_the_api_detail_and_the_initiative_page_take_a_fixed_number_of_queries():
    make_portfolio(3)
    few = _count(_page(reverse("cooperation:initiative", args=["i-0001"])))
    Participation.objects.bulk_create(
        Participation(initiative=Initiative.objects.get(identifier="i-0001"), organisation=o, role="1")
        for o in Organisation.objects.bulk_create(Organisation(name=f"Funder {k}") for k in range(20))
    )

    assert _count(_page(reverse("cooperation:initiative", args=["i-0001"]))) == few


@pytest.mark.django_db
def test_filters_combine():
    make_portfolio(10)

    assert queries.filtered_initiatives(queries.Filters(country="BF")).count() == 5
    assert queries.filtered_initiatives(queries.Filters(country="BF", status="4")).count() == 0
    assert queries.filtered_initiatives(queries.Filters(member=MEMBER)).count() == 10
    assert queries.filtered_initiatives(queries.Filters(member="000000")).count() == 0
    # i-0000 runs 2000-2001, i-0001 2001-2002 …: in 2001 two are under way.
    assert set(
        queries.filtered_initiatives(queries.Filters(year=2001)).values_list("identifier", flat=True)
    ) == {"i-0000", "i-0001"}
    water = FieldOfIntervention.objects.get()
    narrower = FieldOfIntervention.objects.create(name="Drinking water", parent=water)
    Initiative.objects.get(identifier="i-0003").fields_of_intervention.set([narrower])
    assert queries.filtered_initiatives(queries.Filters(intervention=water.pk)).count() == 10


@pytest.mark.django_db
def test_the_overview_puts_claims_beside_the_counts():
    make_portfolio(10)
    PortfolioClaim.objects.create(country="ML", initiatives=1, text="Mali (1)", source=make_source("T1"))

    groups = {g.key: g for g in queries.overview()}

    rows = {r.code: r for r in groups["africa"].countries}
    assert rows["BF"].initiatives == 5
    assert rows["BF"].claimed == 4
    assert rows["BF"].disagrees
    assert rows["ML"].initiatives == 0
    assert rows["ML"].period == ""
    assert {r.code for r in groups["middle_east"].countries} == {"PS"}
    assert rows["BF"].period == "2001–2010"
