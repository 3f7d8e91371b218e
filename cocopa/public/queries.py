"""Reads only the public site needs, each with the joins its template uses.

The statistics themselves come from network.queries and members.queries; what is here adds
the sources beside them (which population figure a statistic used, what sources reported),
so every figure a page shows can name where it comes from.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cocopa.core.dates import format_partial, parse_partial
from cocopa.core.models import Source
from cocopa.members.models import (
    AdhesionAct,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    ReportedCount,
    SizeClass,
)
from cocopa.network import queries as network_queries
from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

_ISTAT_CODE = re.compile(r"^\d{6}$")


def _figure_pk(day: dt.date, *, before: bool) -> Subquery:
    # The same choice as members.queries.with_population_at (tests/test_queries.py checks the
    # two agree): dated, certain figures; the latest on or before the day, else the earliest after.
    figures = PopulationFigure.objects.filter(
        authority=OuterRef("pk"), reference_date__isnull=False, uncertain=False
    )
    if before:
        figures = figures.filter(reference_date__lte=day).order_by("-reference_date", "-preferred", "-pk")
    else:
        figures = figures.filter(reference_date__gt=day).order_by("reference_date", "-preferred", "-pk")
    return Subquery(figures.values("pk")[:1])


class FigureInUse(TypedDict):
    population_figure_id: int | None


class Listed(FigureInUse):
    """What members.queries.members_at annotates, for the type checker."""

    population: int | None
    population_before: int | None
    population_on: dt.date | None
    size_class: str
    member_since: dt.date | None
    member_since_precision: str | None
    current_start: dt.date | None


def with_figure_in_use(
    qs: QuerySet[LocalAuthority], day: dt.date
) -> "QuerySet[WithAnnotations[LocalAuthority, FigureInUse]]":
    """Annotate `population_figure_id`: the figure the statistics use for the authority on the day."""
    annotated = qs.annotate(
        population_figure_id=Coalesce(_figure_pk(day, before=True), _figure_pk(day, before=False))
    )
    return cast("QuerySet[WithAnnotations[LocalAuthority, FigureInUse]]", annotated)


def listed_members(
    day: dt.date, network: NetworkProfile | None, *, size_class: str | None = None
) -> "QuerySet[WithAnnotations[LocalAuthority, Listed]]":
    """The members on the day as the member list shows them: network.queries.members_at plus the figure in use."""
    qs = with_figure_in_use(network_queries.members_at(day, network, size_class=size_class), day)
    return cast("QuerySet[WithAnnotations[LocalAuthority, Listed]]", qs)


def figures_by_id(ids: Iterable[int | None]) -> dict[int, PopulationFigure]:
    """Population figures with their sources, for the rows of one page."""
    wanted = {i for i in ids if i is not None}
    return PopulationFigure.objects.select_related("source").in_bulk(wanted) if wanted else {}


def population_sources(members: QuerySet[LocalAuthority], day: dt.date) -> list[Source]:
    """The sources of the population figures the day's statistics add up."""
    used = with_figure_in_use(members.order_by(), day).values("population_figure_id")
    return list(Source.objects.filter(populationfigure__in=used).distinct().order_by("code"))


def figure_in_use(authority: LocalAuthority | None, day: dt.date) -> PopulationFigure | None:
    """The figure statistics use for one authority on the day (e.g. the territory), with its source."""
    if authority is None:
        return None
    figure_id = (
        with_figure_in_use(LocalAuthority.objects.filter(pk=authority.pk), day)
        .values_list("population_figure_id", flat=True)
        .first()
    )
    return figures_by_id([figure_id]).get(figure_id) if figure_id else None


def authority_by_slug(slug: str) -> LocalAuthority | None:
    """The authority behind a public slug (LocalAuthority.slug), with everything its page shows."""
    if _ISTAT_CODE.match(slug):
        qs = LocalAuthority.objects.filter(istat_code=slug)
    else:
        kind, dash, code = slug.rpartition("-")
        if not (dash and kind and code):
            return None
        codes = Q(statistical_code=code) | Q(statistical_code="", province_code=code)
        if code.isdigit():
            codes |= Q(statistical_code="", province_code="", pk=int(code))
        qs = LocalAuthority.objects.filter(codes, kind=kind, istat_code__isnull=True)
    qs = qs.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("start_source", "end_source")),
        Prefetch(
            "population_figures",
            queryset=PopulationFigure.objects.select_related("source").order_by(
                F("reference_date").asc(nulls_last=True), "-preferred", "pk"
            ),
        ),
        Prefetch("acts", queryset=AdhesionAct.objects.select_related("source")),
        Prefetch("evidence", queryset=MembershipEvidence.objects.select_related("source")),
    )
    # Two rows could share a code only through bad data; the slug property decides.
    return next((a for a in qs if a.slug == slug), None)


def class_names() -> dict[str, str]:
    """Size class names in the page's language, by key."""
    return dict(SizeClass.objects.values_list("key", "name"))


@dataclass(frozen=True)
class Reported:
    """What a source said about the number of members, beside what the registry counts that day."""

    count: ReportedCount
    registry_day: dt.date | None
    registry_municipalities: int | None


def reported_counts() -> list[Reported]:
    """Every member count a source gave, each with the registry's own count for the same day."""
    counts = list(ReportedCount.objects.select_related("source", "conflicts_with"))
    days = [registry_day(c) for c in counts]
    registry = municipalities_on(d for d in days if d is not None)
    return [Reported(c, d, registry[d] if d is not None else None) for c, d in zip(counts, days, strict=True)]


def registry_day(count: ReportedCount) -> dt.date | None:
    """The day a reported count is compared on: the last day of the period the source names."""
    if count.on is None:
        return None
    return parse_partial(format_partial(count.on, count.on_precision), end=True)[0]


def municipalities_on(days: Iterable[dt.date]) -> dict[dt.date, int]:
    """How many municipalities the registry counts as members on each day, in one query."""
    ordered = sorted(set(days))
    if not ordered:
        return {}
    counts = {
        f"on_{i}": Count(
            "pk", filter=Q(Exists(Membership.objects.active_on(day).filter(authority=OuterRef("pk"))))
        )
        for i, day in enumerate(ordered)
    }
    row = LocalAuthority.objects.filter(kind=LocalAuthority.Kind.MUNICIPALITY).aggregate(**counts)
    return {day: row[f"on_{i}"] for i, day in enumerate(ordered)}


def founding_claims() -> list[FoundingClaim]:
    return list(FoundingClaim.objects.prefetch_related("sources"))


def websites() -> list[Website]:
    return list(Website.objects.prefetch_related("sources"))


def fields_of_action() -> list[FieldOfAction]:
    return list(FieldOfAction.objects.select_related("source"))


def fields_of_intervention() -> list[FieldOfIntervention]:
    """The top-level fields, each with its narrower ones."""
    children = FieldOfIntervention.objects.select_related("source")
    return list(
        FieldOfIntervention.objects.filter(parent__isnull=True)
        .select_related("source")
        .prefetch_related(Prefetch("children", queryset=children))
    )
