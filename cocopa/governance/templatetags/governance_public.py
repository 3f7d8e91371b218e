"""Words for a body's rules on the public pages: the model stores codes and fractions."""

from django import template
from django.utils.translation import gettext as _

from cocopa.governance.models import Body

register = template.Library()


def _majorities() -> dict[str, str]:
    return {
        "simple": _("simple majority of the votes cast"),
        "absolute": _("absolute majority of the members"),
        "two_thirds": _("two-thirds majority"),
        "unanimity": _("unanimity"),
    }


def _weightings() -> dict[str, str]:
    return {
        "members": _("one vote per member"),
        "population": _("votes weighed by population"),
        "double": _("double majority: members and population"),
    }


@register.filter
def quorum_words(body: Body) -> str:
    """ "more than 1/2 of the members", with the population share when the rules require one too."""
    share = f"{body.quorum_numerator}/{body.quorum_denominator}"
    if body.quorum_strictly_more:
        text = _("more than %(share)s of the members") % {"share": share}
    else:
        text = _("at least %(share)s of the members") % {"share": share}
    population = body.quorum_population_share
    if population is not None:
        text += ", " + _("and %(share)s of the population represented") % {"share": str(population)}
    if body.quorum_count_proxies:
        text += " " + _("(proxies count as present)")
    return text


@register.filter
def majority_words(body: Body) -> str:
    majority = _majorities().get(body.majority, body.majority)
    weighting = _weightings().get(body.weighting, body.weighting)
    return f"{majority}; {weighting}"
