from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.utils.module_loading import module_has_submodule


class CoreConfig(AppConfig):
    default = True  # apps.py has a second AppConfig (the admin's), so say which one is core's
    name = "cocopa.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from cocopa.core import audit, permissions

        permissions.register()
        post_migrate.connect(_install_data_version_triggers, sender=self)
        post_create_historical_record.connect(audit.history_recorded, dispatch_uid="core.audit.history")


def _install_data_version_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from cocopa.core import dataversion

    dataversion.install_triggers(connections[using])


class AdminConfig(SimpleAdminConfig):
    """Django's admin, discovering every app's admin module except django-leaflet's.

    leaflet.admin imports GeoDjango, which needs the GDAL C library; cocopa stores coordinates as
    plain decimals and uses Leaflet only to draw public maps, so it needs neither.
    """

    default_site = "django.contrib.admin.sites.AdminSite"

    def ready(self) -> None:
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name != "leaflet" and module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
