"""Members API: who was a member on a date, and one authority in full (public, read-only).

The network's capital is shown apart from the size classes, so these endpoints read the network
profile through cocopa.network.queries: the one place the HTTP layer of members looks right.
"""

import re

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.core.dataversion import CachedList
from cocopa.core.pagination import paginated
from cocopa.core.schemas import AT, LANG, Day, ErrorOut, Language
from cocopa.members import queries as member_queries
from cocopa.members.models import (
    LocalAuthority,
)
from cocopa.members.schemas import AuthorityKind, AuthorityOut, MemberOut
from cocopa.network import queries as network_queries

router = Router(tags=["members"])


_SLUG_CODE = re.compile(r"[0-9a-z]{1,20}")


@router.get(
    "",
    response={200: list[MemberOut], 422: ErrorOut},
    url_name="member-list",
    operation_id="list_members",
    summary="Members on a date",
)
@paginated
def list_members(
    request: HttpRequest,
    at: QueryEx[Day | None, AT] = None,
    size_class: QueryEx[
        str | None, P(pattern=r"^[a-z0-9_-]{1,30}$", description="A size class key, or `capital`.")
    ] = None,
    kind: QueryEx[AuthorityKind | None, P(description="Only authorities of this kind.")] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> CachedList[member_queries.Member]:
    """Authorities that were members on the day, by name, with the population figure used for it."""
    return network_queries.member_list(at or network_queries.today(), size_class=size_class, kind=kind)


@router.get(
    "/{slug}",
    response={200: AuthorityOut, 404: ErrorOut, 422: ErrorOut},
    url_name="member-detail",
    operation_id="get_member",
    summary="One authority",
)
def get_member(
    request: HttpRequest,
    slug: PathEx[str, P(description="ISTAT code (`001272`) or e.g. `province-201`.", example="001272")],
    at: QueryEx[Day | None, AT] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> LocalAuthority:
    """An authority, member or not, with its figures as of the day, its periods, acts and evidence."""
    authority = network_queries.authority_on(slug, at or network_queries.today())
    if authority is None:
        raise Http404(_("No local authority has the slug %(slug)s.") % {"slug": slug})
    return authority
