"""Reusable reads of the cooperation registry: filtered initiatives, the portfolio by continent, places."""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as translation_language

from cocopa.cooperation import continents
from cocopa.cooperation.models import (
    PERIOD_FIELDS,
    DateClaim,
    Initiative,
    InitiativeKind,
    Participation,
    Place,
    PortfolioClaim,
    RecipientCountry,
    period_label,
)
from cocopa.core import dataversion
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority
from cocopa.network import queries as network_queries
from cocopa.network.models import FieldOfAction, FieldOfIntervention, NetworkProfile

# IATI ActivityStatus, named for visitors (the codelist ships English names only).
STATUS_LABELS = {
    "1": _("in preparation"),
    "2": _("under way"),
    "3": _("finalisation"),
    "4": _("closed"),
    "5": _("cancelled"),
    "6": _("suspended"),
}


@dataclass(frozen=True)
class Filters:
    """What the map, the open data files and the API narrow initiatives by; None means any."""

    action: int | None = None  # FieldOfAction id
    intervention: int | None = None  # FieldOfIntervention id (its narrower fields count too)
    country: str | None = None  # ISO 3166-1 alpha-2 of a recipient country
    member: str | None = None  # public slug of a member authority taking part
    year: int | None = None  # active at some time in that year
    status: str | None = None  # IATI ActivityStatus code
    kind: str | None = None  # InitiativeKind.key

    def is_empty(self) -> bool:
        return all(v is None for v in vars(self).values())


def with_listing(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What lists, exports and the map show of each initiative, in a fixed number of queries."""
    return qs.select_related("kind").prefetch_related(
        "countries",
        "fields_of_action",
        "fields_of_intervention",
        Prefetch("places", queryset=Place.objects.order_by("pk")),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("organisation__authority").order_by("role", "pk"),
        ),
    )


def first_date(path: str = "") -> Coalesce:
    """An initiative's first known date, its start or else its end; `path` reaches it from a
    related model ("initiative__")."""
    return Coalesce(f"{path}start_on_index", f"{path}actual_end", f"{path}planned_end")


def chronological(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Oldest first, by the start or, when no source gives one, the end; undated ones last."""
    return qs.order_by(first_date().asc(nulls_last=True), "identifier")


def filtered_initiatives(filters: Filters = Filters()) -> QuerySet[Initiative]:  # noqa: B008
    """Initiatives matching every filter given, chronological, with what listings show prefetched."""
    # The joins of the filters can repeat a row; the id subquery keeps the list distinct and orderable.
    return with_listing(chronological(Initiative.objects.filter(pk__in=_matching(filters).values("pk"))))


def _matching(filters: Filters) -> QuerySet[Initiative]:
    """The network's own initiatives matching every filter given, possibly repeated (use as an id
    subquery). Other publishers' activities are never in its lists, maps, files or figures."""
    qs = Initiative.objects.own()
    if filters.action is not None:
        qs = qs.filter(fields_of_action=filters.action)
    if filters.intervention is not None:
        qs = qs.filter(
            Q(fields_of_intervention=filters.intervention)
            | Q(fields_of_intervention__parent=filters.intervention)
        )
    if filters.country:
        qs = qs.filter(countries__code=filters.country.upper())
    if filters.member:
        qs = qs.filter(participations__organisation__authority__in=member_queries.by_slug(filters.member))
    if filters.year is not None:
        qs = qs.alias(end=Coalesce("actual_end", "planned_end")).filter(
            Q(start_on_index__lte=dt.date(filters.year, 12, 31)),
            Q(end__isnull=True) | Q(end__gte=dt.date(filters.year, 1, 1)),
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind__key=filters.kind)
    return qs


def initiative_detail(identifier: str, *, shown_publishers: bool = False) -> Initiative | None:
    """One initiative with everything its page shows: the network's own, or, with
    `shown_publishers`, an activity of a publisher the peace office chose to show (its page says
    who published it)."""
    qs = Initiative.objects.public() if shown_publishers else Initiative.objects.own()
    return (
        with_listing(qs.filter(identifier=identifier))
        .select_related("publisher")
        .prefetch_related(
            "sources",
            "documents",
            "budgets__source",
            "transactions__provider",
            "transactions__receiver",
            "results__indicators__periods",
            "regions",
            "places__source",
            "participations__source",
            Prefetch("date_claims", queryset=DateClaim.objects.select_related("source")),
            Prefetch("related", queryset=Initiative.objects.order_by("start_on_index", "identifier")),
        )
        .first()
    )


def filtered_places(filters: Filters = Filters()) -> QuerySet[Place]:  # noqa: B008
    """Places with coordinates of the matching initiatives, with their initiative for popups."""
    return (
        Place.objects.filter(
            initiative__in=filtered_initiatives(filters).values("pk"),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .select_related("initiative__kind")
        .order_by(
            first_date("initiative__").asc(nulls_last=True),
            "initiative__identifier",
            "pk",
        )
    )


def _translated(row: dict[str, Any], name: str, order: tuple[str, ...]) -> str:
    """A translated field of a values() row in the active language, falling back as the models do."""
    return next((v for lang in order if (v := row[build_localized_fieldname(name, lang)])), "")


def place_features(filters: Filters = Filters()) -> list[dict[str, Any]]:  # noqa: B008
    """The located places of the matching initiatives as GeoJSON Features (longitude first), in
    filtered_places' order, from one query of plain values: no model instances, one reverse()."""
    languages = [code for code, _name in settings.LANGUAGES]
    order = resolution_order(translation_language())
    places = Place.objects.filter(
        latitude__isnull=False, longitude__isnull=False, initiative__publisher__isnull=True
    )
    if not filters.is_empty():
        places = places.filter(initiative__in=_matching(filters).values("pk"))
    rows = places.order_by(
        first_date("initiative__").asc(nulls_last=True),
        "initiative__identifier",
        "pk",
    ).values(
        "name",
        "country",
        "latitude",
        "longitude",
        "exactness",
        "initiative_id",
        "initiative__identifier",
        "initiative__kind__key",
        *(f"initiative__title_{lang}" for lang in languages),
        *(f"initiative__kind__name_{lang}" for lang in languages),
        *(f"initiative__{name}" for name in PERIOD_FIELDS),
    )
    exactness = {value: str(label) for value, label in Place.Exactness.choices}
    url = reverse("cooperation:initiative", args=["IDENTIFIER"])
    shown: dict[int, dict[str, str]] = {}  # what each initiative's places share
    features = []
    for row in rows:
        initiative = shown.get(row["initiative_id"])
        if initiative is None:
            of = {key.removeprefix("initiative__"): value for key, value in row.items()}
            initiative = shown[row["initiative_id"]] = {
                "initiative": of["identifier"],
                "title": _translated(of, "title", order),
                "kind": of["kind__key"],
                "kind_name": _translated(of, "kind__name", order),
                "period": period_label(of),
                "url": url.replace("IDENTIFIER", of["identifier"]),
            }
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["longitude"]), float(row["latitude"])],
                },
                "properties": {
                    "name": row["name"],
                    "country": row["country"],
                    "exactness": exactness.get(row["exactness"], row["exactness"]),
                    **initiative,
                },
            }
        )
    return features


