"""The public events pages: upcoming, the month's calendar, the past, an event, and the files
(iCalendar for all events and per member, CSV/XLSX, GeoJSON)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.cooperation import queries as cooperation_queries
from cocopa.core import pagination, sources, tables
from cocopa.core.dates import format_partial
from cocopa.core.errors import DomainError
from cocopa.events import geojson, ical, queries, services
from cocopa.events.forms import RegistrationForm
from cocopa.events.models import Event, Registration
from cocopa.members import queries as member_queries

PAGE_SIZE = 20
GEOJSON = "application/geo+json"


def _page(request: HttpRequest, template: str, status: int = 200, **context: object) -> HttpResponse:
    return render(request, f"events/{template}", {"section": "events", **context}, status=status)


@require_GET
def upcoming(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _page(
        request,
        "upcoming.html",
        events=list(queries.upcoming(today)),
        today=today,
        recent=list(queries.past(today)[:5]),
    )


@require_GET
def this_month(request: HttpRequest) -> HttpResponse:
    """The current month, shown here rather than redirected: the menu's and the tabs' link
    answers at once (the crawl refuses links that redirect)."""
    today = timezone.localdate()
    return month(request, today.year, today.month)


@require_GET
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404(_("There is no such month in the calendar."))
    shown = queries.month(year, month)
    return _page(request, "month.html", month=shown, today=timezone.localdate())


@require_GET
def past(request: HttpRequest) -> HttpResponse:
    pages = pagination.pager(
        queries.past(), request.GET.get("page"), size=PAGE_SIZE, query=lambda n: f"?page={n}"
    )
    return _page(request, "past.html", page=pages.page, pager=pages)


def _visible(request: HttpRequest, pk: int) -> Event:
    event: Event = get_object_or_404(
        queries.with_links(Event.objects.select_related(*queries.RELATED)), pk=pk
    )
    if not event.is_public and not request.user.has_perm("events.view_event"):
        raise Http404(_("No public event has this number."))
    return event


def _detail(
    request: HttpRequest, event: Event, form: RegistrationForm | None = None, status: int = 200
) -> HttpResponse:
    closed = services.why_closed(event)
    return _page(
        request,
        "detail.html",
        status=status,
        event=event,
        registration=(
            {"form": form or RegistrationForm(), "places_left": services.places_left(event)}
            if event.registration_open and not closed
            else None
        ),
        registration_closed=services.CLOSED_MESSAGES[closed] if event.registration_open and closed else "",
        organisers=list(event.organisers.all()),
        participants=list(event.participants.all()),
        initiatives=list(event.initiatives.all()),
        documents=[d for d in event.documents.all() if request.user.has_perm("library.view_document", d)],
        countries=[(c.code, cooperation_queries.country_name(c.code)) for c in event.countries],
        located=event.coordinates is not None,
        sources=sources.cited(event.sources.all()),
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register for an event from its page; refusals come back beside their field."""
    event = _visible(request, pk)
    form = RegistrationForm(request.POST)
    if form.is_robot:
        # A robot filled the hidden field: it is told what a person would be, and nothing is kept.
        messages.success(request, _("Thank you: your registration is received."))
        return redirect(f"{event.get_absolute_url()}#registration")
    if not form.is_valid():
        return _detail(request, event, form, 400)
    data = form.cleaned_data
    try:
        reg = services.register(
            event,
            services.RegistrationInput(
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                consent=data["consent"],
                language=get_language() or "it",
            ),
        )
    except DomainError as err:
        form.add_error(
            err.code if err.code in form.fields else None, ValidationError(err.message, code=err.code)
        )
        return _detail(request, event, form, err.status)
    if reg.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Thank you: your place is confirmed. We have sent you an e-mail."))
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list. We have sent you an e-mail and will write if a place frees up."
            ),
        )
    return redirect(f"{event.get_absolute_url()}#registration")


