from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiTokensConfig(AppConfig):
    name = "cocopa.apitokens"
    label = "apitokens"
    verbose_name = _("API tokens")

    def ready(self) -> None:
        from cocopa.apitokens import permissions

        permissions.register()