def years_label(first: int | None, last: int | None) -> str:
    """ "2006–2011", or one year when the work began and ended in it (the presentation's style)."""
    if first is None:
        return "" if last is None else str(last)
    if last is None or last == first:
        return str(first)
    return f"{first}–{last}"


# Where the ISO name is not what visitors (and the seed) call the country.
SHORT_NAMES = {"PS": _("Palestine")}


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself when unknown."""
    return str(SHORT_NAMES.get(code) or countries.name(code) or code)


@dataclass
class CountryRow:
    """One country of the portfolio: what the registry holds, beside what sources say."""

    code: str
    name: str
    initiatives: int = 0
    first_year: int | None = None
    last_year: int | None = None
    claims: list[PortfolioClaim] = field(default_factory=list)

    @property
    def period(self) -> str:
        return years_label(self.first_year, self.last_year) if self.first_year is not None else ""

    @property
    def claimed(self) -> int | None:
        """The count a source gives, when one does (the seed gives "Burkina Faso (4)")."""
        return next((c.initiatives for c in self.claims if c.initiatives is not None), None)

    @property
    def disagrees(self) -> bool:
        claimed = self.claimed
        return claimed is not None and claimed != self.initiatives


@dataclass
class ContinentGroup:
    key: str
    label: str
    countries: list[CountryRow]

    @property
    def initiatives(self) -> int:
        return sum(c.initiatives for c in self.countries)


@dataclass(frozen=True)
class CountryCount:
    initiatives: int
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class Portfolio:
    """The registry's initiatives on a day: how many, in how many countries, and per country.

    The one count of the portfolio: the home page, the cooperation overview and the factsheet all
    read it, so they cannot disagree (issue 14 found "4 initiatives 2005–2013" on one page and
    "3 in 2005–2014" on another). An initiative is counted from its first known date; one with no
    date at all is counted on the current day (the registry holds it now) but cannot be placed
    on a past day, so there it is left out and `left_out` says how many.
    """

    initiatives: int
    by_country: dict[str, CountryCount]
    left_out: int

    @property
    def countries(self) -> int:
        return sum(1 for c in self.by_country.values() if c.initiatives)


def portfolio(day: dt.date) -> Portfolio:
    current = day >= network_queries.today()
    return dataversion.cached(("cooperation.portfolio", day, current), lambda: _portfolio(day, current))


def _portfolio(day: dt.date, current: bool) -> Portfolio:
    initiatives = Initiative.objects.own().annotate(
        first=first_date(), last=Coalesce("actual_end", "planned_end", "start_on_index")
    )
    undated = Q(first__isnull=True)
    counted = (
        initiatives.filter(Q(first__lte=day) | undated) if current else initiatives.filter(first__lte=day)
    )
    dates: dict[int, tuple[dt.date | None, dt.date | None]] = {
        pk: (first, last) for pk, first, last in counted.values_list("pk", "first", "last")
    }
    by_country: dict[str, dict[int, tuple[dt.date | None, dt.date | None]]] = defaultdict(dict)
    for code, pk in RecipientCountry.objects.filter(initiative__in=list(dates)).values_list(
        "code", "initiative"
    ):
        by_country[code][pk] = dates[pk]
    counts = {}
    for code, spans in by_country.items():
        firsts = [f.year for f, _last in spans.values() if f is not None]
        lasts = [last.year for _first, last in spans.values() if last is not None]
        counts[code] = CountryCount(len(spans), min(firsts, default=None), max(lasts, default=None))
    left_out = 0 if current else initiatives.filter(undated).count()
    return Portfolio(len(dates), dict(sorted(counts.items())), left_out)


def overview(day: dt.date | None = None) -> list[ContinentGroup]:
    """The portfolio by continent, then country, as the presentation shows it: counts and periods
    from the registry (portfolio()), with every country a source names even where the registry
    holds nothing."""
    rows: dict[str, CountryRow] = {}
    for code, count in portfolio(day or network_queries.today()).by_country.items():
        rows[code] = CountryRow(
            code=code,
            name=country_name(code),
            initiatives=count.initiatives,
            first_year=count.first_year,
            last_year=count.last_year,
        )
    for claim in PortfolioClaim.objects.select_related("source").order_by("country", "pk"):
        rows.setdefault(claim.country, CountryRow(claim.country, country_name(claim.country))).claims.append(
            claim
        )
    grouped: dict[str, list[CountryRow]] = defaultdict(list)
    for country_row in rows.values():
        grouped[continents.continent_of(country_row.code)].append(country_row)
    return [
        ContinentGroup(key, str(continents.LABELS[key]), sorted(grouped[key], key=lambda r: r.name))
        for key in sorted(grouped, key=continents.order)
    ]


@dataclass(frozen=True)
class OverviewPage:
    """What the overview page shows: the portfolio, the number of initiatives, the network."""

    groups: list[ContinentGroup]
    total: int
    network: NetworkProfile | None
    # Other publishers' activities the office chose to show: apart, never in `total`.
    held: list["HeldRow"] = field(default_factory=list)
    # Names this computation, so the template can cache what it renders from it.
    version: str = field(default_factory=lambda: uuid.uuid4().hex)


def overview_page() -> OverviewPage:
    """The overview's data, cached while the registry is unchanged (core.dataversion): one query
    (the data version) when cached. Country and continent names follow the language. The page
    caches its content under `version`, so a cached request renders only the frame."""
    return dataversion.cached(
        ("cooperation.overview", translation_language()),
        lambda: _overview_page(network_queries.today()),
    )


def _overview_page(day: dt.date) -> OverviewPage:
    held = [
        HeldRow(i.identifier, i.title, str(i.publisher.name or i.publisher.ref))
        for i in shown_held()
        if i.publisher
    ]
    return OverviewPage(overview(day), portfolio(day).initiatives, network_queries.profile(), held)


@dataclass(frozen=True)
class HeldRow:
    """Another publisher's activity on the public site: its page, title and who published it."""

    identifier: str
    title: str
    publisher: str


