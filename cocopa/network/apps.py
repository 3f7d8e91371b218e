from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cocopa.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from cocopa.network import permissions

        permissions.register()

        # Size classes and the network's profile feed cached reads (core.dataversion).
        from cocopa.core import dataversion
        from cocopa.network import models as m

        dataversion.watch(self, m.FieldOfAction, m.FieldOfIntervention, m.NetworkProfile)

        # Admin edits of the network's rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