@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own page, from the link in the e-mail: a button cancels the registration."""
    reg = Registration.objects.select_related("event").filter(token=token).first()
    if reg is None:
        raise Http404(_("This link does not match any registration."))
    if request.method == "POST":
        try:
            reg = services.cancel_by_token(token)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
        return redirect("events:registration", token=token)
    return _page(request, "registration.html", reg=reg, event=reg.event)


@require_GET
def event_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible(request, pk)
    return HttpResponse(json.dumps(geojson.collection([event]), ensure_ascii=False), content_type=GEOJSON)


@require_GET
def events_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(geojson.collection(queries.public().order_by("start_on")), ensure_ascii=False),
        content_type=GEOJSON,
    )


def _ical(request: HttpRequest, events: object, name: str, filename: str) -> HttpResponse:
    content = ical.calendar(
        events,  # type: ignore[arg-type]
        name=name,
        stamp=timezone.now().replace(microsecond=0),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


@require_GET
def calendar_ics(request: HttpRequest) -> HttpResponse:
    return _ical(request, queries.public().order_by("start_on"), _("Co.Co.Pa. events"), "cocopa-events")


@require_GET
def member_calendar_ics(request: HttpRequest, slug: str) -> HttpResponse:
    member = member_queries.by_slug(slug).first()
    if member is None:
        raise Http404(_("No member has this code."))
    name = _("Co.Co.Pa. events: %(member)s") % {"member": member.name}
    return _ical(request, queries.for_member(member), name, f"cocopa-events-{member.slug}")


COLUMNS = (
    "id",
    "title",
    "kind",
    "start",
    "end",
    "starts at",
    "ends at",
    "place",
    "municipality",
    "country",
    "latitude",
    "longitude",
    "organising members",
    "members taking part",
    "initiatives",
    "countries",
    "sources",
    "uncertain",
    "address of the page",
)


def _header() -> list[str]:
    labels = {
        "id": _("id"),
        "title": _("title"),
        "kind": _("kind"),
        "start": _("start"),
        "end": _("end"),
        "starts at": _("starts at"),
        "ends at": _("ends at"),
        "place": _("place"),
        "municipality": _("municipality"),
        "country": _("country"),
        "latitude": _("latitude"),
        "longitude": _("longitude"),
        "organising members": _("organising members"),
        "members taking part": _("members taking part"),
        "initiatives": _("initiatives"),
        "countries": _("countries"),
        "sources": _("sources"),
        "uncertain": _("uncertain"),
        "address of the page": _("address of the page"),
    }
    return [str(labels[c]) for c in COLUMNS]


def _row(request: HttpRequest, e: Event) -> list[tables.Cell]:
    local = timezone.localtime
    return [
        e.pk,
        e.title,
        e.kind.name,
        format_partial(e.start_on, e.start_precision),
        format_partial(e.end_on, e.end_precision),
        local(e.starts_at) if e.starts_at else None,
        local(e.ends_at) if e.ends_at else None,
        e.address,
        e.place_authority.name if e.place_authority else "",
        e.country.code or "",
        e.latitude,
        e.longitude,
        "; ".join(m.name for m in e.organisers.all()),
        "; ".join(m.name for m in e.participants.all()),
        "; ".join(i.identifier for i in e.initiatives.all()),
        "; ".join(c.code for c in e.countries),
        "; ".join(s.code for s in e.sources.all()),
        e.uncertain,
        request.build_absolute_uri(e.get_absolute_url()),
    ]


def _table(request: HttpRequest, fmt: str) -> HttpResponse:
    events = queries.with_links(queries.public().order_by("start_on", "starts_at", "pk"))
    rows = (_row(request, e) for e in events)
    return tables.download(fmt, f"cocopa-events-{get_language() or 'it'}", _header(), rows, sheet=_("Events"))


@require_GET
def events_csv(request: HttpRequest) -> HttpResponse:
    return _table(request, "csv")


@require_GET
def events_xlsx(request: HttpRequest) -> HttpResponse:
    return _table(request, "xlsx")