def shown_held() -> list[Initiative]:
    """Other publishers' activities the peace office chose to show, by publisher then title: listed
    apart from the network's own, never counted with them."""
    return list(
        Initiative.objects.held()
        .filter(publisher__shown_publicly=True)
        .select_related("publisher")
        .order_by("publisher__name", "publisher__ref", "title", "pk")
    )


def country_claims(code: str) -> list[PortfolioClaim]:
    return list(PortfolioClaim.objects.filter(country=code).select_related("source").order_by("pk"))


@dataclass(frozen=True)
class Taking:
    """An initiative a member authority takes part in, with its roles in it."""

    initiative: Initiative
    roles: list[str]
    lead: bool


def initiatives_of(authority: LocalAuthority) -> list[Taking]:
    """The initiatives an authority takes part in through its organisation, chronological."""
    parts = (
        Participation.objects.filter(organisation__authority=authority, initiative__publisher__isnull=True)
        .select_related("initiative__kind")
        .order_by(
            first_date("initiative__").asc(nulls_last=True),
            "initiative__identifier",
            "role",
        )
    )
    by_initiative: dict[int, list[Participation]] = {}
    for part in parts:
        by_initiative.setdefault(part.initiative_id, []).append(part)
    return [
        Taking(ps[0].initiative, [p.get_role_display() for p in ps], any(p.lead for p in ps))
        for ps in by_initiative.values()
    ]


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers, each list in one query."""

    actions: list[FieldOfAction]
    interventions: list[FieldOfIntervention]
    countries: list[tuple[str, str]]
    members: list[tuple[str, str]]
    kinds: list[InitiativeKind]
    statuses: list[tuple[str, str]]
    years: list[int]


def filter_choices() -> FilterChoices:
    own = Initiative.objects.own()
    codes = (
        RecipientCountry.objects.filter(initiative__publisher__isnull=True)
        .order_by()
        .values_list("code", flat=True)
        .distinct()
    )
    # Archived authorities are out of the public pages, so out of the filter (members/README.md).
    authorities = LocalAuthority.objects.filter(
        organisation__participations__initiative__publisher__isnull=True, archived_on__isnull=True
    ).distinct()
    bounds: dict[str, Any] = own.aggregate(
        first=Min("start_on_index"),
        last=Max(Coalesce("actual_end", "planned_end")),
        started_last=Max("start_on_index"),
    )
    first, last = bounds["first"], bounds["last"] or bounds["started_last"]
    used_statuses = set(own.order_by().values_list("status", flat=True).distinct())
    return FilterChoices(
        actions=list(FieldOfAction.objects.all()),
        interventions=list(FieldOfIntervention.objects.select_related("parent")),
        countries=sorted(((c, country_name(c)) for c in codes), key=lambda c: c[1]),
        members=sorted(((a.slug, a.name) for a in authorities), key=lambda a: a[1]),
        kinds=list(InitiativeKind.objects.all()),
        statuses=[(code, str(label)) for code, label in STATUS_LABELS.items() if code in used_statuses],
        years=list(range(first.year, max(last.year, first.year) + 1)) if first and last else [],
    )


def initiatives_for_export() -> QuerySet[Initiative]:
    """Every initiative of the network's own with all that the IATI writer (cooperation/iati.py) reads, by identifier,
    as model instances: for code that wants instances (the writer and the checks turn them into
    records with iati_source.from_model). The export itself reads with iati_source.read, several
    times faster: no model instance, no prefetch machinery.

    A fixed number of queries per chunk: iterate with `.iterator(chunk_size=…)`, which runs the
    prefetches chunk by chunk, so memory stays flat however many initiatives there are.
    """
    return (
        Initiative.objects.own()
        .order_by("identifier")
        .select_related("kind")
        .prefetch_related(
            "fields_of_intervention__sectors",
            "fields_of_action__sectors",
            "sectors",
            "related_activities",
            "planned_disbursements__provider",
            "planned_disbursements__receiver",
            "countries",
            "regions",
            Prefetch("places", queryset=Place.objects.order_by("pk")),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by("role", "pk"),
            ),
            "budgets",
            "transactions__provider",
            "transactions__receiver",
            "documents",
            Prefetch(
                "related",
                queryset=Initiative.objects.order_by("identifier").only(
                    "pk", "identifier", "iati_identifier"
                ),
            ),
            "results__indicators__periods",
        )
    )
