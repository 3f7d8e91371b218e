"""Campaigns and members for tests."""

import datetime as dt
from decimal import Decimal
from typing import Any

from cocopa.campaigns import services
from cocopa.campaigns.models import Campaign
from cocopa.members.models import LocalAuthority, Membership


def make_campaign(**fields: Any) -> Campaign:
    """A campaign written by the system (no actor)."""
    fields.setdefault("name_it", "Giornata nazionale per la pace")
    fields.setdefault("kind", Campaign.Kind.NATIONAL_DAY)
    return services.create_campaign(services.CampaignInput(**fields), actor=None)


def make_member(name: str = "Rivoli", istat_code: str = "001219", *, located: bool = True) -> LocalAuthority:
    """A member municipality (it has a membership period), with coordinates unless told otherwise."""
    member = LocalAuthority.objects.create(
        name=name,
        kind=LocalAuthority.Kind.MUNICIPALITY,
        istat_code=istat_code,
        latitude=Decimal("45.071") if located else None,
        longitude=Decimal("7.516") if located else None,
    )
    Membership.objects.create(authority=member, start_on=dt.date(1995, 10, 4))
    return member
