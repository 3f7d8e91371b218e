from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsheetConfig(AppConfig):
    name = "cocopa.factsheet"
    label = "factsheet"
    verbose_name = _("Factsheet")

    def ready(self) -> None:
        from cocopa.factsheet import permissions

        permissions.register()
