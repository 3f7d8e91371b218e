"""Who keeps the events register: the peace office (Django's model permissions on events and
kinds, asked by the office pages, the services and the API through `user.has_perm`). The public
reads the events marked public; the others stay in the office."""

from cocopa.core.roles import add_model_perms, is_peace_office


def register() -> None:
    add_model_perms("events", is_peace_office)
