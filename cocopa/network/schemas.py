"""JSON shapes of the network API: its profile and its statistics on a date."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Schema

from cocopa.core.schemas import SourceOut
from cocopa.members import sizes
from cocopa.members.models import ReportedCount
from cocopa.members.queries import ClassFigures, Statistics
from cocopa.network.models import FoundingClaim, NetworkProfile, Website


class FoundingClaimOut(Schema):
    date: str = Field(description="At the precision the sources give: `1995` or `1995-11-09`.")
    fact: str
    sources: list[SourceOut]
    uncertain: bool

    @staticmethod
    def resolve_date(obj: FoundingClaim) -> str:
        return obj.date_label


class MottoOut(Schema):
    quote: str = Field(validation_alias="motto_quote")
    author: str = Field(validation_alias="motto_author")
    occasion: str = Field(validation_alias="motto_occasion")
    date: dt.date | None = Field(validation_alias="motto_on")
    source: SourceOut | None = Field(validation_alias="motto_source")


class TerritoryOut(Schema):
    name: str = Field(validation_alias="territory_name")
    authority: str | None = Field(description="Slug of the authority whose population shares are taken of.")

    @staticmethod
    def resolve_authority(obj: NetworkProfile) -> str | None:
        return obj.territory.slug if obj.territory else None


class WebsiteOut(Schema):
    url: str
    note: str
    current: bool


class ContactsOut(Schema):
    address: str
    phones: list[str] = Field(validation_alias="phone_list")
    fax: str
    email: str
    websites: list[WebsiteOut]
    note: str = Field(validation_alias="contact_note")
    source: SourceOut | None = Field(validation_alias="contact_source")

    @staticmethod
    def resolve_websites(obj: NetworkProfile) -> list[Website]:
        return list(Website.objects.all())


class NetworkOut(Schema):
    """The network's profile. Sources disagree on when it was founded, so every claim is listed."""

    name: str
    acronym: str
    founded: str = Field(validation_alias="founded_label", description="At the precision known, e.g. `1995`.")
    founding_claims: list[FoundingClaimOut]
    description: str
    motto: MottoOut
    territory: TerritoryOut
    capital: str | None = Field(description="Slug of the capital city, shown apart from the size classes.")
    contacts: ContactsOut

    @staticmethod
    def resolve_founding_claims(obj: NetworkProfile) -> list[FoundingClaim]:
        return list(FoundingClaim.objects.prefetch_related("sources"))

    @staticmethod
    def resolve_motto(obj: NetworkProfile) -> NetworkProfile:
        return obj

    @staticmethod
    def resolve_territory(obj: NetworkProfile) -> NetworkProfile:
        return obj

    @staticmethod
    def resolve_contacts(obj: NetworkProfile) -> NetworkProfile:
        return obj

    @staticmethod
    def resolve_capital(obj: NetworkProfile) -> str | None:
        return obj.capital.slug if obj.capital else None


class ClassFiguresOut(Schema):
    key: str
    name: str
    lower_bound: int | None = Field(description="Null for the capital, shown apart.")
    upper_bound: int | None = Field(description="Last population inside the class; null for the top class.")
    members: int
    population: int
    smallest: int | None
    largest: int | None

    @staticmethod
    def resolve_name(obj: ClassFigures) -> str:
        # The capital is no size class staff name, so it has no row to take a name from.
        if not obj.name and obj.key == sizes.CAPITAL:
            return _("capital city")
        return obj.name


class ReportedCountOut(Schema):
    date: str = Field(description="At the precision the source gives, or as it words it (`undated …`).")
    municipalities: int | None
    text: str
    source: SourceOut | None
    conflicts_with: SourceOut | None
    uncertain: bool

    @staticmethod
    def resolve_date(obj: ReportedCount) -> str:
        return obj.date_label


class StatisticsOut(Schema):
    """The network on one day as the registry computes it, beside the counts sources reported."""

    at: dt.date
    members: int
    by_kind: dict[str, int] = Field(description="Members by kind of authority.")
    municipalities: int
    classes: list[ClassFiguresOut]
    population_represented: int = Field(
        description="Sum over member municipalities (provinces would count twice)."
    )
    population_unknown: int = Field(description="Member municipalities without a usable population figure.")
    figures_after_date: int = Field(description="Member municipalities whose figure is later than the date.")
    territory_population: int | None
    territory_share: float | None = Field(description="Population represented, in % of the territory's.")
    reported_counts: list[ReportedCountOut] = Field(
        description="Member counts sources reported on or before the date, then undated ones: "
        "where they disagree with the registry, both are shown."
    )

    @staticmethod
    def resolve_reported_counts(obj: Statistics) -> list[ReportedCount]:
        counts = ReportedCount.objects.filter(Q(on__lte=obj.at) | Q(on__isnull=True))
        return list(counts.select_related("source", "conflicts_with"))
