"""How to join: the fee calculator over ISTAT's list of municipalities, as `make run` loads it."""

import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from cocopa.fees.testing import make_schedule
from cocopa.members import services as member_services

AGLIE = "001001"  # Agliè, 2,644 inhabitants at the 2011 census, not a member


@pytest.fixture(scope="module")
def istat(_demo_snapshot, django_db_blocker):
    """The demo network with ISTAT's list of 7,904 municipalities, as `cocopa load_demo` leaves it.

    Written once for the module, in a transaction rolled back at its end: the list is some 31,000
    rows with their history, seconds per import on PostgreSQL, and no test here changes it. Each
    test (with `db`) runs in a savepoint of its own inside that transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        _demo_snapshot.restore()
        member_services.import_istat_list(actor=None)
        yield
        transaction.set_rollback(True)


def test_a_name_typed_without_its_accent_finds_the_municipality_and_its_fee(client, db, istat):
    year = timezone.localdate().year
    make_schedule(year, rate=Decimal("0.06"))

    response = client.get("/en/join/", {"municipality": "aglie"})

    calc = response.context["calc"]
    assert calc.search.chosen.istat_code == AGLIE
    assert calc.estimate.population == 2644
    assert calc.estimate.size_class == "small"
    assert calc.estimate.amount == Decimal("158.64")
    assert 'data-fact="fee" data-value="158.64"' in response.text
    assert "€158.64" in response.text


def test_the_fee_follows_the_schedule_in_the_database_not_a_fixed_rate(client, db, istat):
    year = timezone.localdate().year
    make_schedule(year, rate=Decimal("0.10"), minimum=Decimal("500.00"))

    response = client.get("/en/join/", {"municipality": AGLIE})

    assert response.context["calc"].estimate.amount == Decimal("500.00")  # 264.40 raised to the minimum


def test_without_a_schedule_for_the_year_the_page_says_so_and_uses_the_latest_one(client, db, istat):
    year = timezone.localdate().year
    response = client.get("/en/join/", {"municipality": AGLIE})

    estimate = response.context["calc"].estimate
    assert estimate.schedule is None
    assert estimate.earlier is not None
    assert estimate.earlier.year < year  # the demo's 2020 schedule
    assert f"No fee schedule for {year} is on record." in response.text
    assert 'id="fee-earlier"' in response.text


def test_several_matches_are_offered_to_choose_from(client, db, istat):
    response = client.get("/en/join/", {"municipality": "samone"})

    calc = response.context["calc"]
    assert calc.search.chosen is None
    assert {m.istat_code for m in calc.search.choices} == {"001235", "022165"}
    assert 'href="?municipality=022165#fee-calculator"' in response.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the name or the ISTAT code of a municipality."),
        ("zzzqqq", "No Italian municipality has a name containing “zzzqqq”."),
        ("999999", "No Italian municipality has the ISTAT code “999999”."),
        ("x" * 150, "A municipality's name has at most 100 characters."),
    ],
)
def test_bad_input_gets_a_message_beside_the_field(client, db, istat, typed, message):
    response = client.get("/en/join/", {"municipality": typed})

    assert response.status_code == 200
    error = re.search(r'data-field-error="municipality">([^<]*)<', response.text)
    assert error
    assert error.group(1) == message.replace("'", "&#x27;")
    assert 'aria-describedby="municipality-error"' in response.text
