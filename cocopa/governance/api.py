"""Read endpoints on governance: bodies and their composition, mandates, meetings, resolutions.

Public and read-only. Meetings give the attendance register only as counts and the quorum: the
figures that make a sitting valid are public, who announced what is the office's business.
"""

from collections import Counter
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router

from cocopa.core.pagination import paginated
from cocopa.core.schemas import AT, LANG, Day, ErrorOut, Language
from cocopa.governance import public_queries, queries, results
from cocopa.governance.models import Attendance, Meeting, Resolution
from cocopa.governance.schemas import BodyOut, MandateOut, MeetingOut, ResolutionOut
from cocopa.network import queries as network_queries

router = Router(tags=["governance"])


BodyKey = P(pattern=r"^[a-z0-9-]{1,40}$", description="Key of a body, e.g. `presidenza`.")


def _body_out(view: public_queries.BodyView) -> dict[str, Any]:
    body = view.body
    population_share = body.quorum_population_share
    comp = view.composition
    return {
        "key": body.key,
        "kind": body.kind,
        "name": body.name,
        "description": body.description,
        "order": body.order,
        "source": body.source,
        "rules": {
            "defaults": body.rules_are_defaults,
            "term_years": body.term_years,
            "term_uncertain": body.term_uncertain,
            "term_source": body.term_source,
            "min_seats": body.min_seats,
            "notice_days": body.notice_days,
            "quorum": {
                "member_share": f"{body.quorum_numerator}/{body.quorum_denominator}",
                "strictly_more": body.quorum_strictly_more,
                "population_share": str(population_share) if population_share is not None else None,
                "count_proxies": body.quorum_count_proxies,
            },
            "majority": body.majority,
            "weighting": body.weighting,
            "abstentions": body.abstentions,
            "tie": body.tie,
        },
        "day": comp.day,
        "positions": [
            {
                "key": p.position.key,
                "name": p.position.name,
                "seats": p.position.seats,
                "holder": p.position.holder,
                "mandates": p.mandates,
                "without_holder": p.vacancies,
            }
            for p in comp.positions
        ],
        "assembly": {
            "seats": view.assembly_seats,
            "designated": view.assembly_designated,
            "members": [
                {
                    "member": authority,
                    "representative": d.person.name if d else None,
                    "basis": d.basis if d else None,
                }
                for authority, d in comp.assembly
            ],
        }
        if body.is_assembly
        else None,
        "undated": view.undated,
    }


