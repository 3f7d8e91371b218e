from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "cocopa.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from cocopa.governance import permissions

        permissions.register()

        # The factsheet's "how it works" (bodies, positions, who holds them) is part of its cached
        # PDF (core.dataversion): a change of mandate must make it anew. So are a member's yearly
        # report's resolutions with the member's part in their vote (motions, roll-call).
        from cocopa.core import dataversion
        from cocopa.governance import models as m

        dataversion.watch(
            self, m.Body, m.Position, m.Mandate, m.Person, m.Designation, m.Resolution, m.Motion, m.RollCall
        )

        # Admin edits of governance's rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
