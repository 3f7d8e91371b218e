"""The peace office's city diplomacy pages: agreements, missions and the local authorities abroad
(list, record, change, delete). Every write goes through services.py; each page asks
`user.has_perm("diplomacy.…")`."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocopa.core import pagination
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.diplomacy import queries, services
from cocopa.diplomacy.forms import (
    AgreementForm,
    CostFormSet,
    ForeignAuthorityForm,
    MissionForm,
    ParticipantFormSet,
)
from cocopa.diplomacy.models import Agreement, ForeignAuthority, Mission


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None  # the guard: always a User


def _refusal_on_form(form: BaseForm, err: DomainError) -> None:
    """A service's refusal beside the field it names (its code), else above the form."""
    if isinstance(err, Forbidden):
        raise PermissionDenied from err
    target = err.code if err.code in form.fields else None
    form.add_error(target, ValidationError(err.message, code=err.code))


@permission_required_or_403("diplomacy.view_agreement")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "diplomacy/office/list.html",
        {"agreements": list(queries.agreements()), "missions": list(queries.missions())},
    )


# --- Agreements -------------------------------------------------------------------------------


def _agreement_page(
    request: HttpRequest, form: AgreementForm, agreement: Agreement | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "diplomacy/office/agreement_form.html", {"form": form, "agreement": agreement}, status=status
    )


def _save_agreement(request: HttpRequest, agreement: Agreement | None) -> HttpResponse:
    form = AgreementForm(request.POST)
    if not form.is_valid():
        return _agreement_page(request, form, agreement, 400)
    try:
        if agreement is None:
            agreement = services.create_agreement(form.agreement_input(), actor=_actor(request))
        else:
            agreement = services.update_agreement(agreement, form.agreement_input(), actor=_actor(request))
    except DomainError as err:
        _refusal_on_form(form, err)
        return _agreement_page(request, form, agreement, err.status)
    messages.success(request, _("The agreement is saved."))
    return redirect("diplomacy_office:agreement-edit", pk=agreement.pk)


@permission_required_or_403("diplomacy.add_agreement")
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save_agreement(request, None)
    # From a local authority abroad's page: that authority already chosen as a party.
    party = request.GET.get("party", "")
    initial = {"foreign_authorities": ForeignAuthority.objects.filter(pk=party)} if party.isdigit() else {}
    return _agreement_page(request, AgreementForm(initial=initial), None)


@permission_required_or_403("diplomacy.change_agreement")
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    if request.method == "POST":
        return _save_agreement(request, agreement)
    return _agreement_page(request, AgreementForm(initial=AgreementForm.initial_of(agreement)), agreement)


