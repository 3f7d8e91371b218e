from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule


class CoreConfig(AppConfig):
    default = True  # apps.py has a second AppConfig (the admin's), so say which one is core's
    name = "cocopa.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from cocopa.core import audit, dataversion, permissions
        from cocopa.core.models import Source

        permissions.register()
        dataversion.watch(self, Source)
        audit.follow_history(Source)


class AdminConfig(SimpleAdminConfig):
    """Django's admin, discovering every app's admin module except django-leaflet's.

    leaflet.admin imports GeoDjango, which needs the GDAL C library; cocopa stores coordinates as
    plain decimals and uses Leaflet only to draw public maps, so it needs neither.
    """

    default_site = "django.contrib.admin.sites.AdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.admin import options
        from django.db import models

        from cocopa.core.formfields import BoundedJSONField

        # Before the admin classes are made: each copies these defaults when registered.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.JSONField] = {"form_class": BoundedJSONField}
        for app_config in apps.get_app_configs():
            if app_config.name != "leaflet" and module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
