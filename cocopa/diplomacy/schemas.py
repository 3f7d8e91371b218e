"""The API's shapes of agreements and missions: public fields only. People appear only as the
public label the site shows (a name only beside a public office)."""

from ninja import Field, Schema

from cocopa.core.dates import format_partial
from cocopa.diplomacy.models import Agreement, Mission


class PartyAbroadOut(Schema):
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2.")
    latitude: float | None
    longitude: float | None
    website: str


class MemberRefOut(Schema):
    slug: str
    name: str


class AgreementOut(Schema):
    id: int
    kind: str = Field(description="Key of the kind: twinning, friendship-pact, memorandum …")
    kind_name: str
    title: str
    description: str
    members: list[MemberRefOut]
    parties_abroad: list[PartyAbroadOut]
    signed_on: str = Field(
        description="YYYY, YYYY-MM or YYYY-MM-DD as the source gives it; empty when unknown."
    )
    ended_on: str
    act_body: str
    act_number: str
    act_on: str
    initiatives: list[str] = Field(description="Identifiers of the linked initiatives.")
    source: str = Field(description="Code of the source; empty when none is recorded.")
    uncertain: bool
    uncertain_note: str
    url: str

    @staticmethod
    def resolve_kind(obj: Agreement) -> str:
        return obj.kind.key

    @staticmethod
    def resolve_kind_name(obj: Agreement) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_members(obj: Agreement) -> list[dict[str, str]]:
        return [{"slug": m.slug, "name": m.name} for m in obj.members.all()]

    @staticmethod
    def resolve_parties_abroad(obj: Agreement) -> list[dict[str, object]]:
        return [
            {
                "name": p.name,
                "country": p.country.code,
                "latitude": float(p.latitude) if p.latitude is not None else None,
                "longitude": float(p.longitude) if p.longitude is not None else None,
                "website": p.website,
            }
            for p in obj.foreign_authorities.all()
        ]

    @staticmethod
    def resolve_signed_on(obj: Agreement) -> str:
        return format_partial(obj.signed_on, obj.signed_on_precision)

    @staticmethod
    def resolve_ended_on(obj: Agreement) -> str:
        return format_partial(obj.ended_on, obj.ended_on_precision)

    @staticmethod
    def resolve_act_on(obj: Agreement) -> str:
        return obj.act_on.isoformat() if obj.act_on else ""

    @staticmethod
    def resolve_initiatives(obj: Agreement) -> list[str]:
        return [i.identifier for i in obj.initiatives.all()]

    @staticmethod
    def resolve_source(obj: Agreement) -> str:
        return obj.source.code if obj.source else ""

    @staticmethod
    def resolve_url(obj: Agreement) -> str:
        return obj.get_absolute_url()


class ParticipantOut(Schema):
    shown_as: str = Field(description="The office; with the name before it only for a public office holder.")
    member: str = Field(description="Slug of the member they took part for; empty when none.")


class CostOut(Schema):
    item: str
    amount: str = Field(description="Decimal, as text.")
    currency: str
    paid_by: str


class MissionOut(Schema):
    id: int
    direction: str = Field(description="outgoing (a mission abroad) or incoming (a delegation received).")
    title: str
    purpose: str
    outcomes: str
    place: str
    country: str
    latitude: float | None
    longitude: float | None
    started_on: str = Field(
        description="YYYY, YYYY-MM or YYYY-MM-DD as the source gives it; empty when unknown."
    )
    ended_on: str
    members: list[MemberRefOut]
    participants: list[ParticipantOut]
    costs: list[CostOut]
    initiatives: list[str]
    agreements: list[int]
    events: list[int] = Field(description="Ids of the linked public events (/api/v1/events/{id}).")
    source: str
    uncertain: bool
    uncertain_note: str
    url: str

    @staticmethod
    def resolve_country(obj: Mission) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_latitude(obj: Mission) -> float | None:
        return float(obj.latitude) if obj.latitude is not None else None

    @staticmethod
    def resolve_longitude(obj: Mission) -> float | None:
        return float(obj.longitude) if obj.longitude is not None else None

    @staticmethod
    def resolve_started_on(obj: Mission) -> str:
        return format_partial(obj.started_on, obj.started_on_precision)

    @staticmethod
    def resolve_ended_on(obj: Mission) -> str:
        return format_partial(obj.ended_on, obj.ended_on_precision)

    @staticmethod
    def resolve_members(obj: Mission) -> list[dict[str, str]]:
        return [{"slug": m.slug, "name": m.name} for m in obj.members.all()]

    @staticmethod
    def resolve_participants(obj: Mission) -> list[dict[str, str]]:
        return [
            {"shown_as": p.public_label, "member": p.member.slug if p.member else ""}
            for p in obj.participants.all()
        ]

    @staticmethod
    def resolve_costs(obj: Mission) -> list[dict[str, str]]:
        return [
            {"item": c.item, "amount": str(c.amount), "currency": c.currency, "paid_by": c.payer}
            for c in obj.costs.all()
        ]

    @staticmethod
    def resolve_initiatives(obj: Mission) -> list[str]:
        return [i.identifier for i in obj.initiatives.all()]

    @staticmethod
    def resolve_agreements(obj: Mission) -> list[int]:
        return [a.pk for a in obj.agreements.all()]

    @staticmethod
    def resolve_events(obj: Mission) -> list[int]:
        return [e.pk for e in obj.events.all() if e.is_public]

    @staticmethod
    def resolve_source(obj: Mission) -> str:
        return obj.source.code if obj.source else ""

    @staticmethod
    def resolve_url(obj: Mission) -> str:
        return obj.get_absolute_url()
