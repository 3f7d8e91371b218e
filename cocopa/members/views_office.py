"""The peace office's pages on conventions and acts: the lists, and recording a member's act
through services.record_act (the admin shows acts read-only). Mounted under /office/conventions/
by cocopa/urls.py (urls_office.py)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.members import forms, queries, services, warnings
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


def _acts_page(
    request: HttpRequest,
    authority: LocalAuthority,
    form: forms.RecordActForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "members/office/member_acts.html",
        {
            "authority": authority,
            "acts": authority.acts.select_related("convention", "source", "membership").order_by(
                "adopted_on", "pk"
            ),
            "periods": authority.memberships.select_related("start_source", "end_source"),
            "form": form or forms.RecordActForm(),
        },
        status=status,
    )


@permission_required_or_403("members.manage_members")
@require_GET
def member_acts(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's acts, archived ones included (marked), its membership periods, and the form
    to record a new act."""
    return _acts_page(request, get_object_or_404(LocalAuthority, pk=pk))


@permission_required_or_403("members.manage_members")
@require_POST
def record_act(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(LocalAuthority, pk=pk)
    actor = request.user if isinstance(request.user, User) else None  # the guard: always a User
    form = forms.RecordActForm(request.POST, request.FILES)
    if not form.is_valid():
        return _acts_page(request, authority, form, 400)
    data = form.cleaned_data
    try:
        services.record_act(
            authority,
            actor=actor,
            kind=data["kind"],
            body=data["body"],
            number=data["number"],
            adopted_on=data["adopted_on"],
            in_force_on=data["in_force_on"],
            convention=data["convention"],
            notified_on=data["notified_on"],
            effective_on=data["effective_on"],
            document=data["document"],
            document_url=data["document_url"],
            force=data["force"],
        )
    except DomainError as err:
        return _acts_page(request, authority, form, refused(request, err))
    messages.success(request, _("The act is recorded and the membership periods follow it."))
    return redirect("members_office:member-acts", pk=authority.pk)
