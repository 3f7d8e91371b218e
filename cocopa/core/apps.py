from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cocopa.core"
    label = "core"
    verbose_name = "Core"
