"""The peace office's events pages: the register, recording and changing an event, deleting it
after a confirmation, and the list of kinds. Every write goes through services.py; each page asks
`user.has_perm("events.…")`."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.events import queries, services
from cocopa.events.forms import EventForm, KindForm
from cocopa.events.models import Event, EventKind


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None  # the guard: always a User


def _form_error(form: EventForm | KindForm, err: DomainError) -> None:
    if isinstance(err, Forbidden):
        raise PermissionDenied from err
    where = err.code if err.code in form.fields else None
    form.add_error(where, ValidationError(err.message, code=err.code))


@permission_required_or_403("events.view_event")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/office/list.html",
        {"events": queries.office_events(), "no_kinds": not EventKind.objects.exists()},
    )


def _form_page(request: HttpRequest, form: EventForm, event: Event | None, status: int = 200) -> HttpResponse:
    return render(request, "events/office/form.html", {"form": form, "event": event}, status=status)


def _save(request: HttpRequest, event: Event | None) -> HttpResponse:
    form = EventForm(request.POST, event=event)
    if not form.is_valid():
        return _form_page(request, form, event, 400)
    try:
        if event is None:
            event = services.create_event(form.event_input(), actor=_actor(request))
            messages.success(request, _("The event is recorded."))
        else:
            event = services.update_event(event, form.event_input(), actor=_actor(request))
            messages.success(request, _("The event is saved."))
    except DomainError as err:
        _form_error(form, err)
        return _form_page(request, form, event, err.status)
    return redirect("events_office:edit", pk=event.pk)


@permission_required_or_403("events.add_event")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return _form_page(request, EventForm(), None)


@permission_required_or_403("events.change_event")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        return _save(request, event)
    return _form_page(request, EventForm(initial=EventForm.initial_of(event), event=event), event)


@permission_required_or_403("events.delete_event")
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if request.method == "GET":
        return render(request, "events/office/delete.html", {"event": event})
    try:
        services.delete_event(event, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("events_office:edit", pk=event.pk)
    messages.success(request, _("The event “%(title)s” is deleted.") % {"title": event.title})
    return redirect("events_office:list")


@permission_required_or_403("events.view_eventkind")
@require_http_methods(["GET", "POST"])
def kinds(request: HttpRequest) -> HttpResponse:
    form = KindForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_kind(None, **form.cleaned_data, actor=_actor(request))
            except DomainError as err:
                _form_error(form, err)
            else:
                messages.success(request, _("The kind is added."))
                return redirect("events_office:kinds")
        status = 400
    return render(
        request, "events/office/kinds.html", {"form": form, "kinds": EventKind.objects.all()}, status=status
    )


@permission_required_or_403("events.change_eventkind")
@require_http_methods(["GET", "POST"])
def edit_kind(request: HttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(EventKind, pk=pk)
    initial = {"key": kind.key, "name_it": kind.name_it, "name_en": kind.name_en}  # type: ignore[attr-defined]
    form = KindForm(request.POST or None, kind=kind, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_kind(
                    kind,
                    key=kind.key,
                    name_it=data["name_it"],
                    name_en=data["name_en"],
                    actor=_actor(request),
                )
            except DomainError as err:
                _form_error(form, err)
            else:
                messages.success(request, _("The kind is saved."))
                return redirect("events_office:kinds")
        status = 400
    return render(request, "events/office/kind.html", {"form": form, "kind": kind}, status=status)


@permission_required_or_403("events.add_eventkind")
@require_POST
def standard_kinds(request: HttpRequest) -> HttpResponse:
    added = services.add_standard_kinds(actor=_actor(request))
    messages.success(request, _("Kinds added: %(n)s.") % {"n": added})
    return redirect("events_office:kinds")
