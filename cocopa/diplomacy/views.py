"""The public pages of city diplomacy: the map of relationships abroad, the agreements and the
missions (lists and pages), and their downloads (CSV, XLSX, GeoJSON)."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocopa.core import sources, tables
from cocopa.diplomacy import downloads, geo, queries, timeline


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The map of the network's relationships abroad, with the same relationships as a list."""
    agreements = list(queries.agreements())
    missions = list(queries.missions())
    return render(
        request,
        "diplomacy/overview.html",
        {
            "section": "diplomacy",
            "agreements": agreements,
            "missions": missions,
            # One list by date, undated last: the map's text alternative.
            "relations": timeline.merge(
                [],
                [(a.signed_on, ("agreement", a)) for a in agreements]
                + [(m.started_on, ("mission", m)) for m in missions],
            ),
            "sources": sources.cited([a.source for a in agreements], [m.source for m in missions]),
        },
    )


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = list(queries.agreements())
    return render(
        request,
        "diplomacy/agreement_list.html",
        {
            "section": "diplomacy",
            "agreements": agreements,
            "sources": sources.cited([a.source for a in agreements]),
        },
    )


@require_GET
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.agreements().filter(pk=pk).first()
    if found is None:
        raise Http404(_("No agreement has this number."))
    return render(
        request,
        "diplomacy/agreement.html",
        {
            "section": "diplomacy",
            "agreement": found,
            "missions": list(queries.missions().filter(agreements=found)),
            "sources": sources.cited([found.source]),
        },
    )


@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    missions = list(queries.missions())
    return render(
        request,
        "diplomacy/mission_list.html",
        {
            "section": "diplomacy",
            "missions": missions,
            "sources": sources.cited([m.source for m in missions]),
        },
    )


@require_GET
def mission(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.missions().filter(pk=pk).first()
    if found is None:
        raise Http404(_("No mission has this number."))
    return render(
        request,
        "diplomacy/mission.html",
        {"section": "diplomacy", "mission": found, "sources": sources.cited([found.source])},
    )


@require_GET
def agreements_download(request: HttpRequest, fmt: str) -> HttpResponse:
    return tables.download(fmt, "agreements", downloads.agreement_header(), downloads.agreement_rows())


@require_GET
def missions_download(request: HttpRequest, fmt: str) -> HttpResponse:
    return tables.download(fmt, "missions", downloads.mission_header(), downloads.mission_rows())


@require_GET
def network_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(geo.network()), content_type="application/geo+json")
