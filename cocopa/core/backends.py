"""Log-in by username and password, and nothing more: rights come from the rules only.

Django's ModelBackend would also grant the model permissions stored on users and groups, a
second gate beside the rules each app registers (cocopa/<app>/permissions.py). This subclass
keeps its authentication and grants nothing, so `user.has_perm` answers from the rules alone
(django-rules' ObjectPermissionBackend) and superusers keep every right through Django's
`User.has_perm`. See docs/decisions/0006-permissions-with-rules.md.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class AuthenticationOnlyBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False

    def with_perm(
        self, perm: str | Permission, is_active: bool = True, include_superusers: bool = True, obj: Any = None
    ) -> Any:
        # Stored permissions grant nothing, so only superusers hold a right for certain; who else
        # does is the rules' answer, asked user by user.
        users = get_user_model()._default_manager
        if not include_superusers:
            return users.none()
        return users.filter(is_superuser=True, is_active=is_active)
