"""JSON shapes of the cooperation API: initiatives in lists and in full, and places as GeoJSON.

Texts are in the request's language (`?lang=`); errors are cocopa.core.schemas.ErrorOut.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from cocopa.cooperation import queries
from cocopa.cooperation.models import DateClaim, Initiative, Participation, Place, RecipientCountry


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2; IT for the network's work at home.")
    name: str

    @staticmethod
    def resolve_name(obj: RecipientCountry) -> str:
        return queries.country_name(obj.code)


class PublisherOut(Schema):
    """Another IATI publisher, whose activity the peace office chose to show."""

    ref: str = Field(description="Its IATI organisation identifier (reporting-org).")
    name: str = Field(description="Its name as it publishes it; its identifier when it gives none.")


class InitiativeOut(Schema):
    """An initiative as lists show it."""

    identifier: str
    title: str
    kind: str = Field(description="Key of the kind of initiative: `cooperation`, `mission` …")
    kind_name: str
    status: str = Field(description="IATI ActivityStatus code; empty when no source says.")
    status_name: str
    start: dt.date | None = Field(description="Actual start, else planned; see `period` for its precision.")
    end: dt.date | None = Field(description="Actual end, else planned.")
    period: str = Field(description="The period at the precision sources give it: `2015–2017`, `2022-12`.")
    uncertain: bool
    countries: list[CountryOut]
    url: str = Field(description="The initiative's public page.")
    published_by: PublisherOut | None = Field(
        description="Who publishes this activity in IATI, when it is another organisation's that the "
        "peace office chose to show (its page says so); null for the network's own initiatives. "
        "Another publisher's activity is never counted in the network's lists or figures."
    )

    @staticmethod
    def resolve_kind(obj: Initiative) -> str:
        return obj.kind.key

    @staticmethod
    def resolve_kind_name(obj: Initiative) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_status_name(obj: Initiative) -> str:
        return str(queries.STATUS_LABELS.get(obj.status, ""))

    @staticmethod
    def resolve_start(obj: Initiative) -> dt.date | None:
        return obj.start_on

    @staticmethod
    def resolve_end(obj: Initiative) -> dt.date | None:
        return obj.end_on

    @staticmethod
    def resolve_period(obj: Initiative) -> str:
        return obj.period_label

    @staticmethod
    def resolve_countries(obj: Initiative) -> list[RecipientCountry]:
        return list(obj.countries.all())

    @staticmethod
    def resolve_url(obj: Initiative) -> str:
        return reverse("cooperation:initiative", args=[obj.identifier])

    @staticmethod
    def resolve_published_by(obj: Initiative) -> dict[str, str] | None:
        publisher = obj.publisher
        if publisher is None:
            return None
        return {"ref": publisher.ref, "name": publisher.name or publisher.ref}


class PlaceOut(Schema):
    name: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    exactness: str = Field(description="IATI LocationExactness: 1 exact, 2 approximate.")


class ParticipationOut(Schema):
    organisation: str
    role: str = Field(
        description="IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing."
    )
    role_name: str
    lead: bool
    share: Decimal | None = Field(description="Share of the funding in per cent, when known.")
    member: str | None = Field(description="Slug of the member authority, when the organisation is one.")

    @staticmethod
    def resolve_organisation(obj: Participation) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_role_name(obj: Participation) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_member(obj: Participation) -> str | None:
        authority = obj.organisation.authority
        return authority.slug if authority else None


class DateClaimOut(Schema):
    which: str = Field(description="`start`, `end` or `period`.")
    text: str = Field(description="The date as the source gives it.")
    source: str | None = Field(description="Code of the source.")
    used: bool = Field(description="True when the initiative's dates follow this claim.")

    @staticmethod
    def resolve_source(obj: DateClaim) -> str | None:
        return obj.source.code if obj.source else None


class InitiativeDetailOut(InitiativeOut):
    """An initiative in full: where, with whom, and every date a source gives."""

    description: str
    notes: str
    fields_of_action: list[str]
    fields_of_intervention: list[str]
    places: list[PlaceOut]
    participations: list[ParticipationOut]
    date_claims: list[DateClaimOut]

    @staticmethod
    def resolve_fields_of_action(obj: Initiative) -> list[str]:
        return [f.name for f in obj.fields_of_action.all()]

    @staticmethod
    def resolve_fields_of_intervention(obj: Initiative) -> list[str]:
        return [f.name for f in obj.fields_of_intervention.all()]

    @staticmethod
    def resolve_places(obj: Initiative) -> list[Place]:
        return list(obj.places.all())

    @staticmethod
    def resolve_participations(obj: Initiative) -> list[Participation]:
        return list(obj.participations.all())

    @staticmethod
    def resolve_date_claims(obj: Initiative) -> list[DateClaim]:
        return list(obj.date_claims.all())


class PointOut(Schema):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="Longitude, latitude (GeoJSON order).")


class PlacePropertiesOut(Schema):
    name: str
    country: str
    exactness: str
    initiative: str = Field(description="Identifier of the initiative.")
    title: str
    kind: str
    kind_name: str
    period: str
    url: str


class PlaceFeatureOut(Schema):
    """A place with coordinates as a GeoJSON Feature."""

    type: Literal["Feature"] = "Feature"
    geometry: PointOut
    properties: PlacePropertiesOut

    @staticmethod
    def resolve_geometry(obj: Place) -> dict[str, object]:
        return {"type": "Point", "coordinates": [float(obj.longitude or 0), float(obj.latitude or 0)]}

    @staticmethod
    def resolve_properties(obj: Place) -> dict[str, str]:
        i = obj.initiative
        return {
            "name": obj.name,
            "country": obj.country,
            "exactness": str(obj.get_exactness_display()),
            "initiative": i.identifier,
            "title": i.title,
            "kind": i.kind.key,
            "kind_name": i.kind.name,
            "period": i.period_label,
            "url": reverse("cooperation:initiative", args=[i.identifier]),
        }


class PlaceCollectionOut(Schema):
    """Places of the matching initiatives as a GeoJSON FeatureCollection (RFC 7946)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PlaceFeatureOut]
