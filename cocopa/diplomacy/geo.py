"""The network's relationships abroad as GeoJSON: a line from each member party of an agreement to
each party abroad (where both have coordinates), a point per party abroad, a point per mission's
destination or origin. Coordinates mark the town, not the site."""

from typing import Any

from django.utils.translation import gettext as _

from cocopa.diplomacy import queries
from cocopa.diplomacy.models import Agreement, Mission


def _lonlat(obj: Any) -> list[float]:
    return [float(obj.longitude), float(obj.latitude)]


def _agreement_features(agreement: Agreement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    props = {"title": agreement.title, "url": agreement.get_absolute_url(), "period": agreement.period}
    for partner in agreement.foreign_authorities.all():
        if not partner.located:
            continue
        found.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": _lonlat(partner)},
                "properties": {**props, "kind": "partner", "name": partner.name},
            }
        )
        for member in agreement.members.all():
            if member.latitude is None or member.longitude is None:
                continue
            found.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [_lonlat(member), _lonlat(partner)]},
                    "properties": {**props, "kind": "link", "name": f"{member.name} – {partner.name}"},
                }
            )
    return found


def _mission_feature(mission: Mission) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": _lonlat(mission)},
        "properties": {
            "kind": "mission",
            "name": mission.place or str(mission.country.name),
            "title": mission.title,
            "url": mission.get_absolute_url(),
            "period": mission.period,
            "direction": str(mission.get_direction_display()),
        },
    }


def network() -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for agreement in queries.agreements():
        features.extend(_agreement_features(agreement))
    features.extend(_mission_feature(m) for m in queries.missions() if m.located)
    return {"type": "FeatureCollection", "name": _("Relationships abroad"), "features": features}
