"""Who may write the campaigns: the peace office (Django's model permissions on campaigns and
adoptions, asked by the office pages, the services and the admin through `user.has_perm`). The
public reads every campaign and adoption: they are public acts of the network and its members.
"""

from cocopa.core.roles import add_model_perms, is_peace_office


def register() -> None:
    add_model_perms("campaigns", is_peace_office)
