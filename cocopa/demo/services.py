"""The demo network: every app's demo data, loaded into an empty database in one transaction.

Each loader reads its own data file in demo/data/ and knows the models of one app; only this
package (above every domain app) knows them all, so no domain app carries demo code.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cocopa.core import audit
from cocopa.core.roles import Actor
from cocopa.demo import cooperation, fees, governance, network


@dataclass(frozen=True)
class Summary:
    network: network.LoadSummary
    initiatives: int
    mandates: int


def is_empty() -> bool:
    return network.is_empty()


def load_demo(
    network_file: Path | None = None, initiatives_file: Path | None = None, *, actor: Actor
) -> Summary:
    """Load the Co.Co.Pa. network, its cooperation portfolio, then its bodies and officers: all or nothing."""
    with transaction.atomic():
        loaded = network.load(network_file, actor=actor)
        initiatives = cooperation.load(initiatives_file)
        mandates = governance.load()
        fees.load()  # fee schedules the sources attest; never payments
        audit.record(actor, "cooperation.demo_loaded", None, {"initiatives": initiatives})
        audit.record(actor, "governance.demo_loaded", None, {"mandates": mandates})
    return Summary(loaded, initiatives, mandates)
