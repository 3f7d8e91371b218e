from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "cocopa.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from cocopa.campaigns import permissions

        permissions.register()

        # Writes of campaigns and adoptions (services, history) are chained into the audit trail,
        # and change the data version the public pages' caches are keyed on.
        from cocopa.campaigns.models import Adoption, Campaign
        from cocopa.core import audit, dataversion

        audit.follow_history(*self.get_models())
        dataversion.watch(self, Campaign, Adoption)
