"""`{% load campaigns %}{% member_campaigns member=authority %}`: the campaigns a member adopted,
with the date and the act, for the member's page in the public app (docs/decisions/0008: pages
of lower apps show a higher app's things through its tag). Nothing is shown when there are none.
"""

from typing import Any

from django import template

from cocopa.campaigns import queries

register = template.Library()


@register.inclusion_tag("campaigns/_member_campaigns.html")
def member_campaigns(*, member: Any) -> dict[str, Any]:
    return {"adoptions": queries.campaigns_of(member) if member is not None else []}
