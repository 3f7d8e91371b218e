"""Test helpers of core's floor: logins, with or without an office role. The apps' own testing
modules build on these (governance.testing re-exports them), so a test of a low app needs no
higher app's helpers (docs/decisions/0008-layers-and-floors.md)."""

import itertools

from django.contrib.auth.models import Group, User

from cocopa.core.roles import PEACE_OFFICE_GROUP

_serial = itertools.count(1)


def make_user(username: str | None = None, *, peace_office: bool = False, superuser: bool = False) -> User:
    """A login; `peace_office` puts it in the office's group, `superuser` makes it a superuser."""
    username = username or f"user{next(_serial)}"
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pw")
    user = User.objects.create_user(username, f"{username}@example.org", "pw")
    if peace_office:
        user.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])
    return user


def make_office_user(username: str | None = None) -> User:
    """A member of the peace office staff (not a superuser)."""
    return make_user(username or f"office{next(_serial)}", peace_office=True)
