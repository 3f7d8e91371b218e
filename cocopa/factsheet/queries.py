"""Everything the factsheet shows, read from the registers as they stood on one day.

The factsheet is the network's presentation (the seed brochure) regenerated from the data: no
figure is typed into its template. Each section reads the register that holds it (members'
statistics, the cooperation registry, governance's organigram, the network profile); where the
data keeps two facts for one thing, the preferred one is shown and the other is footnoted.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cocopa.cooperation import continents
from cocopa.cooperation.models import Initiative, PortfolioClaim, RecipientCountry
from cocopa.cooperation.queries import (
    ContinentGroup,
    CountryRow,
    country_name,
    first_date,
    portfolio,
    years_label,
)
from cocopa.core.models import Source
from cocopa.governance import public_queries as governance_public
from cocopa.governance.models import Body, Mandate
from cocopa.members.models import LocalAuthority, PopulationFigure
from cocopa.members.queries import ClassFigures, Statistics
from cocopa.network import queries as network_queries
from cocopa.network.models import (
    FieldOfAction,
    FieldOfIntervention,
    FoundingClaim,
    NetworkProfile,
    Website,
)
from cocopa.public import queries as public_queries

# The presentation's timeline is Palestine's; the office may choose another (NetworkProfile).
DEFAULT_TIMELINE_COUNTRY = "PS"


@dataclass(frozen=True)
class Footnote:
    """A second fact the factsheet does not use, shown so a disagreement stays visible."""

    number: int
    text: str
    sources: tuple[Source, ...] = ()


class Footnotes:
    """Numbers footnotes in the order the sections call for them."""

    def __init__(self) -> None:
        self.notes: list[Footnote] = []

    def add(self, text: str, sources: tuple[Source, ...] = ()) -> int:
        note = Footnote(len(self.notes) + 1, text, sources)
        self.notes.append(note)
        return note.number


@dataclass(frozen=True)
class Founding:
    claim: FoundingClaim | None
    footnote: int | None


@dataclass(frozen=True)
class Capital:
    authority: LocalAuthority
    population: int | None
    footnote: int | None


@dataclass
class CountryLine(CountryRow):
    """One country of the portfolio on the day (the registry's count and period), with its places
    when the work is at home (the presentation lists "Lampedusa", not "Italy") and the footnote
    where a source counts otherwise."""

    places: list[str] = field(default_factory=list)
    footnote: int | None = None


@dataclass(frozen=True)
class TimelineEntry:
    period: str
    initiative: Initiative


@dataclass(frozen=True)
class BodyLine:
    """A body as "how it works" tells it: what it is, its term, and who holds its positions."""

    body: Body
    holders: list[tuple[str, list[Mandate]]]  # (position name, mandates in force)
    seats: int | None  # the Assembly: one seat per member in good standing


@dataclass
class Factsheet:
    at: dt.date
    network: NetworkProfile | None
    founding: Founding
    stats: Statistics
    other_members: list[LocalAuthority]  # provinces, regions…: listed by name before the municipalities
    capital: Capital | None
    classes: list[ClassFigures]
    territory_footnote: int | None
    fields_of_action: list[FieldOfAction]
    cooperation: list[ContinentGroup]
    undated_initiatives: int
    interventions: list[FieldOfIntervention]
    timeline_country: str
    timeline_country_name: str
    timeline: list[TimelineEntry]
    bodies: list[BodyLine]
    president: list[Mandate]
    board: list[Mandate]
    websites: list[Website]
    footnotes: list[Footnote]
    population_sources: list[Source]


def _founding(notes: Footnotes) -> Founding:
    claims = public_queries.founding_claims()
    lead = network_queries.leading_claim(claims)
    others = [c for c in claims if c is not lead and c.date_label != (lead.date_label if lead else "")]
    footnote = None
    if others:
        text = "; ".join(f"{c.date_label}: {c.fact}" for c in others)
        sources = tuple({s.code: s for c in others for s in c.sources.all()}.values())
        footnote = notes.add(
            _("Other sources give another founding date: %(claims)s.") % {"claims": text}, sources
        )
    return Founding(lead, footnote)


def _competing(figure: PopulationFigure | None) -> list[PopulationFigure]:
    """Other figures for the same authority and reference date that give another value."""
    if figure is None or figure.reference_date is None:
        return []
    return list(
        PopulationFigure.objects.filter(
            authority_id=figure.authority_id, reference_date=figure.reference_date
        )
        .exclude(pk=figure.pk)
        .exclude(value=figure.value)
        .select_related("source")
    )


def _figure_footnote(figure: PopulationFigure | None, notes: Footnotes) -> int | None:
    others = _competing(figure)
    if not others:
        return None
    values = ", ".join(number_format(o.value, force_grouping=True) for o in others)
    return notes.add(
        _("For the same date the data also holds %(values)s; the factsheet uses the figure marked preferred.")
        % {"values": values},
        tuple(o.source for o in others if o.source is not None),
    )


def _capital(network: NetworkProfile | None, stats: Statistics, notes: Footnotes) -> Capital | None:
    if network is None or network.capital is None:
        return None
    row = next((c for c in stats.classes if c.key == "capital" and c.members), None)
    if row is None:  # the capital was not a member on the day
        return None
    figure = public_queries.figure_in_use(network.capital, stats.at)
    return Capital(network.capital, row.population, _figure_footnote(figure, notes))


def cooperation(day: dt.date, notes: Footnotes) -> tuple[list[ContinentGroup], int]:
    """The portfolio by continent and country on the day, with the count of initiatives left out
    for having no date at all; a source's count that differs from the registry's is footnoted."""
    # The counts and periods are the portfolio's (cooperation.queries.portfolio), the same the
    # home page and the cooperation overview show.
    counted = portfolio(day)
    by_country = counted.by_country
    undated = counted.left_out
    initiatives = Initiative.objects.own().annotate(first_date=first_date())
    places: dict[str, list[str]] = defaultdict(list)
    home = [code for code in by_country if continents.continent_of(code) == continents.ITALY]
    if home:
        place_rows = (
            initiatives.filter(first_date__lte=day, places__country__in=home)
            .values_list("places__country", "places__name")
            .order_by("places__name")
            .distinct()
        )
        for country, name in place_rows:
            if name not in places[country]:
                places[country].append(name)
    claims: dict[str, list[PortfolioClaim]] = defaultdict(list)
    for claim in PortfolioClaim.objects.select_related("source").order_by("country", "pk"):
        claims[claim.country].append(claim)
    grouped: dict[str, list[CountryLine]] = defaultdict(list)
    for code, dates in by_country.items():
        line = CountryLine(
            code=code,
            name=country_name(code),
            initiatives=dates.initiatives,
            first_year=dates.first_year,
            last_year=dates.last_year,
            places=places.get(code, []),
        )
        grouped[continents.continent_of(code)].append(line)
    for group in grouped.values():
        group.sort(key=lambda line: line.name)
        for line in group:
            disagreeing = [
                c for c in claims.get(line.code, []) if c.initiatives not in (None, line.initiatives)
            ]
            if disagreeing:
                said = "; ".join(f"“{c.text}”" for c in disagreeing)
                line.footnote = notes.add(
                    _("%(country)s: the registry counts %(n)s; a source says %(said)s.")
                    % {"country": line.name, "n": line.initiatives, "said": said},
                    tuple(c.source for c in disagreeing),
                )
    ordered = [
        ContinentGroup(key, str(continents.LABELS[key]), list[CountryRow](grouped[key]))
        for key in sorted(grouped, key=continents.order)
    ]
    return ordered, undated


def timeline(code: str, day: dt.date) -> list[TimelineEntry]:
    """The initiatives in one country begun by the day, oldest first: the presentation's list."""
    initiatives = (
        Initiative.objects.own()
        .annotate(first_date=first_date())
        .filter(first_date__lte=day, countries__code=code)
        .distinct()
        .order_by(F("first_date").asc(), "identifier")
    )
    entries = []
    for initiative in initiatives:
        start = initiative.actual_start or initiative.planned_start
        end = initiative.actual_end or initiative.planned_end
        entries.append(
            TimelineEntry(years_label(start.year if start else None, end.year if end else None), initiative)
        )
    return entries


def bodies(day: dt.date) -> tuple[list[BodyLine], list[Mandate], list[Mandate]]:
    """The bodies with who sits in them on the day, and apart the president(s) and the board."""
    lines: list[BodyLine] = []
    president: list[Mandate] = []
    board: list[Mandate] = []
    for view in governance_public.organigram(day):
        holders = [(p.position.name, p.mandates) for p in view.composition.positions if p.mandates]
        seats = view.assembly_seats if view.body.is_assembly else None
        lines.append(BodyLine(view.body, holders, seats))
        for position in view.composition.positions:
            if position.position.key == "president":
                president.extend(position.mandates)
            if view.body.kind == Body.Kind.BOARD:
                board.extend(position.mandates)
    return lines, president, board


def timeline_country(network: NetworkProfile | None, chosen: str | None = None) -> str:
    """The country whose timeline is shown: the one asked for, else the office's, else Palestine."""
    return (chosen or (network.factsheet_country if network else "") or DEFAULT_TIMELINE_COUNTRY).upper()


def timeline_choices(current: str) -> list[tuple[str, str]]:
    """The countries the office may pick for the timeline: those with initiatives, and the current."""
    own = RecipientCountry.objects.filter(initiative__publisher__isnull=True)  # never another publisher's
    codes = set(own.order_by().values_list("code", flat=True).distinct()) | {current}
    return sorted(((code, country_name(code)) for code in codes), key=lambda choice: choice[1])


def factsheet(day: dt.date, *, country: str | None = None) -> Factsheet:
    """The whole factsheet as of the day, in the active language."""
    notes = Footnotes()
    network = network_queries.profile()
    founding = _founding(notes)
    stats = network_queries.statistics(day, network)
    capital = _capital(network, stats, notes)
    territory_figure = public_queries.figure_in_use(network.territory if network else None, day)
    territory_footnote = _figure_footnote(territory_figure, notes)
    groups, undated = cooperation(day, notes)
    code = timeline_country(network, country)
    body_lines, president, board = bodies(day)
    members = network_queries.members_at(day, network)
    municipalities = members.filter(kind=LocalAuthority.Kind.MUNICIPALITY)
    return Factsheet(
        at=day,
        network=network,
        founding=founding,
        stats=stats,
        other_members=list(members.exclude(kind=LocalAuthority.Kind.MUNICIPALITY)),
        capital=capital,
        classes=[c for c in stats.classes if c.key != "capital"],
        territory_footnote=territory_footnote,
        fields_of_action=public_queries.fields_of_action(),
        cooperation=groups,
        undated_initiatives=undated,
        interventions=public_queries.fields_of_intervention(),
        timeline_country=code,
        timeline_country_name=country_name(code),
        timeline=timeline(code, day),
        bodies=body_lines,
        president=president,
        board=board,
        websites=[w for w in public_queries.websites() if w.current],
        footnotes=notes.notes,
        population_sources=public_queries.population_sources(municipalities, day),
    )
