"""Who may change the network's profile (founding, websites, fields of action and intervention).

The peace office keeps the network's profile in the back office: Django's model permissions on
every network model are its (the admin asks them through `user.has_perm`).
"""

from cocopa.core.roles import add_model_perms, is_peace_office


def register() -> None:
    add_model_perms("network", is_peace_office)
