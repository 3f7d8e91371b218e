from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomacyConfig(AppConfig):
    name = "cocopa.diplomacy"
    label = "diplomacy"
    verbose_name = _("City diplomacy")

    def ready(self) -> None:
        from cocopa.diplomacy import permissions

        permissions.register()

        # Writes of the register (services, history) are chained into the audit trail.
        from cocopa.core import audit, dataversion
        from cocopa.diplomacy import models as m

        audit.follow_history(*self.get_models())
        # A member's yearly report (factsheet) reads who took part: the join tables and participants.
        dataversion.watch(
            self,
            m.Agreement,
            m.Mission,
            m.ForeignAuthority,
            m.AgreementKind,
            m.Agreement.members.through,
            m.Agreement.foreign_authorities.through,
            m.Mission.members.through,
            m.Participant,
        )
