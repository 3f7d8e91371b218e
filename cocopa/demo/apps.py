from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cocopa.demo"
    label = "demo"
    verbose_name = "Demo network"
