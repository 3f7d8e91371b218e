"""Cooperation API: initiatives with the list's and the map's filters (filters.py), one initiative in full, places as GeoJSON."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.cooperation import filters as coop_filters
from cocopa.cooperation import queries
from cocopa.cooperation.models import Initiative
from cocopa.cooperation.schemas import InitiativeDetailOut, InitiativeOut, PlaceCollectionOut
from cocopa.core.pagination import paginated
from cocopa.core.schemas import LANG, ErrorOut, Language

router = Router(tags=["cooperation"])


# The parameters' shapes, for the schema; what a value means (and whether it names anything) is
# filters.parse's, the same reading as the list page's and the open data files'.
ActionFilter = QueryEx[
    int | None, P(ge=1, le=coop_filters.ID_MAX, description="Id of a field of action the registry holds.")
]
InterventionFilter = QueryEx[
    int | None,
    P(
        ge=1,
        le=coop_filters.ID_MAX,
        description="Id of a field of intervention the registry holds; its narrower fields count too.",
    ),
]
CountryFilter = QueryEx[
    str | None,
    P(
        pattern=coop_filters.COUNTRY_PATTERN,
        description="ISO 3166-1 alpha-2 code of a recipient country; a country without initiatives "
        "gives an empty list, a code ISO does not assign is invalid input.",
    ),
]
MemberFilter = QueryEx[
    str | None,
    P(pattern=coop_filters.MEMBER_PATTERN, description="Slug of a member authority taking part (`001272`)."),
]
YearFilter = QueryEx[
    int | None,
    P(
        ge=coop_filters.YEAR_MIN,
        le=coop_filters.YEAR_MAX,
        description="Only initiatives under way that year.",
    ),
]
StatusFilter = QueryEx[
    str | None, P(pattern=coop_filters.STATUS_PATTERN, description="IATI ActivityStatus code.")
]
KindFilter = QueryEx[
    str | None,
    P(pattern=coop_filters.KIND_PATTERN, description="Key of a kind of initiative the registry holds."),
]


def _filters(request: HttpRequest) -> queries.Filters | None:
    """The filters of the query string as filters.parse reads them for every page and file; None
    when a value of the right shape names nothing the registry holds (a code ISO does not assign,
    an unknown field, member or kind). The API then answers an empty list, as for any filter that
    matches nothing: the schema gives every such value as valid, since it cannot list the
    registry's ids, and a valid request is answered, not refused. A value of the wrong shape is
    refused by the schema (422 invalid_input)."""
    parsed = coop_filters.parse(request.GET)
    return None if parsed.problems else parsed.filters


@router.get(
    "/initiatives",
    response={200: list[InitiativeOut], 422: ErrorOut},
    url_name="initiative-list",
    operation_id="list_initiatives",
    summary="Initiatives, filtered",
)
@paginated
def list_initiatives(
    request: HttpRequest,
    action: ActionFilter = None,
    intervention: InterventionFilter = None,
    country: CountryFilter = None,
    member: MemberFilter = None,
    year: YearFilter = None,
    status: StatusFilter = None,
    kind: KindFilter = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> QuerySet[Initiative]:
    """Projects, aid, missions and campaigns, oldest first, with the filters of the public list
    of initiatives (`/cooperation/initiatives/`), the map and the open data files."""
    filters = _filters(request)
    return queries.filtered_initiatives(filters) if filters is not None else Initiative.objects.none()


@router.get(
    "/initiatives/{identifier}",
    response={200: InitiativeDetailOut, 404: ErrorOut, 422: ErrorOut},
    url_name="initiative-detail",
    operation_id="get_initiative",
    summary="One initiative",
)
def get_initiative(
    request: HttpRequest,
    identifier: PathEx[str, P(pattern=r"^[-a-zA-Z0-9_]{1,100}$", example="bethlehem-smart-water")],
    lang: QueryEx[Language | None, LANG] = None,
) -> Initiative:
    """An initiative with its places, partners by role and every date a source gives. Also another
    publisher's activity that the peace office chose to show, as its public page does, with
    `published_by` saying whose it is."""
    found = queries.initiative_detail(identifier, shown_publishers=True)
    if found is None:
        raise Http404(_("No initiative has the identifier %(identifier)s.") % {"identifier": identifier})
    return found


@router.get(
    "/places",
    response={200: PlaceCollectionOut, 422: ErrorOut},
    url_name="place-list",
    operation_id="list_places",
    summary="Places as GeoJSON",
)
def list_places(
    request: HttpRequest,
    action: ActionFilter = None,
    intervention: InterventionFilter = None,
    country: CountryFilter = None,
    member: MemberFilter = None,
    year: YearFilter = None,
    status: StatusFilter = None,
    kind: KindFilter = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> dict[str, Any]:
    """Places with coordinates of the matching initiatives, as a GeoJSON FeatureCollection."""
    filters = _filters(request)
    return {
        "type": "FeatureCollection",
        "features": list(queries.filtered_places(filters)) if filters is not None else [],
    }
