"""The JSON shapes of campaigns and their adoptions: public fields only (no office notes on who
recorded what)."""

import datetime as dt

from ninja import Field, Schema

from cocopa.campaigns.models import Adoption, Campaign
from cocopa.core.dates import format_partial
from cocopa.core.schemas import SourceOut


class AdoptionOut(Schema):
    """A member's adoption of the campaign, or the network's own part in it."""

    member: str | None = Field(
        description="Slug of the member that adopted it (`001272`); null for the network itself."
    )
    member_name: str | None
    network: bool = Field(description="True when the network itself takes part rather than a member.")
    adopted: str = Field(
        description="Date of adoption at the precision the source gives: `2014`, `2014-06`, `2014-06-23`; empty when not known."
    )
    act_body: str = Field(description="`council`, `executive` or `other`; empty when not known.")
    act_number: str
    act_on: dt.date | None
    act_document: str | None = Field(description="Address of the act's public document, if any.")
    source: SourceOut | None
    uncertain: bool
    note: str

    @staticmethod
    def resolve_member(obj: Adoption) -> str | None:
        return obj.member.slug if obj.member else None

    @staticmethod
    def resolve_member_name(obj: Adoption) -> str | None:
        return obj.member.name if obj.member else None

    @staticmethod
    def resolve_network(obj: Adoption) -> bool:
        return obj.network_id is not None

    @staticmethod
    def resolve_adopted(obj: Adoption) -> str:
        return format_partial(obj.adopted_on, obj.adopted_precision)

    @staticmethod
    def resolve_act_document(obj: Adoption) -> str | None:
        doc = obj.act_document
        return doc.get_absolute_url() if doc is not None and doc.is_public else None


class CampaignOut(Schema):
    """A campaign with its adoptions."""

    slug: str
    name: str
    description: str
    kind: str = Field(description="`national_day`, `petition`, `appeal`, `motion` or `other`.")
    kind_name: str
    promoter: str
    start: str = Field(
        description="At the precision the source gives: `2014`, `2014-06`, `2014-06-23`; empty when not known."
    )
    end: str
    field_of_action: str | None
    initiatives: list[str] = Field(description="Identifiers of the linked initiatives.")
    documents: list[str] = Field(description="Addresses of the linked public documents.")
    source: SourceOut | None
    uncertain: bool
    note: str
    adopting_members: int = Field(description="How many members adopted it (the network's own part apart).")
    adoptions: list[AdoptionOut]

    @staticmethod
    def resolve_kind_name(obj: Campaign) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_start(obj: Campaign) -> str:
        return format_partial(obj.start_on, obj.start_precision)

    @staticmethod
    def resolve_end(obj: Campaign) -> str:
        return format_partial(obj.end_on, obj.end_precision)

    @staticmethod
    def resolve_field_of_action(obj: Campaign) -> str | None:
        return obj.field_of_action.name if obj.field_of_action else None

    @staticmethod
    def resolve_initiatives(obj: Campaign) -> list[str]:
        return [i.identifier for i in obj.initiatives.all()]

    @staticmethod
    def resolve_documents(obj: Campaign) -> list[str]:
        return [d.get_absolute_url() for d in obj.documents.all() if d.is_public]

    @staticmethod
    def resolve_adopting_members(obj: Campaign) -> int:
        return sum(1 for a in obj.adoptions.all() if a.member_id is not None)

    @staticmethod
    def resolve_adoptions(obj: Campaign) -> list[Adoption]:
        return list(obj.adoptions.all())
