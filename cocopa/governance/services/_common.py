"""What every governance service starts with: who acts, and whether they may."""

from typing import Any

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.utils.translation import gettext as _

from cocopa.core.errors import Forbidden

User = AbstractUser | AnonymousUser | Any


def acting(user: User) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden("forbidden", _("You are not allowed to do this."))


def require_office(user: User) -> None:
    require(user.has_perm("governance.manage_governance"))
