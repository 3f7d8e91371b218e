"""record(): the one way services write to the audit trail, inside their transaction."""

from typing import Any

from django.contrib.auth.models import User
from django.db import models

from cocopa.core.models import AuditEvent


def record(
    actor: User | None, verb: str, target: models.Model | None = None, data: dict[str, Any] | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        verb=verb,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
