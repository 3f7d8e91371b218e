"""Members API: who was a member on a date, and one authority in full (public, read-only).

The network's capital is shown apart from the size classes, so these endpoints read the network
profile through cocopa.network.queries: the one place the HTTP layer of members looks right.
"""

import datetime as dt
import re
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, QueryEx, Router
from ninja.pagination import PageNumberPagination, paginate

from cocopa.members import queries as member_queries
from cocopa.members.models import (
    AdhesionAct,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
)
from cocopa.members.schemas import AuthorityKind, AuthorityOut, Day, ErrorOut, MemberOut
from cocopa.network import queries as network_queries

router = Router(tags=["members"])

# Every endpoint declares `lang`, so the schema documents it and a bad value is a 422;
# cocopa.api applies it to the whole request.
Language = Literal["it", "en"]
LANG = P(description="Language of translated texts; without it, the Accept-Language header decides.")
AT = P(description="The day to look at (YYYY-MM-DD); today when left out.")

_SLUG_CODE = re.compile(r"[0-9a-z]{1,20}")


class PageQuery(PageNumberPagination.Input):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int | None = Field(None, ge=1, description="Items per page: 50 when left out, at most 500.")


class Pages(PageNumberPagination):
    """Ninja's page numbers, with pages bounded so an offset always fits the database's integers."""

    Input = PageQuery


@router.get(
    "",
    response={200: list[MemberOut], 422: ErrorOut},
    url_name="member-list",
    summary="Members on a date",
)
@paginate(Pages, page_size=50, max_page_size=500)
def list_members(
    request: HttpRequest,
    at: QueryEx[Day | None, AT] = None,
    size_class: QueryEx[
        str | None, P(pattern=r"^[a-z0-9_-]{1,30}$", description="A size class key, or `capital`.")
    ] = None,
    kind: QueryEx[AuthorityKind | None, P(description="Only authorities of this kind.")] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> QuerySet[LocalAuthority]:
    """Authorities that were members on the day, by name, with the population figure used for it."""
    return network_queries.members_at(at or network_queries.today(), size_class=size_class, kind=kind)


@router.get(
    "/{slug}",
    response={200: AuthorityOut, 404: ErrorOut, 422: ErrorOut},
    url_name="member-detail",
    summary="One authority",
)
def get_member(
    request: HttpRequest,
    slug: PathEx[str, P(description="ISTAT code (`001272`) or e.g. `province-201`.", example="001272")],
    at: QueryEx[Day | None, AT] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> LocalAuthority:
    """An authority, member or not, with its figures as of the day, its periods, acts and evidence."""
    day = at or network_queries.today()
    for authority in _authority_at(slug, day):
        if authority.slug == slug:
            return authority
    raise Http404(_("No local authority has the slug %(slug)s.") % {"slug": slug})


def _authority_at(slug: str, day: dt.date) -> QuerySet[LocalAuthority]:
    """The authorities a slug may name (rarely more than one), annotated as members_at() does."""
    network = network_queries.profile()
    first_start = Membership.objects.filter(authority=OuterRef("pk"), start_on__lte=day).order_by("start_on")
    qs = member_queries.with_population_at(LocalAuthority.objects.filter(_slug_lookup(slug)), day)
    return qs.annotate(
        size_class=member_queries.size_class_expression(
            network.capital_id if network else None, member_queries.bands()
        ),
        is_member=Exists(Membership.objects.active_on(day).filter(authority=OuterRef("pk"))),
        member_since=Subquery(first_start.values("start_on")[:1]),
        member_since_precision=Subquery(first_start.values("start_precision")[:1]),
    ).prefetch_related(
        Prefetch("population_figures", PopulationFigure.objects.select_related("source")),
        Prefetch("memberships", Membership.objects.select_related("start_source", "end_source")),
        Prefetch("acts", AdhesionAct.objects.select_related("source")),
        Prefetch("evidence", MembershipEvidence.objects.select_related("source")),
    )


def _slug_lookup(slug: str) -> Q:
    """LocalAuthority.slug as a filter: an ISTAT code, or `<kind>-<statistical, province code or id>`."""
    if re.fullmatch(r"[0-9]{6}", slug):
        return Q(istat_code=slug)
    kind, _dash, code = slug.partition("-")
    if kind not in LocalAuthority.Kind.values or not _SLUG_CODE.fullmatch(code):
        return Q(pk__in=[])
    by_code = Q(statistical_code=code) | Q(statistical_code="", province_code=code)
    if code.isdigit():
        by_code |= Q(statistical_code="", province_code="", pk=int(code))
    return Q(kind=kind) & (Q(istat_code__isnull=True) | Q(istat_code="")) & by_code
