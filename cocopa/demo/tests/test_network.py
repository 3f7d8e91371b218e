"""`cocopa load_demo`: the Co.Co.Pa. network from its sourced data file, all or nothing."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from cocopa.campaigns.models import Campaign
from cocopa.core.errors import Conflict, InputFileError
from cocopa.core.models import AuditEvent, Source
from cocopa.demo import network as loader
from cocopa.diplomacy.models import Agreement, Mission
from cocopa.education.models import Programme
from cocopa.events.models import Event
from cocopa.members.models import LocalAuthority, Membership, PopulationFigure
from cocopa.network import queries
from cocopa.network.models import NetworkProfile

D = dt.date
pytestmark = pytest.mark.django_db


def test_the_demo_network_loads_with_its_profile_members_and_sources(demo_network):
    network = queries.profile()
    assert network is not None
    assert (network.acronym, network.founded_label) == ("Co.Co.Pa.", "1995")
    assert network.capital.istat_code == "001272"
    assert network.territory.statistical_code == "201"
    assert LocalAuthority.objects.count() == 41
    assert Source.objects.filter(code__in=["S01", "S45", "SEED"]).count() == 3
    assert AuditEvent.objects.filter(verb="network.demo_loaded").count() == 1


def test_rivoli_left_in_2020_and_rejoined_in_2024(demo_network):
    periods = Membership.objects.filter(authority__istat_code="001219").order_by("start_on")
    assert [(p.start_label, p.end_label, p.end_basis) for p in periods] == [
        ("1995-10-04", "2020", "left"),
        ("2024", "", ""),
    ]
    assert list(periods[0].acts.values_list("number", flat=True)) == ["123", ""]


def test_torino_keeps_every_population_figure_with_its_source(demo_network):
    figures = PopulationFigure.objects.filter(authority__istat_code="001272")
    assert {(f.value, f.source.code) for f in figures} == {
        (872_367, "S45"),
        (869_312, "S46"),
        (875_698, "S47"),
        (857_000, "S36"),
        (907_563, "SEED"),
    }
    seed = figures.get(value=907_563)
    assert seed.reference_date is None
    assert seed.uncertain


@pytest.mark.parametrize(
    ("day", "municipalities", "province"),
    [
        (D(1997, 2, 17), 23, 0),  # the 23 signatories of the UIP convention (S16)
        (D(2011, 9, 12), 35, 1),  # "35 municipalities plus the Provincia" (S17)
        (D(2021, 6, 1), 34, 1),  # Rivoli out
        (D(2024, 9, 1), 34, 1),  # Rivoli back, Trofarello gone
    ],
)
def test_the_demo_statistics_follow_the_sources(demo_network, day, municipalities, province):
    stats = queries.statistics(day)
    assert stats.by_kind.get("municipality", 0) == municipalities
    assert stats.by_kind.get("province", 0) == province


def test_the_demo_network_represents_about_seventy_percent_of_the_province(demo_network):
    stats = queries.statistics(D(2016, 1, 1))
    assert stats.territory_population == 2_247_780
    assert stats.territory_share == Decimal("68.8")  # the brochure says "70%"
    assert stats.figures_after_date == 0


def test_a_second_load_is_refused_and_changes_nothing(demo_network):
    before = LocalAuthority.objects.count()
    with pytest.raises(Conflict) as err:
        loader.load()
    assert err.value.code == "database_not_empty"
    assert LocalAuthority.objects.count() == before


def test_the_command_with_if_empty_leaves_a_loaded_database_alone(demo_network):
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert NetworkProfile.objects.count() == 1


def test_the_command_reports_what_it_loaded():
    out = StringIO()
    call_command("load_demo", stdout=out)
    line = out.getvalue()
    assert line.startswith("Loaded 41 authorities")
    # The issue 16 registers, as the database holds them after the load.
    for count, what in (
        (Event.objects.count(), "event"),
        (Agreement.objects.count(), "agreement"),
        (Mission.objects.count(), "mission"),
        (Campaign.objects.count(), "campaign"),
        (Programme.objects.count(), "education programme"),
    ):
        assert count > 0, what
        written = f" {count} {what}" + ("" if count == 1 else "s")
        assert f"{written}," in line or f"{written} and" in line, what


def test_a_broken_data_file_names_the_record_and_writes_nothing(tmp_path: Path):
    data = yaml.safe_load(loader.data_file().read_text(encoding="utf-8"))
    data["authorities"][30]["memberships"][0]["start"] = "sometime"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        loader.load(broken)
    assert "broken.yaml" in err.value.message
    assert "authorities[30] (Rivoli).memberships[0].start" in err.value.message
    assert not LocalAuthority.objects.exists()
    assert not Source.objects.exists()
    with pytest.raises(CommandError, match="Rivoli"):
        call_command("load_demo", "--file", str(broken))


def test_a_data_file_citing_an_unknown_source_is_refused(tmp_path: Path):
    data = yaml.safe_load(loader.data_file().read_text(encoding="utf-8"))
    data["authorities"][2]["population"][0]["source"] = "S99"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputFileError, match="unknown source 'S99'"):
        loader.load(broken)
    assert not NetworkProfile.objects.exists()
