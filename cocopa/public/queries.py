"""Reads only the public site needs, each with the joins its template uses.

The statistics themselves come from network.queries and members.queries; what is here adds
the sources beside them (which population figure a statistic used, what sources reported),
so every figure a page shows can name where it comes from.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cocopa.cooperation import queries as cooperation_queries
from cocopa.cooperation.models import Initiative, PortfolioClaim
from cocopa.core import dataversion
from cocopa.core.dates import format_partial, parse_partial
from cocopa.core.models import Source
from cocopa.fees import rules as fee_rules
from cocopa.fees.models import FeeSchedule
from cocopa.members import queries as member_queries
from cocopa.members import sizes
from cocopa.members.models import (
    Convention,
    LocalAuthority,
    Membership,
    PopulationFigure,
    ReportedCount,
    SizeClass,
)
from cocopa.network import queries as network_queries
from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website

if TYPE_CHECKING:
    from cocopa.members.queries import Statistics


@dataclass(frozen=True)
class KeyFigures:
    """The figures the home page leads with, the same the member list, the cooperation overview
    and the factsheet show: one read for each (network.queries.statistics for the members and
    their population, cooperation.queries.portfolio for the initiatives), never a second count."""

    stats: "Statistics"
    portfolio: cooperation_queries.Portfolio

    @property
    def members(self) -> int:
        return self.stats.members

    @property
    def municipalities(self) -> int:
        return self.stats.municipalities

    @property
    def population(self) -> int:
        return self.stats.population_represented

    @property
    def initiatives(self) -> int:
        return self.portfolio.initiatives

    @property
    def countries(self) -> int:
        return self.portfolio.countries


def key_figures(day: dt.date, network: NetworkProfile | None = None) -> KeyFigures:
    return KeyFigures(network_queries.statistics(day, network), cooperation_queries.portfolio(day))


def listed_members(
    day: dt.date, network: NetworkProfile | None, *, size_class: str | None = None
) -> dataversion.CachedList[member_queries.Member]:
    """The members on the day as the member list shows them (network.queries.members_at), cached."""
    return network_queries.member_list(day, network, size_class=size_class)


def figures_by_id(ids: Iterable[int | None]) -> dict[int, PopulationFigure]:
    """Population figures with their sources, for the rows of one page (cached while unchanged)."""
    wanted = frozenset(i for i in ids if i is not None)
    if not wanted:
        return {}
    return dataversion.cached(
        ("figures", wanted), lambda: PopulationFigure.objects.select_related("source").in_bulk(wanted)
    )


def population_sources(members: QuerySet[LocalAuthority], day: dt.date) -> list[Source]:
    """The sources of the population figures the day's statistics add up."""
    used = member_queries.with_population_at(members.order_by(), day).values("population_figure_id")
    return list(Source.objects.filter(populationfigure__in=used).distinct().order_by("code"))


def figure_in_use(authority: LocalAuthority | None, day: dt.date) -> PopulationFigure | None:
    """The figure statistics use for one authority on the day (e.g. the territory), with its source."""
    if authority is None:
        return None
    figure_id = dataversion.cached(
        ("figure_in_use", authority.pk, day),
        lambda: (
            member_queries.with_population_at(LocalAuthority.objects.filter(pk=authority.pk), day)
            .values_list("population_figure_id", flat=True)
            .first()
        ),
    )
    return figures_by_id([figure_id]).get(figure_id) if figure_id else None


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


# --- How to join: the fee calculator -------------------------------------------------------


@dataclass(frozen=True)
class MunicipalitySearch:
    """What the calculator's field found: the one municipality chosen, or several to choose from."""

    chosen: member_queries.AuthorityWithPopulation | None
    choices: list[member_queries.AuthorityWithPopulation]
    total: int


def find_municipality(text: str, day: dt.date) -> MunicipalitySearch:
    """The municipality a visitor typed: by ISTAT code (six digits), else by name without regard to
    case or accents. One match is chosen; so is a name matching exactly one municipality as a whole
    ("Torino" among the names holding it). Otherwise the matches to choose from, at most
    members.queries.SEARCH_LIMIT of `total`."""
    found = member_queries.municipalities_matching(text, day)
    if text.isdigit():
        exact = list(found.filter(istat_code=text)) if len(text) == 6 else []
        if exact:
            return MunicipalitySearch(exact[0], [], 1)
    rows = list(found[: member_queries.SEARCH_LIMIT])
    total = len(rows) if len(rows) < member_queries.SEARCH_LIMIT else found.count()
    wanted = member_queries.folded(" ".join(text.split()))
    same_name = [r for r in rows if member_queries.folded(r.name) == wanted]
    if total == 1:
        return MunicipalitySearch(rows[0], [], 1)
    if len(same_name) == 1:
        return MunicipalitySearch(same_name[0], [r for r in rows if r is not same_name[0]], total)
    return MunicipalitySearch(None, rows, total)


