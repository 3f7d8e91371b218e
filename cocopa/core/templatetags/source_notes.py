"""`{% load source_notes %}`: numbered notes for the sources a page cites (core/sources.py).

`{% cite source as c %}` numbers a reference in the text (c.number, c.first);
`{% page_notes as notes %}` gives the list at the foot (note.number, note.source, note.cited).
Both share one Notes per rendering: the view's `sources` when it is one, else a new one."""

from typing import Any

from django import template

from cocopa.core.models import Source
from cocopa.core.sources import Citation, Note, Notes, written_published

register = template.Library()

_KEY = "_source_notes"


def _notes(context: template.Context) -> Notes:
    notes = context.get(_KEY)
    if notes is None:
        listed = context.get("sources")
        notes = listed if isinstance(listed, Notes) else Notes(listed or [])
        # The bottom layer outlives every include and block of this rendering.
        context.dicts[0][_KEY] = notes
    return notes


@register.simple_tag(takes_context=True)
def cite(context: template.Context, source: Source) -> Citation:
    return _notes(context).cite(source)


@register.simple_tag(takes_context=True)
def page_notes(context: template.Context) -> list[Note]:
    return _notes(context).notes()


@register.filter
def published(value: Any) -> str:
    return written_published(str(value or ""))
