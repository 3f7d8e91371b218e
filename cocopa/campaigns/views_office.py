"""The peace office's campaign pages: the list, writing and changing a campaign, deleting it, and
on the campaign's page its adoptions, where the office records a member's adoption with its act.
Every write goes through services.py; each page asks `user.has_perm("campaigns.…")`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.campaigns import queries, services
from cocopa.campaigns.forms import AdoptionForm, CampaignForm
from cocopa.campaigns.models import Adoption, Campaign
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None  # the guard: always a User


def _place_error(form: forms.Form, err: DomainError) -> None:
    """The service's refusal beside the field it names, or above the form."""
    if isinstance(err, Forbidden):
        raise PermissionDenied from err
    name = err.code if err.code in form.fields else None
    form.add_error(name, ValidationError(err.message, code=err.code))


@permission_required_or_403("campaigns.view_campaign")
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/office/list.html", {"campaigns": queries.office_campaigns()})


def _page(
    request: HttpRequest,
    form: CampaignForm,
    campaign: Campaign | None,
    adoption_form: AdoptionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {"form": form, "campaign": campaign}
    if campaign is not None:
        context["adoptions"] = list(queries.adoptions().filter(campaign=campaign))
        context["adoption_form"] = adoption_form or AdoptionForm(prefix="adoption")
    return render(request, "campaigns/office/form.html", context, status=status)


def _save(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    form = CampaignForm(request.POST)
    if not form.is_valid():
        return _page(request, form, campaign, status=400)
    try:
        if campaign is None:
            campaign = services.create_campaign(form.campaign_input(), actor=_actor(request))
            messages.success(request, _("The campaign is saved: the public sees it now."))
        else:
            campaign = services.update_campaign(campaign, form.campaign_input(), actor=_actor(request))
            messages.success(request, _("The campaign is saved."))
    except DomainError as err:
        _place_error(form, err)
        return _page(request, form, campaign, status=err.status)
    return redirect("campaigns_office:edit", pk=campaign.pk)


@permission_required_or_403("campaigns.add_campaign")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return _page(request, CampaignForm(), None)


@permission_required_or_403("campaigns.change_campaign")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method == "POST":
        return _save(request, campaign)
    return _page(request, CampaignForm(initial=CampaignForm.initial_of(campaign)), campaign)


@permission_required_or_403("campaigns.delete_campaign")
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method == "GET":
        count = campaign.adoptions.count()
        return render(request, "campaigns/office/delete.html", {"campaign": campaign, "adoptions": count})
    try:
        services.delete_campaign(campaign, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("campaigns_office:edit", pk=campaign.pk)
    messages.success(request, _("The campaign “%(name)s” is deleted.") % {"name": campaign.name})
    return redirect("campaigns_office:list")


@permission_required_or_403("campaigns.add_adoption")
@require_POST
def record_adoption(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    adoption_form = AdoptionForm(request.POST, prefix="adoption")
    campaign_form = CampaignForm(initial=CampaignForm.initial_of(campaign))
    if not adoption_form.is_valid():
        return _page(request, campaign_form, campaign, adoption_form, status=400)
    try:
        adoption = services.record_adoption(campaign, adoption_form.adoption_input(), actor=_actor(request))
    except DomainError as err:
        _place_error(adoption_form, err)
        return _page(request, campaign_form, campaign, adoption_form, status=err.status)
    messages.success(
        request, _("The adoption by %(adopter)s is recorded.") % {"adopter": adoption.adopter_name}
    )
    return redirect("campaigns_office:edit", pk=campaign.pk)


def _adoption_page(
    request: HttpRequest, form: AdoptionForm, adoption: Adoption, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "campaigns/office/adoption_form.html",
        {"adoption_form": form, "adoption": adoption, "campaign": adoption.campaign},
        status=status,
    )


@permission_required_or_403("campaigns.change_adoption")
@require_http_methods(["GET", "POST"])
def edit_adoption(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an adoption in place (its date, act, source, note; or its adopter)."""
    adoption: Adoption = get_object_or_404(
        Adoption.objects.select_related("campaign", "member", "network"), pk=pk
    )
    if request.method != "POST":
        return _adoption_page(
            request, AdoptionForm(initial=AdoptionForm.initial_of(adoption), prefix="adoption"), adoption
        )
    form = AdoptionForm(request.POST, prefix="adoption")
    if not form.is_valid():
        return _adoption_page(request, form, adoption, status=400)
    try:
        adoption = services.update_adoption(adoption, form.adoption_input(), actor=_actor(request))
    except DomainError as err:
        _place_error(form, err)
        return _adoption_page(request, form, adoption, status=err.status)
    messages.success(request, _("The adoption by %(adopter)s is saved.") % {"adopter": adoption.adopter_name})
    return redirect("campaigns_office:edit", pk=adoption.campaign_id)


@permission_required_or_403("campaigns.delete_adoption")
@require_POST
def remove_adoption(request: HttpRequest, pk: int) -> HttpResponse:
    adoption: Adoption = get_object_or_404(Adoption.objects.select_related("member", "network"), pk=pk)
    try:
        services.remove_adoption(adoption, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request, _("The adoption by %(adopter)s is removed.") % {"adopter": adoption.adopter_name}
        )
    return redirect("campaigns_office:edit", pk=adoption.campaign_id)
