"""cocopa verify_audit: recompute the audit chain and report the first entry that does not hold."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocopa.core import audit
from cocopa.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit 1 at the first altered, missing or reordered entry."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count, broken = audit.verify()
        if broken is not None:
            event_id = broken.id
            if event_id is None:
                event_id = AuditEvent.objects.filter(seq=broken.seq).values_list("id", flat=True).first()
            where = f"seq {broken.seq}" + (f" (id {event_id})" if event_id is not None else "")
            raise CommandError(f"Audit chain broken at {where}: {broken.reason}.", returncode=1)
        last = AuditEvent.objects.order_by("-seq").values_list("hash", flat=True).first() or "-"
        self.stdout.write(
            f"{count} entries, chain intact ({time.monotonic() - started:.1f} s); last hash {last}."
        )
