from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "cocopa.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from cocopa.members import permissions

        permissions.register()

        # Statistics and member lists are cached per data version (core.dataversion).
        from cocopa.core import dataversion
        from cocopa.members import models as m

        dataversion.watch(
            self, m.LocalAuthority, m.Membership, m.PopulationFigure, m.ReportedCount, m.SizeClass
        )

        # Admin edits of members' rows are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
