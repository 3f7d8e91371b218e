"""Campaigns API: every campaign with its adoptions, and one campaign by its address."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.campaigns import queries
from cocopa.campaigns.models import Campaign
from cocopa.campaigns.schemas import CampaignOut
from cocopa.core.pagination import paginated
from cocopa.core.schemas import LANG, ErrorOut, Language

router = Router(tags=["campaigns"])


@router.get(
    "",
    response={200: list[CampaignOut], 422: ErrorOut},
    url_name="campaign-list",
    operation_id="list_campaigns",
    summary="Campaigns with their adoptions",
)
@paginated
def list_campaigns(request: HttpRequest, lang: QueryEx[Language | None, LANG] = None) -> QuerySet[Campaign]:
    """Every campaign, newest first, with the members (and the network itself) that adopted it,
    the date and the act of each adoption."""
    return queries.with_adoptions(queries.listed())


@router.get(
    "/{slug}",
    response={200: CampaignOut, 404: ErrorOut, 422: ErrorOut},
    url_name="campaign-detail",
    operation_id="get_campaign",
    summary="One campaign",
)
def get_campaign(
    request: HttpRequest,
    slug: PathEx[str, P(pattern=r"^[-a-zA-Z0-9_]{1,120}$", example="diritto-alla-pace")],
    lang: QueryEx[Language | None, LANG] = None,
) -> Campaign:
    """A campaign with its adoptions."""
    found = queries.public_campaign(slug)
    if found is None:
        raise Http404(_("No campaign has this address."))
    return found
