"""Who may do what with members, behind `user.has_perm("members.<action>")`.

- `members.manage_members`: members, their adhesion, renewal and withdrawal acts, conventions,
  population figures and size classes: the peace office (its pages and the back office).
- Django's model permissions on every members model (the admin asks them): the peace office.
"""

from cocopa.core.roles import add_model_perms, grant, is_peace_office


def register() -> None:
    grant("members.manage_members", is_peace_office)
    add_model_perms("members", is_peace_office)
