from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "cocopa.fees"
    label = "fees"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        from cocopa.fees import permissions

        permissions.register()

        # Admin edits of fees' rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
