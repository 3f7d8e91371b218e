"""The demo's campaigns: each rests on a fact of the shared facts and cites its source; an
adoption is recorded only where a source says who adopted; all read from the demo's data file
(the app never reads the shared facts)."""

from pathlib import Path

import pytest
import yaml

from cocopa.campaigns.models import Adoption, Campaign
from cocopa.core.errors import InputFileError
from cocopa.demo import campaigns as loader

pytestmark = pytest.mark.django_db

ROWS = yaml.safe_load(loader.data_file().read_text(encoding="utf-8"))["campaigns"]


def test_the_demo_loads_every_campaign_of_its_file(demo_network):
    assert ROWS
    assert Campaign.objects.count() == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["slug"] for r in ROWS])
def test_a_demo_campaign_and_its_adoptions_cite_their_sources(demo_network, row):
    campaign = Campaign.objects.get(slug=row["slug"])
    assert campaign.source is not None
    assert campaign.source.code == row["source"] == row["fact"]["source"]
    assert campaign.name_en  # both languages
    adoptions = list(campaign.adoptions.select_related("source"))
    assert len(adoptions) == len(row.get("adoptions") or [])
    for adoption in adoptions:
        assert adoption.source is not None


def test_no_member_adoption_is_recorded_without_a_source_saying_who_and_when(demo_network):
    # None of the sources read says which member adopted a campaign and when.
    assert not Adoption.objects.filter(member__isnull=False).exists()
    # The network's announced part in the Geneva handover is kept, flagged uncertain and undated.
    network_parts = Adoption.objects.filter(network__isnull=False)
    assert [(a.uncertain, a.adopted_on, a.source.code) for a in network_parts] == [(True, None, "S04")]


def test_each_demo_fact_is_copied_as_the_shared_facts_give_it(shared_data):
    facts = yaml.safe_load((shared_data / "cocopa" / "facts.yaml").read_text(encoding="utf-8"))
    recorded = facts["events"] + facts["campaigns_and_activities"]
    for row in ROWS:
        assert row["fact"] in recorded, row["slug"]


def test_a_campaign_without_its_source_is_refused_naming_the_record(demo_network, tmp_path: Path):
    path = tmp_path / "campaigns.yaml"
    path.write_text(yaml.safe_dump({"campaigns": [{"slug": "x", "name": {"it": "X"}}]}), encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        loader.load(path)
    assert "campaigns[0]" in str(err.value)
