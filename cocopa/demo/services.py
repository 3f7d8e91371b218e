"""The demo network: every app's demo data, loaded into an empty database in one transaction.

Each loader reads its own data file in demo/data/ and knows the models of one app; only this
package (above every domain app) knows them all, so no domain app carries demo code.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cocopa.campaigns.models import Campaign
from cocopa.core import audit
from cocopa.core.roles import Actor
from cocopa.demo import (
    campaigns,
    cooperation,
    diplomacy,
    education,
    events,
    fees,
    governance,
    library,
    network,
    news,
)
from cocopa.diplomacy.models import Agreement, Mission
from cocopa.education.models import Programme
from cocopa.events.models import Event
from cocopa.members import services as members_services
from cocopa.search import index as search_index


@dataclass(frozen=True)
class Summary:
    network: network.LoadSummary
    initiatives: int
    mandates: int
    # The municipalities of ISTAT's list added beside the network's (0 when not asked for).
    municipalities: int = 0
    news: int = 0
    # The issue 16 registers, counted in the database after the load (public or not).
    events: int = 0
    agreements: int = 0
    missions: int = 0
    campaigns: int = 0
    programmes: int = 0


def is_empty() -> bool:
    return network.is_empty()


def load_demo(
    network_file: Path | None = None,
    initiatives_file: Path | None = None,
    *,
    actor: Actor,
    istat_list: bool = False,
) -> Summary:
    """Load the Co.Co.Pa. network, its cooperation portfolio, then its bodies and officers: all or nothing.

    With `istat_list` (as `cocopa load_demo` asks), ISTAT's list of every Italian municipality
    follows, so the office can pick any of them when a new member joins; the network's own members
    match it and are left as they are. The tests' demo network goes without: 31,000 more rows to
    restore for each of hundreds of tests that never look at them (docs/decisions/0009).
    """
    with transaction.atomic():
        loaded = network.load(network_file, actor=actor)
        initiatives = cooperation.load(initiatives_file)
        mandates = governance.load()
        fees.load()  # fee schedules the sources attest; never payments
        library.load()  # documents the sources name, as the addresses where they are published
        posts = news.load()  # posts retelling dated, sourced events, dated on the event
        events.load()  # the dated events of the record, after the members, initiatives and sources they link
        campaigns.load()  # sourced campaigns; adoptions only where a source says who and when
        # Agreements and missions, after the members, initiatives and sources they link.
        agreements, missions = diplomacy.load()
        audit.record(actor, "diplomacy.demo_loaded", None, {"agreements": agreements, "missions": missions})
        education.load()  # the brochure's topics and the sourced programmes; no invented school activity
        audit.record(actor, "cooperation.demo_loaded", None, {"initiatives": initiatives})
        audit.record(actor, "governance.demo_loaded", None, {"mandates": mandates})
        imported = members_services.import_istat_list(actor=actor) if istat_list else None
        # The public search's copy of what was just loaded (the loaders also write in bulk).
        search_index.rebuild()
    return Summary(
        loaded,
        initiatives,
        mandates,
        imported.created if imported else 0,
        posts,
        events=Event.objects.count(),
        agreements=Agreement.objects.count(),
        missions=Mission.objects.count(),
        campaigns=Campaign.objects.count(),
        programmes=Programme.objects.count(),
    )
