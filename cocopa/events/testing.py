"""Kinds and events for tests, written by the system (no actor)."""

from typing import Any

from cocopa.events import services
from cocopa.events.models import Event, EventKind


def kind(key: str = "seminar") -> EventKind:
    if not EventKind.objects.exists():
        services.add_standard_kinds(actor=None)
    return EventKind.objects.get(key=key)


def make_event(**fields: Any) -> Event:
    fields.setdefault("title_it", "Seminario sulla pace")
    fields.setdefault("start", "2026-03-14")
    if "kind" not in fields or isinstance(fields["kind"], str):
        fields["kind"] = kind(fields.get("kind", "seminar"))
    return services.create_event(services.EventInput(**fields), actor=None)
