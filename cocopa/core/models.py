"""Cross-cutting records: the sources facts come from, and the audit trail of services."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Source(models.Model):
    """A public document a fact was taken from (a press release, a council act, a web page)."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("Short reference, e.g. S45."))
    title = models.CharField(_("title"), max_length=500)
    # Public pages cite a source as a reader expects: publisher, «title», date (core/sources.py).
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who published it, as a citation names it: a newspaper, an office, ISTAT."),
    )
    url = models.CharField(_("address"), max_length=500, blank=True)
    published = models.CharField(
        _("date"), max_length=200, blank=True, help_text=_("As the source gives it; may be approximate.")
    )
    kind = models.CharField(_("type"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    date_uncertain = models.BooleanField(_("date uncertain"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def is_web_link(self) -> bool:
        return self.url.startswith(("http://", "https://"))


class AuditEvent(models.Model):
    """One thing a service did: who (none for system jobs), what, to which record, with which data.

    Entries form a hash chain (core.chain): `hash` covers the content, `seq` and the previous
    entry's hash, so `cocopa verify_audit` finds any edit, removal or reordering.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: an audited user is deactivated, never deleted, so "who" and the hash stay valid.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb}"


class AuditChainHead(models.Model):
    """The one row holding the audit chain's last seq and hash.

    Appending locks it (an UPDATE of the row) inside the writer's transaction, so appends are
    serialised across app servers and a rolled-back append leaves no gap.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


class DataVersion(models.Model):
    """One row whose token changes on every write to the tables public reads are cached from.

    Database triggers change it (core.dataversion), so bulk writes and raw SQL count too, and
    every app server sharing the database sees the same token. See docs/decisions/0003.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return self.token
