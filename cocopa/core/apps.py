from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # apps.py has a second AppConfig (the admin's), so say which one is core's
    name = "cocopa.core"
    label = "core"
    verbose_name = _("Sources and audit trail")

    def ready(self) -> None:
        from cocopa.core import audit, dataversion, permissions
        from cocopa.core.models import Source

        permissions.register()
        dataversion.watch(self, Source)
        audit.follow_history(Source)


THIRD_PARTY_APP_NAMES = {
    "axes": _("Login attempts"),
    "otp_totp": _("Second factor (authenticator apps)"),
    "django_otp": _("Second factor"),
    "simple_history": _("Change history"),
}


class AdminConfig(SimpleAdminConfig):
    """Django's admin, discovering every app's admin module except django-leaflet's.

    leaflet.admin imports GeoDjango, which needs the GDAL C library; cocopa stores coordinates as
    plain decimals and uses Leaflet only to draw public maps, so it needs neither.
    """

    default_site = "django.contrib.admin.sites.AdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib import admin
        from django.contrib.admin import options
        from django.db import models

        from cocopa.core.formfields import BoundedJSONField

        # Before the admin classes are made: each copies these defaults when registered.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.JSONField] = {"form_class": BoundedJSONField}
        for app_config in apps.get_app_configs():
            if app_config.name != "leaflet" and module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
        # The admin in the network's words, not "Django administration" (issue 13, point 8).
        admin.site.site_header = _("Co.Co.Pa. back office")
        admin.site.site_title = _("Co.Co.Pa. back office")
        admin.site.index_title = _("Back office")
        # Third-party apps name themselves after their label ("Axes", "Otp_Totp"); an app's
        # verbose_name is not recorded in migrations, so naming them here changes no model.
        for label, name in THIRD_PARTY_APP_NAMES.items():
            apps.get_app_config(label).verbose_name = name
        # django-otp's device and Django's permission names, in the admin's forms and columns.
        from cocopa.core import admin_vendor

        admin_vendor.relabel()
