"""Network API: the network's profile and its statistics on a date (public, read-only)."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import QueryEx, Router

from cocopa.core.schemas import AT, LANG, Day, ErrorOut, Language
from cocopa.members.queries import Statistics
from cocopa.network import queries
from cocopa.network.models import NetworkProfile
from cocopa.network.schemas import NetworkOut, StatisticsOut

router = Router(tags=["network"])


@router.get(
    "/network",
    response={200: NetworkOut, 404: ErrorOut, 422: ErrorOut},
    url_name="network",
    operation_id="get_network",
    summary="The network",
)
def get_network(request: HttpRequest, lang: QueryEx[Language | None, LANG] = None) -> NetworkProfile:
    """Who the network is, what it says of itself, and how to reach it."""
    network = queries.profile()
    if network is None:
        raise Http404(_("No network profile has been set up yet."))
    return network


@router.get(
    "/statistics",
    response={200: StatisticsOut, 422: ErrorOut},
    url_name="statistics",
    operation_id="get_statistics",
    summary="Statistics on a date",
)
def get_statistics(
    request: HttpRequest,
    at: QueryEx[Day | None, AT] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> Statistics:
    """Members, population represented and size classes on the day."""
    return queries.statistics(at or queries.today())
