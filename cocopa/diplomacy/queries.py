"""Reads of city diplomacy for the public pages, the API, the downloads and the country timeline."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django_countries import countries

from cocopa.cooperation import queries as cooperation_queries
from cocopa.core.folding import unaccented
from cocopa.diplomacy.models import Agreement, Cost, ForeignAuthority, Mission, Participant
from cocopa.events.models import Event


def agreements() -> QuerySet[Agreement]:
    """Every agreement, oldest first (undated last), with what lists and pages show."""
    return (
        Agreement.objects.select_related("kind", "document", "source")
        .prefetch_related("members", "foreign_authorities", "initiatives")
        .order_by("signed_on", "pk")
    )


def missions() -> QuerySet[Mission]:
    """Every mission and delegation, oldest first (undated last), with their parts."""
    return (
        Mission.objects.select_related("report", "source")
        .prefetch_related(
            "members",
            "initiatives",
            "agreements",
            # Only the public events: a draft stays in the office.
            Prefetch("events", queryset=Event.objects.public().order_by("start_on", "pk")),
            Prefetch("participants", queryset=Participant.objects.select_related("member").order_by("pk")),
            Prefetch("costs", queryset=Cost.objects.order_by("pk")),
        )
        .order_by("started_on", "pk")
    )


def of_country(code: str) -> tuple[list[Agreement], list[Mission]]:
    """The agreements with a party in the country, and the missions to or from it."""
    found = agreements().filter(foreign_authorities__country=code).distinct()
    return list(found), list(missions().filter(country=code))


def agreements_of_member(member_pk: int) -> QuerySet[Agreement]:
    return agreements().filter(members__pk=member_pk)


def missions_of_member(member_pk: int) -> QuerySet[Mission]:
    return missions().filter(Q(members__pk=member_pk) | Q(participants__member__pk=member_pk)).distinct()


def foreign_authorities(search: str = "") -> QuerySet[ForeignAuthority]:
    """The local authorities abroad for the office's list, with the count of agreements naming
    each; `search` matches a part of the name (without case), or of the country's name in the
    active language (without case or accents), or its ISO code."""
    found = ForeignAuthority.objects.annotate(agreement_count=Count("agreements")).order_by("name", "country")
    words = search.strip()
    if not words:
        return found
    wanted = unaccented(words)
    codes = [
        code
        for code, _name in countries
        if wanted == code.casefold() or wanted in unaccented(cooperation_queries.country_name(code))
    ]
    return found.filter(Q(name__icontains=words) | Q(country__in=codes))
