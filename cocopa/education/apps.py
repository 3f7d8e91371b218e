from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "cocopa.education"
    label = "education"
    verbose_name = _("Peace education")

    def ready(self) -> None:
        from cocopa.education import permissions

        permissions.register()

        # Writes of programmes, activities and topics (services, history) are chained into the audit trail.
        from cocopa.core import audit, dataversion
        from cocopa.education import models as m

        audit.follow_history(m.Topic, m.Programme, m.Activity)
        # Writes here move the data version (core/dataversion.py), as the other registers' do, so a
        # cache keyed on it never serves figures older than the register.
        dataversion.watch(self, m.Topic, m.Programme, m.Activity, m.Activity.topics.through)
