"""Reads every page, the API and the statistics share: who was a member on a day, and how big.

Everything is computed in the database with correlated subqueries on indexed columns, so the
number of queries does not grow with the number of members (tests/test_queries.py counts them).
"""

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django_stubs_ext import WithAnnotations

from cocopa.members import sizes
from cocopa.members.models import (
    AdhesionAct,
    Convention,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    SizeClass,
)
from cocopa.members.models import folded as folded  # the rule lives with the column it fills


class PopulationAnnotations(TypedDict):
    population_figure_id: int | None
    population: int | None
    population_before: int | None
    population_on: dt.date | None


class MemberAnnotations(PopulationAnnotations):
    size_class: str
    member_since: dt.date | None
    member_since_precision: str | None
    current_start: dt.date | None


if TYPE_CHECKING:
    AuthorityWithPopulation = WithAnnotations[LocalAuthority, PopulationAnnotations]
    Member = WithAnnotations[LocalAuthority, MemberAnnotations]
else:  # the runtime WithAnnotations of django-stubs-ext takes one argument only
    AuthorityWithPopulation = Member = LocalAuthority


def current_authorities() -> QuerySet[LocalAuthority]:
    """Authorities not archived: the only ones lists, statistics and the API show."""
    return LocalAuthority.objects.filter(archived_on__isnull=True)


def current_acts() -> QuerySet[AdhesionAct]:
    """Acts not archived: the member's record and the warnings use these."""
    return AdhesionAct.objects.filter(archived_on__isnull=True)


def convention_in_force(day: dt.date, kind: str = Convention.Kind.MEMBERSHIP) -> Convention | None:
    """The convention of the kind in force on the day (the latest to start, if two overlap)."""
    return (
        Convention.objects.filter(Q(end_on__isnull=True) | Q(end_on__gte=day), kind=kind, start_on__lte=day)
        .order_by("-start_on", "-pk")
        .first()
    )


def last_expired_convention(day: dt.date, kind: str = Convention.Kind.MEMBERSHIP) -> Convention | None:
    """The convention of the kind that ended most recently before the day."""
    return Convention.objects.filter(kind=kind, end_on__lt=day).order_by("-end_on", "-pk").first()


def notice_days_for(act: AdhesionAct) -> int | None:
    """The notice a withdrawal owes: its convention's, else that of the membership convention in
    force when it was notified (or, without a notice date, when it takes effect)."""
    if act.convention is not None and act.convention.withdrawal_notice_days is not None:
        return act.convention.withdrawal_notice_days
    day = act.notified_on or act.effective_on
    if day is None:
        return None
    convention = convention_in_force(day)
    return convention.withdrawal_notice_days if convention is not None else None


def bands() -> tuple[sizes.Band, ...]:
    """The size classes staff set, or the brochure's defaults when none are set."""
    rows = [sizes.Band(c.key, c.lower_bound) for c in SizeClass.objects.all()]
    return sizes.checked(rows or sizes.DEFAULT_BANDS)


def _figure(day: dt.date, field: str, *, before: bool) -> Subquery:
    # Figures a source gives without a date, or that are marked uncertain, are shown on the
    # member's page but never enter a statistic.
    figures = PopulationFigure.objects.filter(
        authority=OuterRef("pk"), reference_date__isnull=False, uncertain=False
    )
    if before:
        # The latest figure on or before the day; the preferred one wins a tie on the date.
        figures = figures.filter(reference_date__lte=day).order_by("-reference_date", "-preferred", "-pk")
    else:
        figures = figures.filter(reference_date__gt=day).order_by("reference_date", "-preferred", "-pk")
    return Subquery(figures.values(field)[:1])


def with_population_at(qs: QuerySet[LocalAuthority], day: dt.date) -> QuerySet[AuthorityWithPopulation]:
    """Annotate `population`, `population_on` and `population_figure_id` as of the day.

    The latest figure on or before the day is used; when an authority has none that old, its
    earliest later figure stands in and `population_is_later` says so, rather than leaving a
    member out of the totals (the demo's oldest figures are from the 2011 census).
    """
    return qs.annotate(
        population_figure_id=Coalesce(_figure(day, "pk", before=True), _figure(day, "pk", before=False)),
        population_before=_figure(day, "value", before=True),
        population=Coalesce(_figure(day, "value", before=True), _figure(day, "value", before=False)),
        population_on=Coalesce(
            _figure(day, "reference_date", before=True), _figure(day, "reference_date", before=False)
        ),
    )


_ISTAT_CODE = re.compile(r"[0-9]{6}")
_SUPRA_CODE = re.compile(r"[0-9a-z]{1,20}")


