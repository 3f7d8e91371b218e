"""The API's shapes of peace education: public fields only (no one's name is recorded)."""

from decimal import Decimal

from ninja import Field, Schema

from cocopa.core.schemas import SourceOut
from cocopa.education.models import Activity, Programme


class TopicOut(Schema):
    key: str
    name: str


class ProgrammeOut(Schema):
    slug: str
    title: str
    description: str
    method: str = Field(description="How it is taught, e.g. nonviolence; not a topic.")
    from_year: int | None
    to_year: int | None
    partners: list[str] = Field(description="Partner organisations, as recorded.")
    topics: list[TopicOut]
    field_of_action: str = Field(description="The network's field of action; empty when not recorded.")
    source: SourceOut | None
    url: str = Field(description="The programme's public page.")

    @staticmethod
    def resolve_partners(obj: Programme) -> list[str]:
        return obj.partner_list

    @staticmethod
    def resolve_topics(obj: Programme) -> list[TopicOut]:
        return [TopicOut(key=t.key, name=t.name) for t in obj.topics.all()]

    @staticmethod
    def resolve_field_of_action(obj: Programme) -> str:
        return obj.field_of_action.name if obj.field_of_action else ""

    @staticmethod
    def resolve_url(obj: Programme) -> str:
        return obj.get_absolute_url()


class ActivityOut(Schema):
    id: int
    programme: str = Field(description="The programme's slug.")
    member: str = Field(description="The member's public slug (ISTAT code for a municipality).")
    member_name: str
    school_name: str
    school_code: str = Field(
        description="The Ministry's school code (codice meccanografico); empty when not known."
    )
    school_year: str = Field(description="As Italian schools write it: `2024/25` (1 September to 31 August).")
    level: Activity.Level
    classes: int
    pupils: int
    teachers: int
    hours: Decimal
    materials: str
    topics: list[str] = Field(description="Keys of the topics.")
    source: SourceOut | None

    @staticmethod
    def resolve_programme(obj: Activity) -> str:
        return obj.programme.slug

    @staticmethod
    def resolve_member(obj: Activity) -> str:
        return obj.member.slug

    @staticmethod
    def resolve_member_name(obj: Activity) -> str:
        return obj.member.name

    @staticmethod
    def resolve_school_year(obj: Activity) -> str:
        return obj.school_year_label

    @staticmethod
    def resolve_topics(obj: Activity) -> list[str]:
        return [t.key for t in obj.topics.all()]
