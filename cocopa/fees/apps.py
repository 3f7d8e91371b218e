from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "cocopa.fees"
    label = "fees"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        from cocopa.fees import permissions

        permissions.register()

        # `cocopa reminders` lists fee arrears too: governance owns the command, fees adds its check.
        from cocopa.fees.reminders import fee_arrears
        from cocopa.governance.reminders import CHECKS

        CHECKS["fee_arrears"] = fee_arrears
