"""Thin public views on how the network works: its bodies, who sits in them, resolutions, meetings.

The public pages never say "vacant": the record of who held a seat is incomplete for the past,
so a seat without a mandate on record is shown as such, not as empty.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocopa.core import pagination, sources
from cocopa.core.dates import choose_date
from cocopa.core.models import Source
from cocopa.governance import ical, public_queries, queries
from cocopa.governance.models import Body, Mandate

PAGE_SIZE = 25


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
        sources=sources.cited(
            [body.source, body.term_source],
            _mandate_sources(mandates),
            sources.named_in(body.description, *(m.notes for m in mandates)),
        ),
    )


@dataclass(frozen=True)
class ArchiveFilters:
    """The body and year a citizen chose for an archive, with a message for a choice that is not one."""

    body: Body | None
    year: int | None
    errors: list[str]

    def query(self, page: int | None = None) -> str:
        params = {"body": self.body.key if self.body else "", "year": self.year or "", "page": page or ""}
        kept = {k: v for k, v in params.items() if v}
        return "?" + urlencode(kept) if kept else "?"


def _archive_filters(request: HttpRequest, bodies: list[Body]) -> ArchiveFilters:
    errors = []
    key = request.GET.get("body", "").strip()
    body = next((b for b in bodies if b.key == key), None)
    if key and body is None:
        errors.append(_("Body: there is no body “%(key)s”, so all bodies are shown.") % {"key": key[:40]})
    raw = request.GET.get("year", "").strip()
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    if raw and year is None:
        errors.append(_("Year: “%(year)s” is not a year, so all years are shown.") % {"year": raw[:10]})
    return ArchiveFilters(body, year, errors)


def _nothing_on_record(filters: ArchiveFilters, *, meetings: bool) -> str:
    """Why an archive is empty, in a sentence naming what was asked for."""
    name, year = (filters.body.name if filters.body else ""), filters.year
    if meetings:
        if name and year:
            return _("No meeting of the body “%(body)s” is on record for %(year)s.") % {
                "body": name,
                "year": year,
            }
        if name:
            return _("No past meeting of the body “%(body)s” is on record.") % {"body": name}
        if year:
            return _("No meeting of any body is on record for %(year)s.") % {"year": year}
        return _("No past meeting is on record yet: meetings appear here once the office has recorded them.")
    if name and year:
        return _("No resolution of the body “%(body)s” is published for %(year)s.") % {
            "body": name,
            "year": year,
        }
    if name:
        return _("No resolution of the body “%(body)s” is published.") % {"body": name}
    if year:
        return _("No resolution of any body is published for %(year)s.") % {"year": year}
    return _("No resolution is published yet: resolutions appear here once the office has published them.")


@require_GET
def resolutions(request: HttpRequest) -> HttpResponse:
    bodies = list(queries.bodies())
    filters = _archive_filters(request, bodies)
    rows = public_queries.resolutions(body=filters.body.key if filters.body else None, year=filters.year)
    pages = pagination.pager(rows, request.GET.get("page"), size=PAGE_SIZE, query=filters.query)
    return _page(
        request,
        "governance/resolutions.html",
        resolutions=pages.page,
        pager=pages,
        bodies=bodies,
        years=public_queries.archive_years(timezone.localdate()),
        filters=filters,
        empty=_nothing_on_record(filters, meetings=False),
    )


@require_GET
def resolution(request: HttpRequest, body: str, year: int, number: int) -> HttpResponse:
    found = public_queries.resolution(body, year, number)
    if found is None:
        raise Http404(_("No published resolution has this number."))
    return _page(request, "governance/resolution.html", resolution=found, figures=found.vote_result)


@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    """Meetings to come, then the archive of past ones by body and year."""
    now = timezone.now()
    bodies = list(queries.bodies())
    filters = _archive_filters(request, bodies)
    past = public_queries.past_meetings(
        now, body=filters.body.key if filters.body else None, year=filters.year
    )
    pages = pagination.pager(past, request.GET.get("page"), size=PAGE_SIZE, query=filters.query)
    return _page(
        request,
        "governance/meetings.html",
        meetings=list(public_queries.upcoming_meetings(now)),
        past=pages.page,
        pager=pages,
        bodies=bodies,
        years=public_queries.archive_years(timezone.localdate(now)),
        filters=filters,
        empty=_nothing_on_record(filters, meetings=True),
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
