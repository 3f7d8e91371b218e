from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "cocopa.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from cocopa.members import permissions

        permissions.register()
