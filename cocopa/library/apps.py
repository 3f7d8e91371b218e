from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "cocopa.library"
    label = "library"
    verbose_name = _("Documents library")

    def ready(self) -> None:
        from cocopa.library import permissions

        permissions.register()

        # Writes of the library's rows (services, history) are chained into the audit trail.
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
