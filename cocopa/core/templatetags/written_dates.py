"""`{% load written_dates %}{% written_date act.adopted_on act.adopted_precision %}` → "4 ottobre 1995",
"agosto 2024" or "2011": a partial date for people, in the page's language (core/dates.py)."""

from django import template

from cocopa.core.dates import written_partial

register = template.Library()
register.simple_tag(written_partial, name="written_date")
