from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "cocopa.apitokens"
    label = "apitokens"
    verbose_name = "API tokens"
