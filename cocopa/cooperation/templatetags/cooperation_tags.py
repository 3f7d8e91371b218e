"""Template tags other apps' pages use to show the cooperation registry."""

from typing import Any

from django import template

from cocopa.cooperation import queries
from cocopa.members.models import LocalAuthority

register = template.Library()


@register.inclusion_tag("cooperation/_member_initiatives.html")
def initiatives_of(authority: LocalAuthority) -> dict[str, Any]:
    """The initiatives a member authority takes part in, with its roles: `{% initiatives_of authority %}`."""
    return {"takings": queries.initiatives_of(authority), "slug": authority.slug}
