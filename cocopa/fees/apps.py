from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "cocopa.fees"
    label = "fees"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        from cocopa.fees import permissions

        permissions.register()

        # A member's yearly report (factsheet, "what membership gave us") shows its fee of the year
        # from a cached PDF (core.dataversion): a write to the accounts must make it anew.
        from cocopa.core import dataversion
        from cocopa.fees import models as m

        dataversion.watch(self, m.Assessment, m.Payment, m.Allocation, m.Waiver, m.Refund)

        # Admin edits of fees' rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
