"""The demo data file holds only sourced facts: checked against facts.yaml and ISTAT's own list."""

import csv

import pytest
import yaml

from cocopa.demo import network as loader


@pytest.fixture(scope="module")
def demo():
    return yaml.safe_load(loader.data_file().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts(shared_data):
    return yaml.safe_load((shared_data / "cocopa" / "facts.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def istat(shared_data):
    with (shared_data / "istat" / "istat20200101.csv").open(encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return {r[4]: r for r in rows[1:]}


def test_every_member_in_the_facts_is_in_the_demo_with_the_same_code(demo, facts):
    demo_codes = {a["name"]: a["istat_code"] for a in demo["authorities"] if a["kind"] == "municipality"}
    assert demo_codes == {m["name"]: m["istat_code"] for m in facts["members"]}


def test_names_codes_and_census_populations_match_istat(demo, istat):
    for a in (a for a in demo["authorities"] if a["kind"] == "municipality"):
        row = istat[a["istat_code"]]
        census = [p for p in a["population"] if p["source"] == "S45"]
        assert (a["name"], census[0]["value"]) == (row[6], int(row[19].replace(".", ""))), a["name"]


def test_the_territory_population_is_the_sum_of_its_municipalities_in_istat(demo, istat):
    total = sum(int(r[19].replace(".", "")) for r in istat.values() if r[2] == "001")
    territory = next(a for a in demo["authorities"] if a.get("statistical_code") == "201")
    assert territory["population"][0]["value"] == total == 2_247_780


def test_every_population_figure_in_the_facts_is_kept_with_its_source(demo, facts):
    kept = {
        (a["name"], p["value"], p["source"]) for a in demo["authorities"] for p in a.get("population", [])
    }
    for m in facts["members"]:
        for p in m["population"]:
            assert (m["name"], p["value"], p["source"]) in kept


def test_every_source_the_demo_cites_is_a_source_of_the_facts(demo, facts):
    fact_sources = {s["id"] for s in facts["sources"]}
    assert {s["code"] for s in demo["sources"]} == fact_sources
    cited = set()
    for a in demo["authorities"]:
        cited |= {p["source"] for p in a.get("population", [])}
        cited |= {c for e in a.get("evidence", []) for c in e["sources"]}
        cited |= {m.get(k) for m in a.get("memberships", []) for k in ("start_source", "end_source")} - {None}
    assert cited <= fact_sources


def test_joins_and_leaves_given_by_the_facts_are_membership_periods(demo, facts):
    periods = {a["name"]: a.get("memberships", []) for a in demo["authorities"]}
    for m in facts["members"]:
        if "joined" in m:
            assert periods[m["name"]][0]["start"] == m["joined"]
            assert periods[m["name"]][0]["start_basis"] == "joined"
        if "left" in m:
            assert periods[m["name"]][0]["end"] == m["left"]
        if "rejoined" in m:
            assert periods[m["name"]][-1]["start"] == m["rejoined"]
