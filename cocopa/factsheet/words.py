"""The factsheet's figures in words, in the active language: numbers, size-class bands, shares."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cocopa.members.queries import ClassFigures


def number(n: int) -> str:
    return number_format(n, force_grouping=True)


def band_label(figures: ClassFigures) -> str:
    """The band in words: "30,000 inhabitants or more", "10,000 to 29,999 inhabitants", "under 5,000"."""
    lower, upper = figures.lower_bound, figures.upper_bound
    if lower is None:
        return ""
    if upper is None:
        return _("%(lower)s inhabitants or more") % {"lower": number(lower)}
    if lower == 0:
        return _("under %(upper)s inhabitants") % {"upper": number(upper + 1)}
    return _("%(lower)s to %(upper)s inhabitants") % {"lower": number(lower), "upper": number(upper)}


def share_label(share: Decimal) -> str:
    return f"{number_format(share, decimal_pos=1)} %"
