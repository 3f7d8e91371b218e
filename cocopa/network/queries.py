"""Reads about the network as a whole: its profile and its statistics on a day."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from cocopa.core import dataversion
from cocopa.members import queries as member_queries
from cocopa.network.models import FoundingClaim, NetworkProfile


def profile() -> NetworkProfile | None:
    """The installation's network profile, with the authorities pages link to."""
    return NetworkProfile.objects.select_related(
        "capital", "territory", "motto_source", "contact_source"
    ).first()


def today() -> dt.date:
    return timezone.localdate()


def statistics(day: dt.date, network: NetworkProfile | None = None) -> member_queries.Statistics:
    """The network's figures on the day, with its capital shown apart and its territory's share."""
    network = network if network is not None else profile()
    capital_id = network.capital_id if network else None
    territory = network.territory if network else None
    # Cached while the registry is unchanged (core.dataversion); class names follow the language.
    key = ("statistics", day, capital_id, territory.pk if territory else None, get_language())
    return dataversion.cached(
        key, lambda: member_queries.statistics(day, capital_id=capital_id, territory=territory)
    )


def members_at(
    day: dt.date,
    network: NetworkProfile | None = None,
    *,
    size_class: str | None = None,
    kind: str | None = None,
) -> QuerySet[member_queries.Member]:
    network = network if network is not None else profile()
    return member_queries.members_at(
        day, capital_id=network.capital_id if network else None, size_class=size_class, kind=kind
    )


def member_list(
    day: dt.date,
    network: NetworkProfile | None = None,
    *,
    size_class: str | None = None,
    kind: str | None = None,
) -> dataversion.CachedList[member_queries.Member]:
    """members_at() for lists and pages: its count and each page are cached while the registry is unchanged."""
    network = network if network is not None else profile()
    key = ("members", day, network.capital_id if network else None, size_class, kind)
    return dataversion.CachedList(key, lambda: members_at(day, network, size_class=size_class, kind=kind))


def authority_on(
    slug: str, day: dt.date, network: NetworkProfile | None = None
) -> member_queries.Member | None:
    """One authority as of the day, its capital status taken from the network profile."""
    network = network if network is not None else profile()
    return member_queries.authority_on(slug, day, capital_id=network.capital_id if network else None)


def leading_claim(claims: list[FoundingClaim]) -> FoundingClaim | None:
    """The founding date pages give first: the one the office marked preferred, else the first no
    source casts doubt on, else the first (claims in date order)."""
    return (
        next((c for c in claims if c.preferred), None)
        or next((c for c in claims if not c.uncertain), None)
        or (claims[0] if claims else None)
    )
