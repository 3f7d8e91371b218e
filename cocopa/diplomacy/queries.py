"""Reads of city diplomacy for the public pages, the API, the downloads and the country timeline."""

from django.db.models import Prefetch, Q, QuerySet

from cocopa.diplomacy.models import Agreement, Cost, Mission, Participant
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
