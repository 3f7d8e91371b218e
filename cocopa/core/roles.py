"""Who holds which office: the roles every app's permissions are built from.

Roles, in the network's own words (docs/decisions/0006-permissions-with-rules.md):

- **public**: anyone not logged in (or an inactive login). Reads what is published, nothing else.
- **user**: a login holding none of the roles below. Same rights as the public.
- **representative** of a member and **board member**: roles that come from governance data
  (an in-force `Designation`, an in-force `Mandate` in the board); asked in
  `cocopa.governance.roles`, which also answers `roles_of(user, day)`.
- **peace office** (group `peace_office`, the Ufficio Intercomunale Pace) and **administrative
  office** (group `administrative_office`, the lead municipality's finance office): asked here.
- **superuser**: counts as both offices (and Django's `User.has_perm` grants them every right).

Only the roles live here; what each role may do is decided by the predicates each app registers
in its own `permissions.py` (django-rules), so views, services, the API, templates and the admin
all ask `user.has_perm("<app>.<action>", obj)`. Core imports no app above it.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractUser, AnonymousUser, User
from rules.permissions import add_perm, has_perm, perm_exists
from rules.predicates import Predicate

PEACE_OFFICE_GROUP = "peace_office"
ADMINISTRATIVE_OFFICE_GROUP = "administrative_office"

UserLike = AbstractUser | AnonymousUser | Any

# Who a service acts for, always passed as the keyword-only `actor`: the signed-in user, an
# anonymous visitor (whom every rule refuses), or None when the system itself acts (a command or a
# scheduled job, which no rule is asked about).
Actor = AbstractUser | AnonymousUser | None

MODEL_ACTIONS = ("view", "add", "change", "delete")

# A rule: whether the user may, given the object asked about (None when there is none).
Rule = Callable[[UserLike], bool] | Callable[[UserLike, Any], bool]


class Role(StrEnum):
    PUBLIC = "public"
    USER = "user"
    REPRESENTATIVE = "representative"
    BOARD_MEMBER = "board_member"
    PEACE_OFFICE = "peace_office"
    ADMINISTRATIVE_OFFICE = "administrative_office"
    SUPERUSER = "superuser"


def active(user: UserLike) -> bool:
    """Logged in with an active account: an inactive login holds no role at all."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _groups(user: Any) -> frozenset[str]:
    # Cached on the user object, as Django's ModelBackend caches permissions (_perm_cache): the
    # admin index asks four rights per model, each of which would otherwise query the groups.
    cached: frozenset[str] | None = getattr(user, "_cocopa_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._cocopa_groups = cached
    return cached


def _in_group(user: UserLike, group: str) -> bool:
    if not active(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return group in _groups(user)


def is_peace_office(user: UserLike) -> bool:
    return _in_group(user, PEACE_OFFICE_GROUP)


def is_administrative_office(user: UserLike) -> bool:
    """The administrative office (finance) of the lead municipality: fees, payments, accounts."""
    return _in_group(user, ADMINISTRATIVE_OFFICE_GROUP)


def is_staff(user: UserLike) -> bool:
    """Staff: `is_staff` logins, superusers and both offices. The one definition; staff confirm a
    second factor (cocopa.core.security) before the back office, the office pages and the staff API."""
    if not active(user):
        return False
    return bool(getattr(user, "is_staff", False)) or is_peace_office(user) or is_administrative_office(user)


def grant(perm: str, rule: Rule) -> None:
    """Register `rule` as what `user.has_perm(perm, obj)` asks (django-rules' ObjectPermissionBackend).

    Called from each app's `permissions.py` when the app is ready; a name registered twice is
    an error, so two apps cannot both claim one right.
    """
    add_perm(perm, Predicate(rule))  # type: ignore[no-untyped-call]


def rule_allows(user: UserLike, perm: str, obj: Any = None) -> bool:
    """The rule's own answer, without Django's superuser short-circuit in `User.has_perm`.

    Only for the rights no office confers, superusers included: acting for a member one
    represents (voting online, announcing attendance). Everything else asks `user.has_perm`.
    """
    return bool(has_perm(perm, user, obj))  # type: ignore[no-untyped-call]


def add_model_perms(
    app_label: str,
    rule: Rule,
    *,
    actions: Iterable[str] = MODEL_ACTIONS,
    models: Iterable[str] | None = None,
) -> None:
    """Let `rule` grant Django's model permissions (`<app>.view_<model>` …) on the app's
    models (all of them unless `models` names some), so the admin asks the same rules as the pages.

    Also registers the app label itself, which `has_module_perms` asks (django-rules' convention):
    the admin index lists an app only to those who hold some right in it.
    """
    names = models or [str(m._meta.model_name) for m in apps.get_app_config(app_label).get_models()]
    for name in names:
        for action in actions:
            grant(f"{app_label}.{action}_{name}", rule)
    if not perm_exists(app_label):  # type: ignore[no-untyped-call]
        grant(app_label, rule)


def signed_in(actor: Actor) -> User | None:
    """The user an audit entry or a history row names: None for a visitor or the system."""
    return actor if isinstance(actor, User) and actor.pk is not None else None
