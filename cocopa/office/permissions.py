"""Who may open the office's home, behind `user.has_perm("office.view_home")`.

- `office.view_home`: both offices (peace office, administrative office) and superusers. The
  to-do panel and the links on the page are then filtered by each area's own rights.
"""

from cocopa.core.roles import UserLike, grant, is_administrative_office, is_peace_office


def is_an_office(user: UserLike) -> bool:
    return is_peace_office(user) or is_administrative_office(user)


def register() -> None:
    grant("office.view_home", is_an_office)
