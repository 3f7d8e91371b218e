from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cocopa.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from cocopa.network import permissions

        permissions.register()

        # The network's profile, fields, founding claims and websites feed cached reads (core.dataversion),
        # the factsheet's PDF among them.
        from cocopa.core import dataversion
        from cocopa.network import models as m

        dataversion.watch(
            self,
            m.FieldOfAction,
            m.FieldOfIntervention,
            m.NetworkProfile,
            m.FoundingClaim,
            m.FoundingClaim.sources.through,
            m.Website,
            m.Website.sources.through,
        )

        # Admin edits of the network's rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
