from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cocopa.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from cocopa.news import permissions

        permissions.register()

        # Admin edits of posts are chained into the audit trail (core.audit).
        from cocopa.core import audit

        audit.follow_history(*self.get_models())