def by_slug(slug: str) -> QuerySet[LocalAuthority]:
    """The authority a public slug names (LocalAuthority.slug): an ISTAT code, or `<kind>-<code>`."""
    # Archived authorities are out of every public page (members/README.md, "Archive").
    if _ISTAT_CODE.fullmatch(slug):
        return LocalAuthority.objects.filter(istat_code=slug, archived_on__isnull=True)
    kind, _dash, code = slug.partition("-")
    if kind not in LocalAuthority.Kind.values or not _SUPRA_CODE.fullmatch(code):
        return LocalAuthority.objects.none()
    # The slug property takes the statistical code, else the province code, else the id.
    by_code = Q(statistical_code=code) | Q(statistical_code="", province_code=code)
    if code.isdigit():
        by_code |= Q(statistical_code="", province_code="", pk=int(code))
    return LocalAuthority.objects.filter(
        by_code, kind=kind, istat_code__isnull=True, archived_on__isnull=True
    )


def with_record(qs: "QuerySet[Member]") -> "QuerySet[Member]":
    """Prefetch everything an authority's page shows: periods, figures, acts, evidence, their sources."""
    return qs.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("start_source", "end_source")),
        Prefetch(
            "population_figures",
            queryset=PopulationFigure.objects.select_related("source").order_by(
                F("reference_date").asc(nulls_last=True), "-preferred", "pk"
            ),
        ),
        Prefetch("acts", queryset=current_acts().select_related("source", "convention")),
        Prefetch("evidence", queryset=MembershipEvidence.objects.select_related("source")),
    )


def size_class_expression(capital_id: int | None, ordered: Sequence[sizes.Band]) -> Case:
    """sizes.classify() as SQL over the `population` annotation, plus the capital shown apart."""
    whens = []
    if capital_id is not None:
        whens.append(When(pk=capital_id, then=Value(sizes.CAPITAL)))
    whens.append(When(~Q(kind=LocalAuthority.Kind.MUNICIPALITY) | Q(population__isnull=True), then=Value("")))
    whens += [When(population__gte=band.lower_bound, then=Value(band.key)) for band in ordered]
    return Case(*whens, default=Value(""), output_field=CharField())


def with_standing(
    qs: QuerySet[LocalAuthority],
    day: dt.date,
    *,
    capital_id: int | None = None,
    ordered: Sequence[sizes.Band] | None = None,
) -> QuerySet[Member]:
    """Annotate authorities as of the day: population, size class, first and current membership start."""
    active = Membership.objects.active_on(day).filter(authority=OuterRef("pk"))
    first_start = Membership.objects.filter(authority=OuterRef("pk"), start_on__lte=day).order_by("start_on")
    return with_population_at(qs, day).annotate(
        size_class=size_class_expression(capital_id, ordered if ordered is not None else bands()),
        member_since=Subquery(first_start.values("start_on")[:1]),
        member_since_precision=Subquery(first_start.values("start_precision")[:1]),
        current_start=Subquery(active.order_by("-start_on").values("start_on")[:1]),
    )


def members_at(
    day: dt.date,
    *,
    capital_id: int | None = None,
    size_class: str | None = None,
    kind: str | None = None,
    ordered: Sequence[sizes.Band] | None = None,
) -> QuerySet[Member]:
    """Authorities that were members on the day, with population, size class and member-since."""
    authorities = _members_on(day)
    if kind:
        authorities = authorities.filter(kind=kind)
    qs = with_standing(authorities, day, capital_id=capital_id, ordered=ordered)
    if size_class:
        qs = qs.filter(size_class=size_class)
    return qs.order_by("name", "pk")


def _members_on(day: dt.date) -> QuerySet[LocalAuthority]:
    """The one rule of membership on a day: not archived, a membership period in force."""
    return current_authorities().filter(
        Exists(Membership.objects.active_on(day).filter(authority=OuterRef("pk")))
    )


def members_in_good_standing(day: dt.date, *, in_arrears: Collection[int] = ()) -> QuerySet[LocalAuthority]:
    """Members entitled to an Assembly seat on the day: the members of `members_at`, by name.

    `in_arrears`: ids of members whose fee arrears suspend their standing. Members cannot read the
    fees (fees sits above members), so the fees layer supplies them
    (`cocopa.fees.queries.members_in_good_standing`). The rule in force is a software DEFAULT, not
    a rule of the statutes (the convention's article on fees was not found): arrears do NOT
    suspend good standing, so every caller passes nothing (members/README.md, "Good standing").
    """
    found = _members_on(day)
    if in_arrears:
        found = found.exclude(pk__in=list(in_arrears))
    return found.order_by("name", "pk")


def authority_on(slug: str, day: dt.date, *, capital_id: int | None = None) -> Member | None:
    """One authority, member or not, as of the day (a null `current_start` means not a member then),
    with everything its page shows prefetched."""
    # Two rows could share a code only through bad data; the slug property decides.
    found = with_record(with_standing(by_slug(slug), day, capital_id=capital_id))
    return next((a for a in found if a.slug == slug), None)


