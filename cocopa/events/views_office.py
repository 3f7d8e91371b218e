"""The peace office's events pages: the register, recording and changing an event, deleting it
after a confirmation, and the list of kinds. Every write goes through services.py; each page asks
`user.has_perm("events.…")`."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core import tables
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.events import queries, services
from cocopa.events.forms import EventForm, KindForm
from cocopa.events.models import Event, EventKind, Registration


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


# --- Registrations ---------------------------------------------------------------------------


def _registrations(event: Event) -> list[Registration]:
    return list(event.registrations.order_by("created_at", "pk"))


@permission_required_or_403("events.view_registration")
@require_GET
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    rows = _registrations(event)
    counts = {status: sum(1 for r in rows if r.status == status) for status in Registration.Status.values}
    return render(
        request,
        "events/office/registrations.html",
        {
            "event": event,
            "rows": rows,
            "counts": counts,
            "places_left": services.places_left(event),
            "why_closed": services.why_closed(event),
        },
    )


REGISTRATION_COLUMNS = ("number", "name", "e-mail", "organisation", "status", "registered at", "attended")


def _registration_header() -> list[str]:
    labels = {
        "number": _("number"),
        "name": _("name"),
        "e-mail": _("e-mail"),
        "organisation": _("organisation, school or municipality"),
        "status": _("status"),
        "registered at": _("registered at"),
        "attended": _("attended"),
    }
    return [str(labels[c]) for c in REGISTRATION_COLUMNS]


def _registration_row(r: Registration) -> list[tables.Cell]:
    return [
        r.pk,
        r.name,
        r.email,
        r.organisation,
        r.get_status_display(),
        timezone.localtime(r.created_at),
        r.attended,
    ]


@permission_required_or_403("events.view_registration")
@require_GET
def registrations_table(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    rows = (_registration_row(r) for r in _registrations(event))
    return tables.download(
        fmt, f"registrations-event-{event.pk}", _registration_header(), rows, sheet=_("Registrations")
    )


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@permission_required_or_403("events.change_registration")
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    try:
        changed = services.mark_attendance(
            event,
            _ids(request.POST.getlist("present")),
            _ids(request.POST.getlist("listed")),
            actor=_actor(request),
        )
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("Attendance saved (%(n)s changed).") % {"n": changed})
    return redirect("events_office:registrations", pk=event.pk)


def _one(event_pk: int, reg_pk: int) -> Registration:
    reg: Registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=reg_pk, event_id=event_pk
    )
    return reg


@permission_required_or_403("events.change_registration")
@require_POST
def cancel_registration(request: HttpRequest, pk: int, reg: int) -> HttpResponse:
    found = _one(pk, reg)
    try:
        promoted = services.cancel_registration(found, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("Registration no. %(n)s is cancelled.") % {"n": found.pk})
        if promoted is not None:
            messages.info(
                request,
                _(
                    "Registration no. %(n)s moves from the waiting list to a confirmed place; an e-mail tells them."
                )
                % {"n": promoted.pk},
            )
    return redirect("events_office:registrations", pk=pk)


@permission_required_or_403("events.change_registration")
@require_POST
def promote_registration(request: HttpRequest, pk: int, reg: int) -> HttpResponse:
    found = _one(pk, reg)
    try:
        services.promote_registration(found, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request, _("Registration no. %(n)s is confirmed; an e-mail tells them.") % {"n": found.pk}
        )
    return redirect("events_office:registrations", pk=pk)
