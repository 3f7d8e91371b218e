"""Events API: the public events, filtered by dates, member, country and kind; one event."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.core.pagination import paginated
from cocopa.core.schemas import LANG, Day, ErrorOut, Language
from cocopa.events import queries
from cocopa.events.models import Event, EventKind
from cocopa.events.schemas import EventOut
from cocopa.members import queries as member_queries

router = Router(tags=["events"])

FromFilter = QueryEx[
    Day | None, P(alias="from", description="Only events not over before this day (YYYY-MM-DD).")
]
ToFilter = QueryEx[Day | None, P(alias="to", description="Only events begun by this day (YYYY-MM-DD).")]
MemberFilter = QueryEx[
    str | None,
    P(
        pattern=r"^[-a-z0-9]{1,40}$",
        description="Public code of a member organising, taking part or hosting (`001272`).",
    ),
]
CountryFilter = QueryEx[
    str | None,
    P(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code of the place or of a country concerned."),
]
KindFilter = QueryEx[
    str | None, P(pattern=r"^[-a-z0-9]{1,40}$", description="Key of a kind of event (`seminar`).")
]


@router.get(
    "/events",
    response={200: list[EventOut], 422: ErrorOut},
    url_name="event-list",
    operation_id="list_events",
    summary="Events, filtered",
)
@paginated
def list_events(
    request: HttpRequest,
    start: FromFilter = None,
    end: ToFilter = None,
    member: MemberFilter = None,
    country: CountryFilter = None,
    kind: KindFilter = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> QuerySet[Event]:
    """Public events, oldest first. A member or kind the register does not hold gives an empty list."""
    filters = queries.Filters(start=start, end=end, country=country)
    if member:
        found = member_queries.by_slug(member).first()
        if found is None:
            return Event.objects.none()
        filters = queries.Filters(start=start, end=end, country=country, member=found)
    if kind:
        found_kind = EventKind.objects.filter(key=kind).first()
        if found_kind is None:
            return Event.objects.none()
        filters = queries.Filters(
            start=filters.start, end=filters.end, country=country, member=filters.member, kind=found_kind
        )
    return queries.with_links(queries.filtered(filters))


@router.get(
    "/events/{event_id}",
    response={200: EventOut, 404: ErrorOut, 422: ErrorOut},
    url_name="event-detail",
    operation_id="get_event",
    summary="One event",
)
def get_event(
    request: HttpRequest,
    event_id: PathEx[int, P(ge=1, le=2_147_483_647, example=1)],
    lang: QueryEx[Language | None, LANG] = None,
) -> Event:
    event = queries.with_links(queries.public()).filter(pk=event_id).first()
    if event is None:
        raise Http404(_("No public event has the number %(id)s.") % {"id": event_id})
    return event
