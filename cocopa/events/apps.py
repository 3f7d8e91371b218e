from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cocopa.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from cocopa.events import permissions

        permissions.register()

        # Writes of events and kinds (services, history) are chained into the audit trail; the
        # data version follows them, as it does the registers events link to.
        from cocopa.core import audit, dataversion
        from cocopa.events import models as m

        audit.follow_history(m.Event, m.EventKind, m.Registration)
        dataversion.watch(
            self,
            m.Event,
            m.EventKind,
            m.Event.organisers.through,
            m.Event.participants.through,
            m.Event.initiatives.through,
            m.Event.documents.through,
            m.Event.sources.through,
        )
