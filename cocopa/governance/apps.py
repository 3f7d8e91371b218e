from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "cocopa.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from cocopa.governance import permissions

        permissions.register()

        # Admin edits of governance's rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
