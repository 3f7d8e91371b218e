"""The demo portfolio: the seed's cooperation section and Palestine timeline, with their sources."""

from pathlib import Path

import pytest
import yaml
from django.db.models import F

from cocopa.cooperation.models import DateClaim, Initiative, Organisation, PortfolioClaim
from cocopa.core.errors import InputFileError
from cocopa.demo import cooperation
from cocopa.demo import services as demo_services
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db


def test_the_palestine_timeline_of_the_seed_is_there_in_order(demo_network):
    timeline = Initiative.objects.filter(countries__code="PS").order_by(
        F("start_on_index").asc(nulls_last=True), "identifier"
    )
    assert [(i.identifier, i.period_label) for i in timeline] == [
        ("betlemme-2000", "2000"),
        ("jahaleen-abu-dis", "2001–2003"),
        ("gaza-water-filters", "2002"),
        ("mission-middle-east-2004", "2004"),
        ("election-observation-2005", "2005"),
        ("local-authorities-for-peace-2009", "2009–2011"),
        ("bethlehem-smart-water", "2015–2017"),
        ("nur-bethlehem", "2022-12"),
    ]


def test_where_the_seed_and_the_record_disagree_both_dates_are_kept(demo_network):
    claims = DateClaim.objects.filter(initiative__identifier="tsunami-india-srilanka")
    assert {(c.text, c.source.code, c.used) for c in claims} == {
        ("2006-2011", "SEED", False),
        ("2005 (call for projects)", "S39", True),
        ("planned for early 2009", "S20", True),
    }
    haiti = Initiative.objects.get(identifier="help-haiti")
    assert haiti.period_label == "2010"
    assert haiti.date_claims.filter(source__code="SEED", text="2011-2013").exists()


def test_the_seed_portfolio_is_kept_beside_the_registry(demo_network):
    claims = dict(PortfolioClaim.objects.values_list("country", "initiatives"))
    assert claims == {
        "BF": 4,
        "ML": 1,
        "SN": 1,
        "MZ": 1,
        "PS": None,
        "LB": None,
        "IN": None,
        "LK": None,
        "HT": None,
        "IT": None,
    }
    # No project in Mali or Mozambique is known beyond the seed's count: none is made up.
    assert not Initiative.objects.filter(countries__code__in=["ML", "MZ"]).exists()


def test_member_authorities_take_part_through_their_organisation(demo_network):
    beinasco = LocalAuthority.objects.get(istat_code="001024")
    led = Initiative.objects.filter(
        participations__organisation__authority=beinasco, participations__lead=True
    )
    assert list(led.values_list("identifier", flat=True)) == ["ne-yi-beeogo-water-2015"]
    assert Organisation.objects.get(name="Provincia di Torino").authority.slug == "province-001"


def test_only_gazetteer_coordinates_are_used(demo_network):
    places = Initiative.objects.get(identifier="election-observation-2005").places.all()
    assert [(p.name, p.source.code, str(p.latitude)) for p in places] == [
        ("Gaza", "GEONAMES", "31.501610"),
        ("Rafah", "GEONAMES", "31.297220"),
    ]
    lampedusa = Initiative.objects.get(identifier="lampedusa").places.get()
    assert (lampedusa.latitude, lampedusa.source) == (None, None)


def test_related_initiatives_link_both_ways(demo_network):
    programme = Initiative.objects.get(identifier="ne-yi-beeogo-burkina")
    water = Initiative.objects.get(identifier="ne-yi-beeogo-water-2015")
    assert water in programme.related.all()
    assert programme in water.related.all()


def test_a_broken_initiatives_file_names_the_record_and_writes_nothing(tmp_path: Path):
    data = yaml.safe_load(cooperation.data_file().read_text(encoding="utf-8"))
    data["initiatives"][3]["fields_of_action"] = ["Peace keeping"]
    broken = tmp_path / "initiatives.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        demo_services.load_demo(initiatives_file=broken, actor=None)
    assert "initiatives[3] (mission-middle-east-2004)" in err.value.message
    assert "unknown field of action 'Peace keeping'" in err.value.message
    assert not LocalAuthority.objects.exists()
    assert not Initiative.objects.exists()
