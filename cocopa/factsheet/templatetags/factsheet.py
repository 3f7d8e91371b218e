"""Filters the factsheet's template uses to write its figures in the page's language."""

from decimal import Decimal

from django import template

from cocopa.factsheet import words
from cocopa.members.queries import ClassFigures

register = template.Library()


@register.filter
def band(figures: ClassFigures) -> str:
    return words.band_label(figures)


@register.filter
def share(value: Decimal | None) -> str:
    return "" if value is None else words.share_label(value)