@dataclass(frozen=True)
class ClassFigures:
    key: str
    name: str
    lower_bound: int | None
    upper_bound: int | None
    members: int
    population: int
    smallest: int | None
    largest: int | None


@dataclass(frozen=True)
class Statistics:
    """The network on one day, as every page, report and the API show it."""

    at: dt.date
    members: int
    by_kind: dict[str, int]
    municipalities: int
    classes: list[ClassFigures]
    population_represented: int
    population_unknown: int
    figures_after_date: int
    territory_population: int | None
    territory_share: Decimal | None


def statistics(
    day: dt.date, *, capital_id: int | None = None, territory: LocalAuthority | None = None
) -> Statistics:
    ordered = bands()
    members = members_at(day, capital_id=capital_id, ordered=ordered)
    by_kind = {row["kind"]: row["n"] for row in members.order_by().values("kind").annotate(n=Count("pk"))}

    # Population represented counts municipalities only: a province's population already
    # contains its municipalities', so adding it would count people twice.
    municipalities = members.filter(kind=LocalAuthority.Kind.MUNICIPALITY)
    if territory is not None and territory.province_code:
        municipalities = municipalities.filter(province_code=territory.province_code)
    rows = {
        row["size_class"]: row
        for row in municipalities.order_by()
        .values("size_class")
        .annotate(
            n=Count("pk"),
            total=Coalesce(Sum("population"), 0, output_field=IntegerField()),
            smallest=Min("population"),
            largest=Max("population"),
            unknown=Count("pk", filter=Q(population__isnull=True)),
            later=Count("pk", filter=Q(population__isnull=False, population_before__isnull=True)),
        )
    }
    names = dict(SizeClass.objects.values_list("key", "name"))
    classes = []
    if capital_id is not None and sizes.CAPITAL in rows:
        classes.append(_class_figures(sizes.CAPITAL, names.get(sizes.CAPITAL, ""), None, None, rows))
    for band in ordered:
        classes.append(
            _class_figures(
                band.key,
                names.get(band.key, band.key),
                band.lower_bound,
                sizes.upper_bound(band, ordered),
                rows,
            )
        )
    represented = sum(c.population for c in classes)
    territory_population = None
    if territory is not None:
        territory_population = with_population_at(
            LocalAuthority.objects.filter(pk=territory.pk), day
        ).values_list("population", flat=True)[0]
    share = None
    if territory_population:
        share = (Decimal(represented) * 100 / territory_population).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Statistics(
        at=day,
        members=sum(by_kind.values()),
        by_kind=by_kind,
        municipalities=sum(c.members for c in classes) + (rows[""]["n"] if "" in rows else 0),
        classes=classes,
        population_represented=represented,
        population_unknown=sum(r["unknown"] for r in rows.values()),
        figures_after_date=sum(r["later"] for r in rows.values()),
        territory_population=territory_population,
        territory_share=share,
    )


def _class_figures(
    key: str, name: str, lower: int | None, upper: int | None, rows: dict[str, dict[str, int]]
) -> ClassFigures:
    row = rows.get(key)
    if row is None:
        return ClassFigures(key, name, lower, upper, 0, 0, None, None)
    return ClassFigures(key, name, lower, upper, row["n"], row["total"], row["smallest"], row["largest"])


# How many municipalities the office's search shows at most; it says when there are more.
SEARCH_LIMIT = 20


def municipalities_matching(text: str, day: dt.date) -> QuerySet[AuthorityWithPopulation]:
    """Municipalities (not archived) whose name holds the text, without regard to case, accents or
    the apostrophe's shape, or whose ISTAT code starts with it when it is all digits; names
    starting with it first, then by name. Annotated with the population on the day and
    `is_member` (a period in force that day). Unsliced: the caller counts, then takes
    `SEARCH_LIMIT`.

    Names are compared in the database on `name_folded` (folded() stored by every write of a
    name), so a search is the same few queries however many municipalities there are; ordering by
    the folded name also puts "Agliè" before "Aglientu", whatever the database's collation."""
    text = " ".join(text.split())
    found = current_authorities().filter(kind=LocalAuthority.Kind.MUNICIPALITY)
    if not text:
        return with_population_at(found.none(), day)
    if text.isdigit():
        found = found.filter(istat_code__startswith=text)
        starts_with: Value | Case = Value(0)  # every code found starts with the text
    else:
        wanted = folded(text)
        found = found.filter(name_folded__contains=wanted)
        starts_with = Case(When(name_folded__startswith=wanted, then=Value(0)), default=Value(1))
    found = found.annotate(
        starts_with=starts_with,
        is_member=Exists(Membership.objects.active_on(day).filter(authority=OuterRef("pk"))),
    ).order_by("starts_with", "name_folded", "istat_code")
    return with_population_at(found, day)
