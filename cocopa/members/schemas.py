"""JSON shapes of the members API: authorities, their population series and membership periods.

Errors, sources and query-string dates are in cocopa.core.schemas, shared by every router.
"""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema
from pydantic import WithJsonSchema

from cocopa.core.dates import format_partial
from cocopa.core.models import Source
from cocopa.core.schemas import SourceOut, source_list
from cocopa.members.models import (
    AdhesionAct,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
)

# Choices are validated as the model's enums but documented inline: the models have several
# classes called `Kind`, which would otherwise collide as OpenAPI components.
AuthorityKind = Annotated[
    LocalAuthority.Kind, WithJsonSchema({"type": "string", "enum": list(LocalAuthority.Kind.values)})
]
ActKind = Annotated[
    AdhesionAct.Kind, WithJsonSchema({"type": "string", "enum": list(AdhesionAct.Kind.values)})
]
StartBasis = Annotated[
    Membership.StartBasis, WithJsonSchema({"type": "string", "enum": list(Membership.StartBasis.values)})
]
EndBasis = Annotated[
    Membership.EndBasis, WithJsonSchema({"type": "string", "enum": list(Membership.EndBasis.values)})
]


class MemberOut(Schema):
    """An authority as of a date: what the members list shows for each row."""

    slug: str = Field(description="Stable identifier: the ISTAT code, or e.g. `province-201`.")
    name: str
    kind: AuthorityKind
    istat_code: str | None
    province_code: str
    size_class: str | None = Field(
        description="Key of the size class (or `capital`); null for non-municipalities or unknown population."
    )
    population: int | None = Field(
        description="Latest figure on or before the date, else the earliest later one."
    )
    population_on: dt.date | None = Field(description="The date the population figure refers to.")
    population_is_later: bool = Field(
        description="True when no figure is that old and a later one stands in for the date."
    )
    member_since: str | None = Field(
        description="Start of the first membership period up to the date, at the precision sources give "
        "(`1995`, `1995-10` or `1995-10-04`)."
    )
    url: str = Field(description="This authority in the API.")

    @staticmethod
    def resolve_size_class(obj: LocalAuthority) -> str | None:
        return obj.size_class or None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_population_is_later(obj: LocalAuthority) -> bool:
        return obj.population is not None and obj.population_before is None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_member_since(obj: LocalAuthority) -> str | None:
        return format_partial(obj.member_since, obj.member_since_precision) or None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_url(obj: LocalAuthority, context: dict[str, HttpRequest]) -> str:
        path = reverse("api-v1:member-detail", args=[obj.slug])
        return context["request"].build_absolute_uri(path)


class PopulationFigureOut(Schema):
    value: int
    reference_date: dt.date | None
    precision: str = Field(description="`day`, `month` or `year`: how precisely the source dates the figure.")
    reference_label: str = Field(description="The date at its precision, or as the source words it.")
    basis: str
    source: SourceOut | None
    uncertain: bool = Field(description="Uncertain figures are shown but never enter a statistic.")
    preferred: bool

    @staticmethod
    def resolve_precision(obj: PopulationFigure) -> str:
        return obj.reference_precision


class MembershipOut(Schema):
    start_on: dt.date
    start_precision: str
    start_label: str
    start_basis: StartBasis
    start_source: SourceOut | None
    end_on: dt.date | None
    end_precision: str | None
    end_label: str | None
    end_basis: EndBasis | None
    end_source: SourceOut | None
    notes: str
    sources: list[SourceOut]

    @staticmethod
    def resolve_end_precision(obj: Membership) -> str | None:
        return obj.end_precision if obj.end_on else None

    @staticmethod
    def resolve_end_label(obj: Membership) -> str | None:
        return obj.end_label or None

    @staticmethod
    def resolve_end_basis(obj: Membership) -> str | None:
        return obj.end_basis or None

    @staticmethod
    def resolve_sources(obj: Membership) -> list[Source]:
        return source_list(obj.start_source, obj.end_source)


class ActOut(Schema):
    kind: ActKind
    body: str
    number: str
    adopted_on: str | None = Field(description="Date of the act at the precision sources give.")
    in_force_on: dt.date | None
    source: SourceOut | None
    notes: str

    @staticmethod
    def resolve_adopted_on(obj: AdhesionAct) -> str | None:
        return obj.adopted_label or None


class EvidenceOut(Schema):
    date: str = Field(description="When, at the precision the source gives, or as it words it (`undated …`).")
    what: str
    source: SourceOut | None
    uncertain: bool

    @staticmethod
    def resolve_date(obj: MembershipEvidence) -> str:
        return obj.date_label


class AuthorityOut(MemberOut):
    """One authority in full: its figures as of the date, and everything sources say about it."""

    is_member: bool = Field(description="Whether it was a member on the date.")
    region_name: str
    province_name: str
    notes: str
    population_series: list[PopulationFigureOut]
    memberships: list[MembershipOut]
    acts: list[ActOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_is_member(obj: LocalAuthority) -> bool:
        return obj.current_start is not None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_population_series(obj: LocalAuthority) -> list[PopulationFigure]:
        return list(obj.population_figures.all())

    @staticmethod
    def resolve_memberships(obj: LocalAuthority) -> list[Membership]:
        return list(obj.memberships.all())

    @staticmethod
    def resolve_acts(obj: LocalAuthority) -> list[AdhesionAct]:
        return list(obj.acts.all())

    @staticmethod
    def resolve_evidence(obj: LocalAuthority) -> list[MembershipEvidence]:
        return list(obj.evidence.all())
