"""Cooperation API: initiatives with the map's filters, one initiative in full, places as GeoJSON."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.cooperation import queries
from cocopa.cooperation.models import Initiative
from cocopa.cooperation.schemas import InitiativeDetailOut, InitiativeOut, PlaceCollectionOut
from cocopa.core.pagination import paginated
from cocopa.core.schemas import LANG, ErrorOut, Language

router = Router(tags=["cooperation"])


ActionFilter = QueryEx[int | None, P(ge=1, le=2_147_483_647, description="Id of a field of action.")]
InterventionFilter = QueryEx[
    int | None,
    P(ge=1, le=2_147_483_647, description="Id of a field of intervention; its narrower fields count too."),
]
CountryFilter = QueryEx[
    str | None, P(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code of a recipient country.")
]
MemberFilter = QueryEx[
    str | None,
    P(pattern=r"^[a-z0-9-]{1,30}$", description="Slug of a member authority taking part (`001272`)."),
]
YearFilter = QueryEx[int | None, P(ge=1900, le=2100, description="Only initiatives under way that year.")]
StatusFilter = QueryEx[str | None, P(pattern=r"^[1-6]$", description="IATI ActivityStatus code.")]
KindFilter = QueryEx[str | None, P(pattern=r"^[a-z0-9_-]{1,40}$", description="Key of a kind of initiative.")]


def _filters(**given: Any) -> queries.Filters:
    return queries.Filters(**given)


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
    """Projects, aid, missions and campaigns, oldest first, with the filters of the public map."""
    return queries.filtered_initiatives(
        _filters(
            action=action,
            intervention=intervention,
            country=country,
            member=member,
            year=year,
            status=status,
            kind=kind,
        )
    )


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
    """An initiative with its places, partners by role and every date a source gives."""
    found = queries.initiative_detail(identifier)
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
    filters = _filters(
        action=action,
        intervention=intervention,
        country=country,
        member=member,
        year=year,
        status=status,
        kind=kind,
    )
    return {"type": "FeatureCollection", "features": list(queries.filtered_places(filters))}
