"""`{% load education %}{% education_of_member member=authority %}`: what peace education reached
in a member's schools, per school year, with the file for its council's report — for the member's
page, whose app cannot import this one (docs/decisions/0008). Nothing is shown when no activity
is recorded for the member."""

from typing import Any

from django import template

from cocopa.education import queries, totals
from cocopa.education.models import Activity

register = template.Library()


@register.inclusion_tag("education/_member.html")
def education_of_member(*, member: Any) -> dict[str, Any]:
    lines = queries.by_school_year(Activity.objects.filter(member=member)) if member is not None else []
    return {"member": member, "lines": lines, "total": totals.grand_total(lines)}
