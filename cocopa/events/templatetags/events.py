"""`{% load events %}{% upcoming_events member=authority %}` (or country="SN", or nothing for the
whole network on the home page): the next public events, and for a member or a country also the
latest past ones, for pages of the apps below events, which cannot import it (docs/decisions/0008).
Nothing is shown when there is no such event."""

from typing import Any

from django import template
from django.utils import timezone

from cocopa.events import queries

register = template.Library()


@register.inclusion_tag("events/_related.html")
def upcoming_events(*, member: Any = None, country: str = "", limit: int = 3) -> dict[str, Any]:
    today = timezone.localdate()
    if member is not None:
        events = queries.for_member(member)
    elif country:
        events = queries.for_country(country)
    else:
        events = queries.public()
    upcoming = list(events.filter(last_on__gte=today).order_by("start_on", "starts_at", "pk")[:limit])
    # The home page shows what is coming; a member's or a country's page also what took place.
    past = (
        []
        if member is None and not country
        else list(events.filter(last_on__lt=today).order_by("-start_on", "-pk")[:limit])
    )
    return {
        "upcoming": upcoming,
        "past": past,
        "member": member,
        "whole_network": member is None and not country,
    }
