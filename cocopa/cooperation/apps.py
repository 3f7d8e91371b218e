from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cocopa.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation and city diplomacy")

    def ready(self) -> None:
        from cocopa.cooperation import permissions

        permissions.register()
