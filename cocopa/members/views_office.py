"""The peace office's pages on conventions and acts (read-only; writes go through the admin and
members.services). Mounted under /office/conventions/ by cocopa/urls.py (urls_office.py)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocopa.core.guards import permission_required_or_403
from cocopa.members import queries, warnings
from cocopa.members.models import Convention, LocalAuthority

View = Callable[..., HttpResponse]
WARNING_DAYS = 120


@permission_required_or_403("members.manage_members")
@require_GET
def conventions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "members/office/conventions.html",
        {
            "today": today,
            "days": WARNING_DAYS,
            "conventions": Convention.objects.select_related("source").order_by("start_on", "pk"),
            "in_force": queries.convention_in_force(today),
            "warnings": warnings.collect(today, WARNING_DAYS),
            "archived": warnings.archived_authorities(),
        },
    )


@permission_required_or_403("members.manage_members")
@require_GET
def member_acts(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's acts, archived ones included (marked), and its membership periods."""
    authority = get_object_or_404(LocalAuthority, pk=pk)
    return render(
        request,
        "members/office/member_acts.html",
        {
            "authority": authority,
            "acts": authority.acts.select_related("convention", "source", "membership").order_by(
                "adopted_on", "pk"
            ),
            "periods": authority.memberships.select_related("start_source", "end_source"),
        },
    )
