"""Events with a place on the map, as GeoJSON features (RFC 7946: longitude first). Pure."""

from collections.abc import Iterable
from typing import Any

from cocopa.events.models import Event


def features(events: Iterable[Event]) -> list[dict[str, Any]]:
    found = []
    for event in events:
        point = event.coordinates
        if point is None:
            continue
        latitude, longitude = point
        found.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {
                    "id": event.pk,
                    "title": event.title,
                    # The map's popup (cooperation/_map.html) shows name · period under the link.
                    "name": event.address or (event.place_authority.name if event.place_authority else ""),
                    "period": event.when,
                    "kind": event.kind.key,
                    "url": event.get_absolute_url(),
                },
            }
        )
    return found


def collection(events: Iterable[Event]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features(events)}
