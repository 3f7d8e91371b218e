"""The shipped codelists are exactly the official ones, and every code our data uses is in them."""

import xml.etree.ElementTree as ET

import pytest

from cocopa.cooperation import codelists
from cocopa.cooperation.models import Initiative, Participation, SectorMapping


def official(shared_data, name):
    tree = ET.parse(shared_data / "iati" / "codelists" / f"{name}.xml")
    return {i.findtext("code"): i.get("status") == "withdrawn" for i in tree.iter("codelist-item")}


def test_every_official_list_is_shipped_with_the_same_codes(shared_data):
    files = sorted(p.stem for p in (shared_data / "iati" / "codelists").glob("*.xml"))
    assert codelists.names() == files
    for name in files:
        lists = official(shared_data, name)
        assert codelists.codes(name, withdrawn=True) == frozenset(lists), name
        assert codelists.codes(name) == frozenset(c for c, gone in lists.items() if not gone), name


def test_withdrawn_codes_are_not_valid():
    assert codelists.is_valid("Sector", "14030")
    assert not codelists.is_valid("Sector", "15162")  # Human rights, withdrawn: 15160 replaces it
    assert not codelists.is_valid("Sector", "99999")
    assert codelists.name("Country", "BF") == "Burkina Faso"


@pytest.mark.django_db
def test_the_demo_portfolio_uses_only_official_codes(demo_network):
    assert all(codelists.is_valid("Sector", m.code) for m in SectorMapping.objects.all())
    for initiative in Initiative.objects.prefetch_related("countries"):
        assert initiative.status == "" or codelists.is_valid("ActivityStatus", initiative.status)
        assert all(codelists.is_valid("Country", c.code) for c in initiative.countries.all())
    assert all(codelists.is_valid("OrganisationRole", p.role) for p in Participation.objects.all())
