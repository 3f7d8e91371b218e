"""Peace education API: programmes and school activities, public fields only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router

from cocopa.core.pagination import paginated
from cocopa.core.schemas import LANG, ErrorOut, Language
from cocopa.education import queries, schoolyear
from cocopa.education.models import Activity, Programme
from cocopa.education.schemas import ActivityOut, ProgrammeOut
from cocopa.members import queries as member_queries

router = Router(tags=["education"])

SchoolYearFilter = QueryEx[
    str | None,
    P(pattern=r"^[0-9]{4}/[0-9]{2}$", description="Only activities of this school year, written `2024/25`."),
]
MemberFilter = QueryEx[
    str | None, P(pattern=r"^[-a-z0-9]{1,40}$", description="Slug of a member (`001272`).")
]
ProgrammeFilter = QueryEx[str | None, P(pattern=r"^[-a-z0-9_]{1,120}$", description="Slug of a programme.")]


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], 422: ErrorOut},
    url_name="education-programme-list",
    operation_id="list_education_programmes",
    summary="Peace-education programmes",
)
@paginated
def list_programmes(request: HttpRequest, lang: QueryEx[Language | None, LANG] = None) -> QuerySet[Programme]:
    """The programmes the network offers schools, with their topics and method."""
    return queries.programmes().order_by("slug")


@router.get(
    "/activities",
    response={200: list[ActivityOut], 422: ErrorOut},
    url_name="education-activity-list",
    operation_id="list_education_activities",
    summary="Activities in schools",
)
@paginated
def list_activities(
    request: HttpRequest,
    school_year: SchoolYearFilter = None,
    member: MemberFilter = None,
    programme: ProgrammeFilter = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> QuerySet[Activity]:
    """Activities held in schools of members, newest school year first; a filter that names
    nothing the registry holds gives an empty list. A school year that does not follow its first
    year (`2024/26`) also gives an empty list."""
    qs = queries.activities()
    if school_year is not None:
        try:
            qs = qs.filter(school_year=schoolyear.parse(school_year).start)
        except ValueError:
            return Activity.objects.none()
    if member is not None:
        qs = qs.filter(member__in=member_queries.by_slug(member).values("pk"))
    if programme is not None:
        qs = qs.filter(programme__slug=programme)
    return qs.order_by("-school_year", "school_name", "pk")
