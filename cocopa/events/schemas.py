"""JSON shapes of the events API: public fields only, texts in the request's language (`?lang=`)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Schema

from cocopa.core.dates import format_partial
from cocopa.core.schemas import SourceOut
from cocopa.events.models import Event


class MemberRefOut(Schema):
    slug: str = Field(description="The member's public code: ISTAT code, or `<kind>-<code>`.")
    name: str


class EventOut(Schema):
    """An event of the register, as the public calendar shows it."""

    id: int
    title: str
    description: str
    kind: str = Field(description="Key of the kind of event: `conference`, `seminar`, `hearing` …")
    kind_name: str
    field_of_action: str = Field(description="Name of the network's field of action; empty when none.")
    start: str = Field(
        description="YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only the month or year."
    )
    end: str = Field(description="As `start`; empty for an event of one day.")
    all_day: bool
    starts_at: dt.datetime | None = Field(description="A timed event's start, in Europe/Rome time.")
    ends_at: dt.datetime | None
    address: str
    municipality: MemberRefOut | None
    country: str = Field(description="ISO 3166-1 alpha-2 code of the place; empty when unknown.")
    latitude: Decimal | None
    longitude: Decimal | None
    organisers: list[MemberRefOut]
    participants: list[MemberRefOut]
    initiatives: list[str] = Field(description="Identifiers of the linked initiatives.")
    countries: list[str]
    sources: list[SourceOut]
    uncertain: bool
    uncertain_note: str
    url: str

    @staticmethod
    def resolve_kind(obj: Event) -> str:
        return obj.kind.key

    @staticmethod
    def resolve_kind_name(obj: Event) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_field_of_action(obj: Event) -> str:
        return obj.field_of_action.name if obj.field_of_action else ""

    @staticmethod
    def resolve_start(obj: Event) -> str:
        return format_partial(obj.start_on, obj.start_precision)

    @staticmethod
    def resolve_end(obj: Event) -> str:
        return format_partial(obj.end_on, obj.end_precision)

    @staticmethod
    def resolve_starts_at(obj: Event) -> dt.datetime | None:
        return timezone.localtime(obj.starts_at) if obj.starts_at else None

    @staticmethod
    def resolve_ends_at(obj: Event) -> dt.datetime | None:
        return timezone.localtime(obj.ends_at) if obj.ends_at else None

    @staticmethod
    def resolve_municipality(obj: Event) -> dict[str, str] | None:
        a = obj.place_authority
        return {"slug": a.slug, "name": a.name} if a else None

    @staticmethod
    def resolve_country(obj: Event) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_organisers(obj: Event) -> list[dict[str, str]]:
        return [{"slug": m.slug, "name": m.name} for m in obj.organisers.all()]

    @staticmethod
    def resolve_participants(obj: Event) -> list[dict[str, str]]:
        return [{"slug": m.slug, "name": m.name} for m in obj.participants.all()]

    @staticmethod
    def resolve_initiatives(obj: Event) -> list[str]:
        return [i.identifier for i in obj.initiatives.all()]

    @staticmethod
    def resolve_countries(obj: Event) -> list[str]:
        return [c.code for c in obj.countries]

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()
