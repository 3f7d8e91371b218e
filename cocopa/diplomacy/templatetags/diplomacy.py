"""Template tags for the pages of the apps below diplomacy, which cannot import it
(docs/decisions/0008):

- `{% load diplomacy %}{% country_timeline code initiatives %}`: a country's timeline for
  cooperation's country page (/cooperation/countries/<CC>/): the initiatives it lists, in its
  order, with the agreements that have a party in the country, the missions to or from it and
  the public events linked to it slotted in by date.
- `{% load diplomacy %}{% event_missions event %}`: the missions and delegations linked to an event,
  for the event's page (/events/<id>/)."""

from collections.abc import Sequence
from typing import Any

from django import template

from cocopa.core.templatetags import source_notes
from cocopa.diplomacy import queries, timeline
from cocopa.events import queries as event_queries

register = template.Library()


@register.inclusion_tag("diplomacy/_country_timeline.html", takes_context=True)
def country_timeline(context: template.Context, code: str, initiatives: Sequence[Any]) -> dict[str, Any]:
    agreements, missions = queries.of_country(code)
    others: list[timeline.Dated] = [(a.signed_on, ("agreement", a)) for a in agreements]
    others += [(m.started_on, ("mission", m)) for m in missions]
    # An event dated only to a month or a year stands on its first day, as agreements and
    # missions do (docs/decisions/0001).
    others += [(e.start_on, ("event", e)) for e in event_queries.for_country(code)]
    items = timeline.merge([(i.start_on_index, ("initiative", i)) for i in initiatives], others)
    # The sources its items cite join the page's numbered notes.
    return {"items": items, "request": context.get("request"), "code": code, **source_notes.shared(context)}


@register.inclusion_tag("diplomacy/_event_missions.html")
def event_missions(event: Any) -> dict[str, Any]:
    return {"missions": list(queries.missions().filter(events=event))}
