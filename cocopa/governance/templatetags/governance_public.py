"""Words for a body's rules on the public pages: the model stores codes and fractions."""

from django import template
from django.utils.translation import gettext as _

from cocopa.governance import labels
from cocopa.governance.models import Body

register = template.Library()


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
    return f"{labels.label(labels.MAJORITY, body.majority)}; {labels.label(labels.WEIGHTING, body.weighting)}"


@register.filter
def decided_by_words(code: str | None) -> str:
    """How a tie was decided ("rule:rejected", "chair:for", "lot", …), in words."""
    return labels.label(labels.DECIDED_BY, code)


@register.filter
def choice_words(code: str | None) -> str:
    return labels.label(labels.CHOICE, code)
