"""`{% load source_notes %}`: numbered notes for the sources a page cites (core/sources.py).

`{% cite source as c %}` numbers a reference in the text (c.number, c.first);
`{% page_notes as notes %}` gives the list at the foot (note.number, note.source, note.cited).
Both share one Notes per rendering: the view's `sources` when it is one, else a new one."""

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from cocopa.core import sources
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


def shared(context: template.Context) -> dict[str, Notes]:
    """For an inclusion tag's own context: the page's notes, so the sources its template cites
    are numbered with the page's and listed at its foot (`{% include "_sources.html" %}`)."""
    return {_KEY: _notes(context)}


@register.simple_tag(takes_context=True)
def cite(context: template.Context, source: Source) -> Citation:
    return _notes(context).cite(source)


@register.simple_tag(takes_context=True)
def page_notes(context: template.Context) -> list[Note]:
    return _notes(context).notes()


@register.filter
def published(value: Any) -> str:
    return written_published(str(value or ""))


def _marker(citation: Citation) -> str:
    anchor = format_html(' id="cite-{}"', citation.number) if citation.first else ""
    return format_html(
        '<sup class="source-ref"><a href="#note-{}"{}><span class="visually-hidden">{} </span>{}</a></sup>',
        citation.number,
        anchor,
        gettext("Note"),
        citation.number,
    )


@register.simple_tag(takes_context=True)
def with_notes(context: template.Context, text: Any) -> str:
    """A recorded text whose source codes ("… on 10 December 2024 (S07).") become numbered
    references to this page's notes; a code no source has stays as written."""
    text = str(text or "")
    codes = sources.codes_in(text)
    if not codes:
        return conditional_escape(text)
    notes = _notes(context)
    # The view lists the sources its texts name (sources.named_in); a code it did not list costs a
    # query here.
    known = {c: s for c in codes if (s := notes.listed(c)) is not None}
    if missing := codes - known.keys():
        known |= {s.code: s for s in Source.objects.filter(code__in=missing)}
    parts: list[str] = []
    last = 0
    # "(S08, about 2007-2011)" keeps its remark: "¹ (about 2007-2011)".
    for match in sources.KEYS_IN_TEXT.finditer(text):
        found = [known.get(c.strip()) for c in match.group(1).split(",")]
        if not all(found):
            continue
        parts.append(conditional_escape(text[last : match.start()]))
        parts.extend(_marker(notes.cite(s)) for s in found if s is not None)
        if match.group(2):
            parts.append(conditional_escape(f" ({match.group(2)})"))
        last = match.end()
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped or built by format_html
