from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cocopa.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from cocopa.network import permissions

        permissions.register()
