from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One public thing in one language as the search finds it: a copy, rebuilt from the searched
    apps' rows (index.py), never edited by hand. Only what the public site shows is copied, so a
    search can never reveal anything else."""

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=5)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    # fold.fold() of the title, and of the title and text together: what queries compare.
    title_folded = models.CharField(max_length=500)
    folded = models.TextField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes: ClassVar = [models.Index(fields=["language", "kind"], name="search_language_kind")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_one_entry_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language}): {self.title}"
