"""What every governance service starts with: who acts, and whether they may."""

from django.utils.translation import gettext as _

from cocopa.core.errors import Forbidden
from cocopa.core.roles import Actor


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden("forbidden", _("You are not allowed to do this."))


def require_office(actor: Actor) -> None:
    require(actor is not None and actor.has_perm("governance.manage_governance"))
