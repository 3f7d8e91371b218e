"""A sitting as the services' tests build it, through the services themselves (unlike
`governance/testing.py`, whose rows are written directly): convened, then its register."""

import datetime as dt
from typing import Any

from cocopa.governance import services
from cocopa.governance.models import Body, Meeting
from cocopa.governance.testing import at
from cocopa.members.models import LocalAuthority

# A meeting of the services' tests: a day in 2025 with ten days' notice.
MEETING_DAY = dt.date(2025, 3, 20)
CONVENED_ON = dt.date(2025, 3, 1)


def convene(
    office: Any, body: Body, day: dt.date = MEETING_DAY, convened_on: dt.date = CONVENED_ON, **kwargs: Any
) -> Meeting:
    """The body convened by the office on `convened_on` for `day` at 18:00, with one agenda item."""
    return services.convene(
        body,
        at(day),
        actor=office,
        convened_on=convened_on,
        place="Sala",
        items=[("Bilancio", "")],
        **kwargs,
    )


def attend(
    office: Any,
    meeting: Meeting,
    presence: dict[LocalAuthority, str],
    proxies: dict[LocalAuthority, LocalAuthority | None] | None = None,
) -> Any:
    """The register as the office records it: each member's presence, and who holds its proxy."""
    proxies = proxies or {}
    return services.record_attendance(
        meeting, {a.pk: (p, proxies.get(a)) for a, p in presence.items()}, actor=office
    )
