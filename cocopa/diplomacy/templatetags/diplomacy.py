"""`{% load diplomacy %}{% country_timeline code initiatives %}`: a country's timeline for
cooperation's country page (/cooperation/countries/<CC>/), which cannot import this app
(docs/decisions/0008): the initiatives it lists, in its order, with the agreements that have a
party in the country and the missions to or from it slotted in by date."""

from collections.abc import Sequence
from typing import Any

from django import template

from cocopa.core.templatetags import source_notes
from cocopa.diplomacy import queries, timeline

register = template.Library()


@register.inclusion_tag("diplomacy/_country_timeline.html", takes_context=True)
def country_timeline(context: template.Context, code: str, initiatives: Sequence[Any]) -> dict[str, Any]:
    agreements, missions = queries.of_country(code)
    others: list[timeline.Dated] = [(a.signed_on, ("agreement", a)) for a in agreements]
    others += [(m.started_on, ("mission", m)) for m in missions]
    items = timeline.merge([(i.start_on_index, ("initiative", i)) for i in initiatives], others)
    # The sources its items cite join the page's numbered notes.
    return {"items": items, "request": context.get("request"), "code": code, **source_notes.shared(context)}
