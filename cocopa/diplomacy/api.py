"""City diplomacy API: agreements and missions, public fields only, oldest first."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.core.pagination import paginated
from cocopa.core.schemas import LANG, ErrorOut, Language
from cocopa.diplomacy import queries
from cocopa.diplomacy.models import Agreement, Mission
from cocopa.diplomacy.schemas import AgreementOut, MissionOut

router = Router(tags=["diplomacy"])

CountryFilter = QueryEx[
    str | None,
    P(
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2: a party abroad (agreements) or the destination or origin (missions).",
    ),
]


@router.get(
    "/agreements",
    response={200: list[AgreementOut], 422: ErrorOut},
    url_name="agreement-list",
    operation_id="list_agreements",
    summary="Agreements of member towns with local authorities abroad",
)
@paginated
def list_agreements(
    request: HttpRequest, country: CountryFilter = None, lang: QueryEx[Language | None, LANG] = None
) -> QuerySet[Agreement]:
    found = queries.agreements()
    return found.filter(foreign_authorities__country=country).distinct() if country else found


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, 404: ErrorOut, 422: ErrorOut},
    url_name="agreement-detail",
    operation_id="get_agreement",
    summary="One agreement",
)
def get_agreement(
    request: HttpRequest,
    agreement_id: PathEx[int, P(ge=1, le=2**31 - 1)],
    lang: QueryEx[Language | None, LANG] = None,
) -> Agreement:
    found = queries.agreements().filter(pk=agreement_id).first()
    if found is None:
        raise Http404(_("No agreement has this number."))
    return found


@router.get(
    "/missions",
    response={200: list[MissionOut], 422: ErrorOut},
    url_name="mission-list",
    operation_id="list_missions",
    summary="Missions abroad and delegations received",
)
@paginated
def list_missions(
    request: HttpRequest, country: CountryFilter = None, lang: QueryEx[Language | None, LANG] = None
) -> QuerySet[Mission]:
    found = queries.missions()
    return found.filter(country=country) if country else found


@router.get(
    "/missions/{mission_id}",
    response={200: MissionOut, 404: ErrorOut, 422: ErrorOut},
    url_name="mission-detail",
    operation_id="get_mission",
    summary="One mission or delegation",
)
def get_mission(
    request: HttpRequest,
    mission_id: PathEx[int, P(ge=1, le=2**31 - 1)],
    lang: QueryEx[Language | None, LANG] = None,
) -> Mission:
    found = queries.missions().filter(pk=mission_id).first()
    if found is None:
        raise Http404(_("No mission has this number."))
    return found
