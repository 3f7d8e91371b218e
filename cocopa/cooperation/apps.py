from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cocopa.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation and city diplomacy")

    def ready(self) -> None:
        from cocopa.cooperation import permissions

        permissions.register()

        # The overview and the map's GeoJSON are cached per data version, with the tables their filters join.
        from cocopa.cooperation import models as m
        from cocopa.core import dataversion

        dataversion.watch(
            self,
            m.Initiative,
            m.Initiative.fields_of_action.through,
            m.Initiative.fields_of_intervention.through,
            m.InitiativeKind,
            m.Organisation,
            m.Participation,
            m.Place,
            m.PortfolioClaim,
            m.Publisher,
            m.RecipientCountry,
            # A member's yearly report (factsheet) shows the year's budgets and its contributions.
            m.Initiative.sources.through,
            m.Budget,
            m.Transaction,
        )
