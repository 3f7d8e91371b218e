from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "cocopa.apitokens"
    label = "apitokens"
    verbose_name = "API tokens"

    def ready(self) -> None:
        from cocopa.apitokens import permissions

        permissions.register()