@router.get(
    "/bodies",
    response={200: list[BodyOut], 422: ErrorOut},
    url_name="governance-body-list",
    operation_id="list_governance_bodies",
    summary="Bodies and their composition on a date",
)
def list_bodies(
    request: HttpRequest,
    at: QueryEx[Day | None, AT] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> list[dict[str, Any]]:
    """Every body in order, with its rules and who held each position on the day."""
    return [_body_out(v) for v in public_queries.organigram(at or network_queries.today())]


@router.get(
    "/bodies/{key}",
    response={200: BodyOut, 404: ErrorOut, 422: ErrorOut},
    url_name="governance-body-detail",
    operation_id="get_governance_body",
    summary="One body and its composition on a date",
)
def get_body(
    request: HttpRequest,
    key: PathEx[str, BodyKey],
    at: QueryEx[Day | None, AT] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> dict[str, Any]:
    """A body with its rules and who held each position on the day."""
    found = queries.bodies().filter(key=key)
    views = public_queries.organigram(at or network_queries.today(), found)
    if not views:
        raise Http404(_("No body has the key %(key)s.") % {"key": key})
    return _body_out(views[0])


@router.get(
    "/mandates",
    response={200: list[MandateOut], 422: ErrorOut},
    url_name="governance-mandate-list",
    operation_id="list_governance_mandates",
    summary="Mandates, past and present",
)
@paginated
def list_mandates(
    request: HttpRequest,
    body: QueryEx[str | None, BodyKey] = None,
    person: QueryEx[str | None, P(max_length=100, description="Part of the holder's name.")] = None,
    at: QueryEx[Day | None, P(description="Only mandates in force on this day (YYYY-MM-DD).")] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> Any:
    """Every mandate on record, latest first: past boards and presidents, host municipalities."""
    return public_queries.mandates(body=body, person=person, day=at)


def _attendance(meeting: Meeting) -> dict[str, int]:
    counts = Counter(a.presence or "" for a in meeting.attendances.all())
    return {
        "present": counts[Attendance.Presence.PRESENT],
        "proxy": counts[Attendance.Presence.PROXY],
        "absent": counts[Attendance.Presence.ABSENT],
        "unrecorded": counts[""],
    }


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    held = meeting.status == Meeting.Status.HELD
    quorum = queries.meeting_quorum(meeting) if held else None
    return {
        "uid": str(meeting.uid),
        "body": meeting.body.key,
        "body_name": meeting.body.name,
        "starts_at": meeting.starts_at,
        "status": meeting.status,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "agenda": [item.title for item in meeting.items.all()],
        "attendance": _attendance(meeting) if held else None,
        "quorum": {
            "entitled": quorum.entitled,
            "present": quorum.present,
            "required": quorum.required,
            "reached": quorum.reached,
            "population_present": quorum.population_present,
            "population_required": quorum.population_required,
        }
        if quorum is not None
        else None,
    }


@router.get(
    "/meetings",
    response={200: list[MeetingOut], 422: ErrorOut},
    url_name="governance-meeting-list",
    operation_id="list_governance_meetings",
    summary="Meetings of the bodies, upcoming or past",
)
@paginated
def list_meetings(
    request: HttpRequest,
    when: QueryEx[
        Literal["upcoming", "past"],
        P(description="`upcoming` (soonest first) or `past` (latest first)."),
    ] = "upcoming",
    lang: QueryEx[Language | None, LANG] = None,
) -> list[dict[str, Any]]:
    """Meetings not cancelled, with their agenda; held ones with attendance counts and the quorum."""
    now = timezone.now()
    meetings = (
        public_queries.upcoming_meetings(now) if when == "upcoming" else public_queries.past_meetings(now)
    )
    return [_meeting_out(m) for m in meetings]


def _count(count: results.Count | None) -> dict[str, Any] | None:
    if count is None:
        return None
    return {
        "in_favour": count.in_favour,
        "against": count.against,
        "abstain": count.abstain,
        "absent": count.absent,
        "base": count.base,
        "required": count.required,
        "carried": count.carried,
        "tie": count.tie,
    }


def _resolution_out(r: Resolution) -> dict[str, Any]:
    f = results.MotionResult.from_json(r.figures)
    return {
        "body": r.body.key,
        "body_name": r.body.name,
        "year": r.year,
        "number": r.number,
        "adopted_on": r.adopted_on,
        "title": r.title,
        "text": r.text,
        "carried": r.carried,
        "figures": {
            "carried": f.carried,
            "tie": f.tie,
            "tie_broken_by": f.tie_broken_by,
            "rule": f.rule,
            "members": _count(f.members),
            "population": _count(f.population),
            "quorum": f.quorum.to_json() if f.quorum else None,
        }
        if f
        else None,
    }


@router.get(
    "/resolutions",
    response={200: list[ResolutionOut], 422: ErrorOut},
    url_name="governance-resolution-list",
    operation_id="list_governance_resolutions",
    summary="Published resolutions with their vote figures",
)
@paginated
def list_resolutions(
    request: HttpRequest,
    body: QueryEx[str | None, BodyKey] = None,
    year: QueryEx[int | None, P(ge=1900, le=2100, description="Only resolutions of this year.")] = None,
    lang: QueryEx[Language | None, LANG] = None,
) -> list[dict[str, Any]]:
    """The register of resolutions, latest first, by body and year."""
    return [_resolution_out(r) for r in public_queries.resolutions(body=body, year=year)]
