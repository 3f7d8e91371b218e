"""JSON shapes of the governance API: bodies with their composition, mandates, meetings, resolutions.

Choices are documented inline (as in members.schemas): several models have a `Kind` or a
`Status`, which would otherwise collide as OpenAPI components.
"""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import WithJsonSchema

from cocopa.core.schemas import SourceOut
from cocopa.governance.models import Body, Mandate, Meeting, Position

BodyKind = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Body.Kind.values)})]
Began = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Mandate.Began.values)})]
Ended = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Mandate.Ended.values)})]
HolderKind = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Position.Holder.values)})]
MeetingStatus = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Meeting.Status.values)})]


class AuthorityRefOut(Schema):
    slug: str = Field(description="The member's identifier in the members API (`/api/v1/members/{slug}`).")
    name: str


class MandateOut(Schema):
    """A seat held in a body for a period; dates at the precision the sources give."""

    id: int
    body: str = Field(description="Key of the body.")
    position: str = Field(description="Key of the position within the body.")
    position_name: str
    person: str | None = Field(description="The holder's name; null when an authority holds the seat.")
    authority: AuthorityRefOut | None = Field(
        description="The member the person sits for, or the authority hosting an office."
    )
    affiliation: str
    start_on: dt.date | None = Field(description="Null for undated mandates, known only from a source.")
    start_label: str = Field(description="`2007`, `2007-05` or `2007-05-01`; empty when undated.")
    end_on: dt.date | None
    end_label: str
    began: Began
    ended: Ended | None
    uncertain: bool
    notes: str
    source: SourceOut | None

    @staticmethod
    def resolve_body(obj: Mandate) -> str:
        return obj.body.key

    @staticmethod
    def resolve_position(obj: Mandate) -> str:
        return obj.position.key

    @staticmethod
    def resolve_position_name(obj: Mandate) -> str:
        return obj.position.name

    @staticmethod
    def resolve_person(obj: Mandate) -> str | None:
        return obj.person.name if obj.person else None

    @staticmethod
    def resolve_ended(obj: Mandate) -> str | None:
        return obj.ended or None


class PositionOut(Schema):
    key: str
    name: str
    seats: int | None = Field(description="Null when the number of seats is not fixed.")
    holder: HolderKind = Field(description="Whether a person or a member authority holds the seats.")
    mandates: list[MandateOut] = Field(description="The mandates in force on the day.")
    without_holder: int | None = Field(
        description="Seats with no holder on record on the day (the record is incomplete for the past); "
        "null when the number of seats is not fixed."
    )


class AssemblySeatOut(Schema):
    member: AuthorityRefOut
    representative: str | None = Field(description="The designated representative; null when none on record.")
    basis: str | None = Field(description="`mayor` or `delegate`.")


class AssemblyOut(Schema):
    seats: int = Field(description="One seat per member in good standing on the day.")
    designated: int = Field(description="Seats with a designated representative on record.")
    members: list[AssemblySeatOut]


class QuorumRuleOut(Schema):
    member_share: str = Field(description="Share of the members, as a fraction: `1/2`.")
    strictly_more: bool = Field(description="True: more than the share; false: at least the share.")
    population_share: str | None = Field(description="Share of the population represented, when required.")
    count_proxies: bool


class RulesOut(Schema):
    defaults: bool = Field(description="True while these are the software's defaults, not the statutes'.")
    term_years: int | None
    term_uncertain: bool
    term_source: SourceOut | None
    min_seats: int | None
    notice_days: int | None
    quorum: QuorumRuleOut
    majority: str = Field(description="`simple`, `absolute`, `two_thirds` or `unanimity`.")
    weighting: str = Field(description="`members`, `population` or `double`.")
    abstentions: str
    tie: str


class BodyOut(Schema):
    key: str
    kind: BodyKind
    name: str
    description: str
    order: int
    source: SourceOut | None
    rules: RulesOut
    day: dt.date = Field(description="The day the composition is for.")
    positions: list[PositionOut] = Field(description="Empty for the Assembly, whose seats are its members.")
    assembly: AssemblyOut | None = Field(description="Only for the Assembly.")
    undated: list[MandateOut] = Field(
        description="Mandates known from the sources without dates; never counted on a day."
    )


class CountOut(Schema):
    in_favour: int = Field(description="`for` in the stored figures.")
    against: int
    abstain: int
    absent: int
    base: int
    required: int
    carried: bool
    tie: bool


class QuorumFiguresOut(Schema):
    entitled: int
    present: int
    required: int


class FiguresOut(Schema):
    """How the vote went, as counted: by members and, when the rule weighs it, by population."""

    carried: bool | None
    tie: bool | None
    tie_broken_by: str | None
    rule: dict[str, str] | None
    members: CountOut | None
    population: CountOut | None
    quorum: QuorumFiguresOut | None


class ResolutionOut(Schema):
    body: str = Field(description="Key of the body.")
    body_name: str
    year: int
    number: int
    adopted_on: dt.date
    title: str
    text: str
    carried: bool
    figures: FiguresOut | None = Field(description="Null when no roll-call is on record.")


class AttendanceCountsOut(Schema):
    present: int
    proxy: int
    absent: int
    unrecorded: int


class MeetingQuorumOut(Schema):
    entitled: int
    present: int
    required: int
    reached: bool
    population_present: int | None
    population_required: int | None


class MeetingOut(Schema):
    uid: str
    body: str
    body_name: str
    starts_at: dt.datetime
    status: MeetingStatus
    place: str
    online_url: str
    agenda: list[str] = Field(description="Titles of the agenda items, in order.")
    attendance: AttendanceCountsOut | None = Field(description="For held meetings: members by presence.")
    quorum: MeetingQuorumOut | None = Field(description="For held meetings: the quorum from the register.")
