"""Thin public views on how the network works: its bodies, who sits in them, resolutions, meetings.

The public pages never say "vacant": the record of who held a seat is incomplete for the past,
so a seat without a mandate on record is shown as such, not as empty.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocopa.core import sources
from cocopa.core.dates import choose_date
from cocopa.core.models import Source
from cocopa.governance import ical, public_queries, queries
from cocopa.governance.models import Mandate


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, template, {"section": "governance", **context})


def _mandate_sources(mandates: Iterable[Mandate]) -> list[Source | None]:
    return [m.source for m in mandates]


@require_GET
def how_we_work(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    bodies = public_queries.organigram(when.at)
    return _page(
        request,
        "governance/how_we_work.html",
        at=when,
        bodies=bodies,
        sources=sources.cited(
            (v.body.source for v in bodies),
            (v.body.term_source for v in bodies),
            (m.source for v in bodies for p in v.composition.positions for m in p.mandates),
            (m.source for v in bodies for m in v.undated),
        ),
    )


@require_GET
def body_history(request: HttpRequest, key: str) -> HttpResponse:
    body = public_queries.body_by_key(key)
    if body is None:
        raise Http404(_("No body has the key %(key)s.") % {"key": key})
    mandates = list(queries.mandates_of(body))
    return _page(
        request,
        "governance/body_history.html",
        body=body,
        mandates=mandates,
        sources=sources.cited([body.source, body.term_source], _mandate_sources(mandates)),
    )


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@require_GET
def resolutions(request: HttpRequest) -> HttpResponse:
    bodies = list(queries.bodies())
    body_key = request.GET.get("body", "").strip()
    if body_key not in {b.key for b in bodies}:
        body_key = ""
    year = _year(request.GET.get("year", "").strip())
    return _page(
        request,
        "governance/resolutions.html",
        resolutions=list(public_queries.resolutions(body=body_key or None, year=year)),
        bodies=bodies,
        years=public_queries.resolution_years(),
        chosen_body=body_key,
        chosen_year=year,
    )


@require_GET
def resolution(request: HttpRequest, body: str, year: int, number: int) -> HttpResponse:
    found = public_queries.resolution(body, year, number)
    if found is None:
        raise Http404(_("No published resolution has this number."))
    return _page(request, "governance/resolution.html", resolution=found, figures=found.vote_result)


@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "governance/meetings.html",
        meetings=list(public_queries.upcoming_meetings(timezone.now())),
    )


@require_GET
def calendar_ics(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    since = timezone.localdate(now) - dt.timedelta(days=365)
    content = ical.calendar(
        public_queries.calendar_meetings(), public_queries.term_ends(since), stamp=now.replace(microsecond=0)
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cocopa-governance.ics"'
    return response
