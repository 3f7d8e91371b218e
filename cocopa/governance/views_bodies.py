"""The peace office's pages on the network's bodies: who sits in each position, a new mandate
(services.appoint, which refuses a full position) and the end of one (services.end_mandate).

Mandates are read-only in the admin (docs/decisions/0007-one-write-path.md): this is where they change.
"""

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.governance import forms, services
from cocopa.governance.models import Body, Mandate, Position


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET"])
def bodies(request: HttpRequest) -> HttpResponse:
    return render(
        request, "governance/office/bodies.html", {"bodies": Body.objects.prefetch_related("positions")}
    )


def _body_page(
    request: HttpRequest, body: Body, status: int = 200, appoint_form: forms.AppointForm | None = None
) -> HttpResponse:
    today = timezone.localdate()
    # Mandates running today or still to begin; past ones are the public site's history.
    mandates: QuerySet[Mandate] = (
        Mandate.objects.filter(body=body)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("position", "person", "authority")
        .order_by("position__order", "start_on", "pk")
    )
    by_position: dict[int, tuple[Position, list[tuple[Mandate, forms.EndMandateForm]]]] = {
        p.pk: (p, []) for p in body.positions.all()
    }
    for mandate in mandates:
        by_position[mandate.position_id][1].append(
            (mandate, forms.EndMandateForm(prefix=f"end-{mandate.pk}"))
        )
    return render(
        request,
        "governance/office/body.html",
        {
            "body": body,
            "today": today,
            "positions": list(by_position.values()),
            "appoint_form": appoint_form or forms.AppointForm(body),
        },
        status=status,
    )


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET"])
def body_detail(request: HttpRequest, key: str) -> HttpResponse:
    return _body_page(request, get_object_or_404(Body, key=key))


@permission_required_or_403("governance.manage_governance")
@require_POST
def appoint(request: HttpRequest, key: str) -> HttpResponse:
    body = get_object_or_404(Body, key=key)
    form = forms.AppointForm(body, request.POST)
    if not form.is_valid():
        return _body_page(request, body, 400, form)
    data = form.cleaned_data
    try:
        services.appoint(
            data["position"],
            data["start_on"],
            actor=request.user,
            began=data["began"],
            person=data["person"],
            authority=data["authority"],
            end_on=data["end_on"],
            affiliation=data["affiliation"],
        )
    except DomainError as err:
        return _body_page(request, body, refused(request, err), form)
    messages.success(request, _("The mandate is recorded."))
    return redirect("office:body-detail", key=body.key)


@permission_required_or_403("governance.manage_governance")
@require_POST
def end_mandate(request: HttpRequest, pk: int) -> HttpResponse:
    mandate: Mandate = get_object_or_404(Mandate.objects.select_related("body"), pk=pk)
    form = forms.EndMandateForm(request.POST, prefix=f"end-{mandate.pk}")
    if not form.is_valid():
        messages.error(request, _("Give the day the mandate ends and how it ended."))
        return _body_page(request, mandate.body, 400)
    try:
        services.end_mandate(
            mandate, form.cleaned_data["end_on"], form.cleaned_data["ended"], actor=request.user
        )
    except DomainError as err:
        return _body_page(request, mandate.body, refused(request, err))
    messages.success(request, _("The mandate of %(holder)s ends.") % {"holder": mandate.holder_name})
    return redirect("office:body-detail", key=mandate.body.key)
