from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "cocopa.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The searched apps never hear of search: its receivers listen to their models' saves
        # (the list is kinds.WATCHED), and a first migrate fills an empty index.
        from django.db.models.signals import post_migrate

        from cocopa.search import index

        index.connect_signals()
        post_migrate.connect(index.fill_if_empty, sender=self)
