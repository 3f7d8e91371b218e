from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "cocopa.public"
    label = "public"
    verbose_name = "Public site"
