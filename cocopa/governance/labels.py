"""Words for the codes the rule modules use (majority, counting, ties, ballots), in one place.

The pure modules keep plain codes; the models' choices, the forms and the pages show these
translated labels, so nobody reads "two_thirds" or "rule:rejected" on a page.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAJORITY: dict[str, Promise] = {
    "simple": _("simple majority of the votes cast"),
    "absolute": _("absolute majority of the members"),
    "two_thirds": _("two-thirds majority"),
    "unanimity": _("unanimity"),
}
WEIGHTING: dict[str, Promise] = {
    "members": _("one vote per member"),
    "population": _("votes weighed by population"),
    "double": _("double majority: members and population"),
}
ABSTENTIONS: dict[str, Promise] = {
    "not_counted": _("abstentions not counted"),
    "count_as_against": _("abstentions count as votes against"),
}
TIE: dict[str, Promise] = {
    "rejected": _("a tie rejects the motion"),
    "chair": _("the chair's vote breaks a tie"),
}
CHOICE: dict[str, Promise] = {
    "for": _("for"),
    "against": _("against"),
    "abstain": _("abstain"),
    "absent": _("absent"),
}
# How a motion is voted (Motion.voting).
VOTING: dict[str, Promise] = {
    "roll_call": _("roll-call"),
    "secret": _("secret paper ballot"),
}
METHOD: dict[str, Promise] = {
    "plurality_at_large": _("plurality at large"),
    "limited_vote": _("limited vote"),
}
TIE_RULE: dict[str, Promise] = {
    "lot": _("draw by lot"),
    "seniority": _("older membership, then lot"),
}
# How a body counts a member that is not a municipality (weights.NonMunicipal).
NON_MUNICIPAL: dict[str, Promise] = {
    "not_counted": _("not counted (its population contains the member municipalities)"),
    "population": _("its full population"),
}
# How a tie was decided, as the services store it with a motion's figures or an election's result.
DECIDED_BY: dict[str, Promise] = {
    "rule:rejected": _("the rule: a tie rejects the motion"),
    "chair:for": _("the chair's vote, for"),
    "chair:against": _("the chair's vote, against"),
    "lot": _("draw by lot"),
    "seniority": _("older membership"),
}


def choices(labels: dict[str, Promise]) -> list[tuple[str, Promise]]:
    return list(labels.items())


def label(labels: dict[str, Promise], code: str | None) -> str:
    """The label of a code, or the code itself if it is unknown (never an empty cell)."""
    if not code:
        return ""
    return str(labels.get(code, code))
