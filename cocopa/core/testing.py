"""Test helpers of core's floor: logins, with or without an office role, and screenshots. The apps' own testing
modules build on these (governance.testing re-exports them), so a test of a low app needs no
higher app's helpers (docs/decisions/0008-layers-and-floors.md)."""

import itertools
import os
from pathlib import Path
from typing import Any

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


def shoot(page: Any, name: str, widths: tuple[int, ...] = (1280, 390)) -> None:
    """Full-page screenshots of a Playwright page at each width (desktop, phone) into the folder
    COCOPA_SHOTS names, for a person to look at; nothing when it is unset (the tests pass
    without). The page keeps its own viewport afterwards."""
    folder = os.environ.get("COCOPA_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    if size:
        page.set_viewport_size(size)
