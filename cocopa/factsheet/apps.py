from django.apps import AppConfig


class FactsheetConfig(AppConfig):
    name = "cocopa.factsheet"
    label = "factsheet"
    verbose_name = "Factsheet"

    def ready(self) -> None:
        from cocopa.factsheet import permissions

        permissions.register()
