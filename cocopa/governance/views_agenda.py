"""The office's page for a convened meeting's agenda: add, edit, move up or down and remove
items, and attach documents to them (services/agenda.py). Plain forms, one per action."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.governance import services
from cocopa.governance.forms_meetings import AgendaItemForm, AttachForm
from cocopa.governance.models import AgendaDocument, AgendaItem, Meeting


def _page(request: HttpRequest, meeting: Meeting, status: int = 200, **bound: Any) -> HttpResponse:
    """The page; `bound` holds a form sent back with its errors, by its prefix (or "add")."""
    items = list(meeting.items.prefetch_related("documents"))
    rows = [
        (
            item,
            bound.get(f"item-{item.pk}") or AgendaItemForm(item=item),
            bound.get(f"doc-{item.pk}") or AttachForm(item=item),
        )
        for item in items
    ]
    return render(
        request,
        "governance/office/agenda.html",
        {
            "meeting": meeting,
            "rows": rows,
            "count": len(items),
            "add_form": bound.get("add") or AgendaItemForm(prefix="add"),
            "editable": meeting.status == Meeting.Status.CONVENED,
        },
        status=status,
    )


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def _item(pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)


def _done(request: HttpRequest, meeting_pk: int, text: str, anchor: str = "") -> HttpResponse:
    messages.success(request, text)
    response = redirect("office:agenda", pk=meeting_pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET"])
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _meeting(pk))


@permission_required_or_403("governance.manage_governance")
@require_POST
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = AgendaItemForm(request.POST, prefix="add")
    if not form.is_valid():
        return _page(request, meeting, 400, add=form)
    try:
        item = services.add_item(meeting, actor=request.user, **form.cleaned_data)
    except DomainError as err:
        return _page(request, meeting, refused(request, err), add=form)
    return _done(request, meeting.pk, _("The item is added to the agenda."), f"item-{item.number}")


@permission_required_or_403("governance.manage_governance")
@require_POST
def edit_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = AgendaItemForm(request.POST, item=item)
    if not form.is_valid():
        return _page(request, item.meeting, 400, **{form.prefix or "": form})
    try:
        services.edit_item(item, actor=request.user, **form.cleaned_data)
    except DomainError as err:
        return _page(request, item.meeting, refused(request, err), **{form.prefix or "": form})
    return _done(request, item.meeting_id, _("The item is saved."), f"item-{item.number}")


@permission_required_or_403("governance.manage_governance")
@require_POST
def move_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    try:
        item = services.move_item(item, request.POST.get("direction", ""), actor=request.user)
    except DomainError as err:
        return _page(request, item.meeting, refused(request, err))
    return _done(request, item.meeting_id, _("The item is moved."), f"item-{item.number}")


@permission_required_or_403("governance.manage_governance")
@require_POST
def remove_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    try:
        services.remove_item(item, actor=request.user)
    except DomainError as err:
        return _page(request, item.meeting, refused(request, err))
    return _done(request, item.meeting_id, _("The item is removed from the agenda."))


@permission_required_or_403("governance.manage_governance")
@require_POST
def attach_document(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = AttachForm(request.POST, request.FILES, item=item)
    if not form.is_valid():
        return _page(request, item.meeting, 400, **{form.prefix or "": form})
    try:
        services.attach_document(
            item, form.cleaned_data["title"], form.cleaned_data["document"], actor=request.user
        )
    except DomainError as err:
        return _page(request, item.meeting, refused(request, err), **{form.prefix or "": form})
    return _done(request, item.meeting_id, _("The document is attached."), f"item-{item.number}")


@permission_required_or_403("governance.manage_governance")
@require_POST
def remove_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(AgendaDocument.objects.select_related("item__meeting"), pk=pk)
    item = document.item
    try:
        services.remove_document(document, actor=request.user)
    except DomainError as err:
        return _page(request, item.meeting, refused(request, err))
    return _done(request, item.meeting_id, _("The document is removed."), f"item-{item.number}")
