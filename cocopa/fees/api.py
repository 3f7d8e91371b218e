"""Staff read endpoints on fees: assessments and payments (token or session authentication).

Machine clients (a member's or the lead municipality's accounting) send
`Authorization: Bearer <token>` with a token from `cocopa create_api_token`; pages of the site
may call with the session cookie. Every row goes through cocopa.fees.permissions (`fees.view_fees`): the two
offices read every member, a representative only the members they represent today, anyone
else nothing; without credentials the answer is 401.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import P, QueryEx, Router

from cocopa.apitokens.auth import staff_auth
from cocopa.core.pagination import paginated
from cocopa.core.roles import UserLike
from cocopa.core.schemas import Day, ErrorOut
from cocopa.fees import ledger, permissions
from cocopa.fees.models import Assessment, Payment
from cocopa.fees.schemas_api import AssessmentOut, PaymentOut
from cocopa.members import queries as member_queries

router = Router(tags=["fees"], auth=staff_auth)


Year = P(ge=1900, le=2999, description="Only this year's fees.")
MemberSlug = P(
    pattern=r"^[0-9a-z-]{1,40}$",
    description="Only this member, by slug (ISTAT code, e.g. `001272`). A member whose fees you may not read gives no rows.",
)
NOT_AUTHENTICATED = {401: ErrorOut, 422: ErrorOut}


def _caller(request: HttpRequest) -> UserLike:
    """The user the token or session authenticated (ninja's request.auth)."""
    return getattr(request, "auth", None)


@router.get(
    "/assessments",
    response={200: list[AssessmentOut], **NOT_AUTHENTICATED},
    url_name="fee-assessment-list",
    operation_id="list_fee_assessments",
    summary="Fee assessments",
)
@paginated
def list_assessments(
    request: HttpRequest,
    year: QueryEx[int | None, Year] = None,
    member: QueryEx[str | None, MemberSlug] = None,
) -> QuerySet[Assessment]:
    """What each member owes per year, with what was paid and waived: the members you may read,
    newest year first, then by member name."""
    rows = Assessment.objects.all()
    if year is not None:
        rows = rows.filter(year=year)
    if member is not None:
        rows = rows.filter(authority__in=member_queries.by_slug(member))
    rows = permissions.restrict_to_fee_members(rows, _caller(request), timezone.localdate())
    return ledger.with_totals(rows).order_by("-year", "authority__name", "pk")


@router.get(
    "/payments",
    response={200: list[PaymentOut], **NOT_AUTHENTICATED},
    url_name="fee-payment-list",
    operation_id="list_fee_payments",
    summary="Fee payments",
)
@paginated
def list_payments(
    request: HttpRequest,
    year: QueryEx[int | None, P(ge=1900, le=2999, description="Only payments made in this year.")] = None,
    paid_from: QueryEx[
        Day | None, P(description="Only payments made on or after this day (YYYY-MM-DD).")
    ] = None,
    paid_to: QueryEx[
        Day | None, P(description="Only payments made on or before this day (YYYY-MM-DD).")
    ] = None,
    member: QueryEx[str | None, MemberSlug] = None,
    archived: QueryEx[bool, P(description="Include archived (voided) payments.")] = False,
) -> QuerySet[Payment]:
    """Payments of the members you may read, newest first. Archived payments are left out unless
    asked for."""
    rows = Payment.objects.select_related("authority", "assessment", "receipt")
    if not archived:
        rows = rows.filter(archived_on__isnull=True)
    if year is not None:
        rows = rows.filter(paid_on__year=year)
    if paid_from is not None:
        rows = rows.filter(paid_on__gte=paid_from)
    if paid_to is not None:
        rows = rows.filter(paid_on__lte=paid_to)
    if member is not None:
        rows = rows.filter(authority__in=member_queries.by_slug(member))
    return permissions.restrict_to_fee_members(rows, _caller(request), timezone.localdate()).order_by(
        "-paid_on", "-pk"
    )