@permission_required_or_403("diplomacy.delete_agreement")
@require_http_methods(["GET", "POST"])
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    if request.method == "GET":
        return render(
            request,
            "diplomacy/office/delete.html",
            {"thing": agreement, "back": "diplomacy_office:agreement-edit"},
        )
    try:
        services.delete_agreement(agreement, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("diplomacy_office:agreement-edit", pk=agreement.pk)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": agreement.title})
    return redirect("diplomacy_office:home")


# --- Missions ---------------------------------------------------------------------------------


def _mission_page(
    request: HttpRequest, forms: dict[str, Any], mission: Mission | None, status: int = 200
) -> HttpResponse:
    return render(request, "diplomacy/office/mission_form.html", {**forms, "mission": mission}, status=status)


def _save_mission(request: HttpRequest, mission: Mission | None) -> HttpResponse:
    forms: dict[str, Any] = {
        "form": MissionForm(request.POST),
        "participants": ParticipantFormSet(request.POST, prefix="participants"),
        "costs": CostFormSet(request.POST, prefix="costs"),
    }
    if not all(f.is_valid() for f in forms.values()):
        return _mission_page(request, forms, mission, 400)
    people = [p for p in (f.value() for f in forms["participants"]) if p is not None]
    costs = [c for c in (f.value() for f in forms["costs"]) if c is not None]
    data = forms["form"].mission_input(people, costs)
    try:
        if mission is None:
            mission = services.create_mission(data, actor=_actor(request))
        else:
            mission = services.update_mission(mission, data, actor=_actor(request))
    except DomainError as err:
        _refusal_on_form(forms["form"], err)
        return _mission_page(request, forms, mission, err.status)
    messages.success(request, _("The mission is saved."))
    return redirect("diplomacy_office:mission-edit", pk=mission.pk)


@permission_required_or_403("diplomacy.add_mission")
@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save_mission(request, None)
    forms = {
        "form": MissionForm(),
        "participants": ParticipantFormSet(prefix="participants"),
        "costs": CostFormSet(prefix="costs"),
    }
    return _mission_page(request, forms, None)


@permission_required_or_403("diplomacy.change_mission")
@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_object_or_404(Mission, pk=pk)
    if request.method == "POST":
        return _save_mission(request, mission)
    people = [
        {
            "office_it": getattr(p, "office_it", ""),
            "office_en": getattr(p, "office_en", ""),
            "name": p.name,
            "public_office": p.public_office,
            "member": p.member,
        }
        for p in mission.participants.all()
    ]
    costs = [
        {"item": c.item, "amount": c.amount, "currency": c.currency, "payer": c.payer}
        for c in mission.costs.all()
    ]
    forms = {
        "form": MissionForm(initial=MissionForm.initial_of(mission)),
        "participants": ParticipantFormSet(prefix="participants", initial=people),
        "costs": CostFormSet(prefix="costs", initial=costs),
    }
    return _mission_page(request, forms, mission)


@permission_required_or_403("diplomacy.delete_mission")
@require_http_methods(["GET", "POST"])
def mission_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_object_or_404(Mission, pk=pk)
    if request.method == "GET":
        return render(
            request,
            "diplomacy/office/delete.html",
            {"thing": mission, "back": "diplomacy_office:mission-edit"},
        )
    try:
        services.delete_mission(mission, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("diplomacy_office:mission-edit", pk=mission.pk)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": mission.title})
    return redirect("diplomacy_office:home")


# --- Local authorities abroad -------------------------------------------------------------------

AUTHORITIES_PAGE_SIZE = 50


@permission_required_or_403("diplomacy.view_foreignauthority")
@require_GET
def authority_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    pages = pagination.pager(
        queries.foreign_authorities(search),
        request.GET.get("page"),
        size=AUTHORITIES_PAGE_SIZE,
        query=lambda n: "?" + urlencode({"q": search, "page": n} if search else {"page": n}),
    )
    return render(
        request,
        "diplomacy/office/authority_list.html",
        {"page": pages.page, "pager": pages, "search": search},
    )


def _authority_page(
    request: HttpRequest, form: ForeignAuthorityForm, authority: ForeignAuthority | None, status: int = 200
) -> HttpResponse:
    agreements = (
        list(Agreement.objects.filter(foreign_authorities=authority).order_by("title_it"))
        if authority is not None
        else []
    )
    return render(
        request,
        "diplomacy/office/authority_form.html",
        {"form": form, "authority": authority, "agreements": agreements},
        status=status,
    )


def _save_authority(request: HttpRequest, authority: ForeignAuthority | None) -> HttpResponse:
    form = ForeignAuthorityForm(request.POST)
    if not form.is_valid():
        return _authority_page(request, form, authority, 400)
    try:
        if authority is None:
            authority = services.create_foreign_authority(form.authority_input(), actor=_actor(request))
        else:
            authority = services.update_foreign_authority(
                authority, form.authority_input(), actor=_actor(request)
            )
    except DomainError as err:
        _refusal_on_form(form, err)
        return _authority_page(request, form, authority, err.status)
    messages.success(request, _("The local authority abroad “%(name)s” is saved.") % {"name": authority.name})
    return redirect("diplomacy_office:authority-edit", pk=authority.pk)


@permission_required_or_403("diplomacy.add_foreignauthority")
@require_http_methods(["GET", "POST"])
def authority_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save_authority(request, None)
    return _authority_page(
        request, ForeignAuthorityForm(initial={"name": request.GET.get("name", "")[:200]}), None
    )


@permission_required_or_403("diplomacy.change_foreignauthority")
@require_http_methods(["GET", "POST"])
def authority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(ForeignAuthority, pk=pk)
    if request.method == "POST":
        return _save_authority(request, authority)
    return _authority_page(
        request, ForeignAuthorityForm(initial=ForeignAuthorityForm.initial_of(authority)), authority
    )


@permission_required_or_403("diplomacy.delete_foreignauthority")
@require_http_methods(["GET", "POST"])
def authority_delete(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(ForeignAuthority, pk=pk)
    if request.method == "GET":
        return render(
            request,
            "diplomacy/office/delete.html",
            {
                "thing": authority,
                "title": authority.name,
                "back": "diplomacy_office:authority-edit",
                "in_use": Agreement.objects.filter(foreign_authorities=authority).count(),
            },
        )
    try:
        services.delete_foreign_authority(authority, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("diplomacy_office:authority-edit", pk=authority.pk)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": authority.name})
    return redirect("diplomacy_office:authorities")