@dataclass(frozen=True)
class FeeEstimate:
    """A municipality's fee for a year as the schedule in the database gives it, from its population.

    `schedule` is the year's; when the year has none, `earlier` is the latest earlier one and the
    amount is what that schedule would give (the page says so). `problem` names why no amount:
    "no_schedule" (none at all), "invalid_schedule", "no_population", "no_class_amount"."""

    year: int
    schedule: FeeSchedule | None
    earlier: FeeSchedule | None
    population: int | None
    figure: PopulationFigure | None
    size_class: str
    amount: Decimal | None
    problem: str

    @property
    def applied(self) -> FeeSchedule | None:
        return self.schedule or self.earlier


def fee_estimate(authority: LocalAuthority, year: int) -> FeeEstimate:
    """The full-year fee of the authority under the year's schedule (else the latest earlier one),
    by the fees' own rule (fees.rules) on the population figure in use on the schedule's reference
    date, as issuing the year's fees would take it. A member's own fee base, set by the office, is
    not read: it is the office's record, not public."""
    schedule = FeeSchedule.objects.filter(year=year).select_related("source").first()
    earlier = (
        None
        if schedule
        else FeeSchedule.objects.filter(year__lt=year).select_related("source").order_by("-year").first()
    )
    applied = schedule or earlier
    day = applied.population_reference if applied else dt.date(year - 1, 12, 31)
    row = member_queries.with_population_at(LocalAuthority.objects.filter(pk=authority.pk), day).first()
    population = row.population if row else None
    figure_id = row.population_figure_id if row else None
    figure = figures_by_id([figure_id]).get(figure_id) if figure_id else None
    size_class = sizes.classify(population, member_queries.bands()) if population is not None else ""

    def estimate(amount: Decimal | None, problem: str) -> FeeEstimate:
        return FeeEstimate(year, schedule, earlier, population, figure, size_class, amount, problem)

    if applied is None:
        return estimate(None, "no_schedule")
    try:
        rule = applied.rule()
    except ValueError:
        return estimate(None, "invalid_schedule")
    try:
        # A full year: a municipality joining during it owes the schedule's pro-rata share.
        amount = fee_rules.fee(rule, year=applied.year, population=population, size_class=size_class)
    except fee_rules.NeedsPopulation:
        return estimate(None, "no_population")
    except fee_rules.NoClassAmount:
        return estimate(None, "no_class_amount")
    return estimate(amount, "")


def sources_by_code(codes: Iterable[str]) -> dict[str, Source]:
    """The sources a page's fixed text cites, by code (a code missing from the register is absent)."""
    return {s.code: s for s in Source.objects.filter(code__in=list(codes))}


def conventions() -> list[Convention]:
    """The conventions members approve, oldest first, with their sources."""
    return list(Convention.objects.select_related("source").order_by("start_on", "pk"))


@dataclass(frozen=True)
class CurrentInitiative:
    initiative: Initiative
    where: str  # its places, then its countries: "Golf Sud (Dakar) · Senegal"


def current_initiatives(limit: int = 4) -> list[CurrentInitiative]:
    """A few initiatives the registry records as under way (IATI status 2), latest begun first."""
    rows = cooperation_queries.filtered_initiatives(cooperation_queries.Filters(status="2"))
    found = rows.order_by(cooperation_queries.first_date().desc(nulls_last=True), "identifier")[:limit]
    return [
        CurrentInitiative(
            i,
            " · ".join(
                part
                for part in (
                    ", ".join(p.name for p in i.places.all()),
                    ", ".join(cooperation_queries.country_name(c.code) for c in i.countries.all()),
                )
                if part
            ),
        )
        for i in found
    ]


def portfolio_comparison(portfolio: cooperation_queries.Portfolio) -> list[cooperation_queries.CountryRow]:
    """Each country a source names, with what it says beside the registry's count (portfolio())."""
    rows: dict[str, cooperation_queries.CountryRow] = {
        code: cooperation_queries.CountryRow(
            code, cooperation_queries.country_name(code), c.initiatives, c.first_year, c.last_year
        )
        for code, c in portfolio.by_country.items()
    }
    for claim in PortfolioClaim.objects.select_related("source").order_by("country", "pk"):
        rows.setdefault(
            claim.country,
            cooperation_queries.CountryRow(claim.country, cooperation_queries.country_name(claim.country)),
        ).claims.append(claim)
    return sorted((r for r in rows.values() if r.claims), key=lambda r: (not r.disagrees, r.name))
