from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "cocopa.office"
    label = "office"
    verbose_name = _("Office")

    def ready(self) -> None:
        from cocopa.office import permissions

        permissions.register()
