"""Who may write city diplomacy: the peace office (Django's model permissions on agreements,
missions, their parts and foreign authorities, asked through `user.has_perm` by the office pages,
the services and the admin). The public reads every agreement and mission, with the names of
people only where they took part as holders of a public office."""

from cocopa.core.roles import add_model_perms, is_peace_office


def register() -> None:
    add_model_perms("diplomacy", is_peace_office)
