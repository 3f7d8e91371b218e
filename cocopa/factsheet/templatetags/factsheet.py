"""Filters the factsheet's template uses to write its figures in the page's language."""

from decimal import Decimal
from typing import Any

from django import template

from cocopa.core import money
from cocopa.factsheet import words
from cocopa.members.models import LocalAuthority
from cocopa.members.queries import ClassFigures

register = template.Library()


@register.filter
def band(figures: ClassFigures) -> str:
    return words.band_label(figures)


@register.filter
def share(value: Decimal | None) -> str:
    return "" if value is None else words.share_label(value)


@register.filter
def amounts(totals: dict[str, Decimal] | None) -> str:
    """Sums per currency in words: "€ 1.200,00; 300,00 USD" (never converted, never added up)."""
    return "; ".join(
        money.euro(value) if currency == "EUR" else f"{money.amount(value)} {currency}"
        for currency, value in (totals or {}).items()
    )


@register.inclusion_tag("factsheet/_member_report_link.html")
def member_report_link(member: LocalAuthority | None, *, link_id: str = "") -> dict[str, Any]:
    """A link to the member's yearly report ("what membership gave us"), for the pages below the
    factsheet (the member's public page, the representative's /me/, the office's member page):
    `{% load factsheet %}{% member_report_link authority %}`."""
    return {"member": member, "link_id": link_id}
