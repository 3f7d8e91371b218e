"""The refusals of paper_count.py in the office's language, with their figures."""

from django.utils.translation import gettext as _

from cocopa.governance import paper_count


def field_label(field: str | None) -> str:
    return {
        "in_favour": _("Papers for"),
        "against": _("Papers against"),
        "abstain": _("Papers abstaining"),
    }.get(field or "", _("The papers together"))


def rule_refusal(code: str) -> str:
    return {
        "secret_needs_member_count": _(
            "A secret vote can only be counted one vote per member: weighing a vote by population "
            "needs to know which member cast it."
        ),
        "secret_tie_needs_chair": _(
            "A secret vote cannot be settled by the chair's casting vote: the chair's paper is not known."
        ),
    }.get(code, code)


def count_refusal(err: paper_count.InvalidCount) -> str:
    f = {**err.figures, "field": field_label(err.field)}
    text = {
        "negative_count": _("%(field)s: a count cannot be below zero."),
        "count_over_voters": _(
            "%(field)s: %(value)s papers, but only %(voters)s members could vote when the vote opened."
        ),
        "papers_over_voters": _(
            "%(field)s: %(papers)s papers, but only %(voters)s members could vote when the vote opened."
        ),
    }.get(err.code)
    return text % f if text else str(err)
