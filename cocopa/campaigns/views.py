"""The public campaign pages: the list with each campaign's count of adopting members, a campaign
with its adoptions and their map, the map's GeoJSON, and the open data files (CSV, XLSX, and the
GeoJSON of every campaign's located adopting members)."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocopa.campaigns import queries
from cocopa.campaigns.models import Adoption, Campaign
from cocopa.core import tables
from cocopa.core.dates import format_partial

GEOJSON = "application/geo+json; charset=utf-8"


def _campaign(slug: str) -> Campaign:
    campaign = queries.public_campaign(slug)
    if campaign is None:
        raise Http404(_("No campaign has this address."))
    return campaign


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "campaigns/list.html", {"section": "campaigns", "campaigns": list(queries.listed())}
    )


def _located(adoption: Adoption) -> bool:
    member = adoption.member
    return member is not None and member.latitude is not None and member.longitude is not None


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign(slug)
    adoptions = list(campaign.adoptions.all())
    sources = [s for s in [campaign.source, *(a.source for a in adoptions)] if s is not None]
    return render(
        request,
        "campaigns/detail.html",
        {
            "section": "campaigns",
            "campaign": campaign,
            "adoptions": adoptions,
            "member_adoptions": [a for a in adoptions if a.member_id is not None],
            "located": any(_located(a) for a in adoptions),
            "unlocated": sum(1 for a in adoptions if a.member is not None and not _located(a)),
            "documents": queries.public_documents(campaign),
            "initiatives": list(campaign.initiatives.all()),
            "sources": list(dict.fromkeys(sources)),
        },
    )


@require_GET
def members_geojson(request: HttpRequest, slug: str) -> HttpResponse:
    """The members that adopted the campaign, with coordinates, as a GeoJSON FeatureCollection."""
    campaign = _campaign(slug)
    collection = {"type": "FeatureCollection", "features": queries.map_features(campaign)}
    return HttpResponse(json.dumps(collection, ensure_ascii=False), content_type=GEOJSON)


@require_GET
def adoptions_geojson(request: HttpRequest) -> HttpResponse:
    """Open data: the located adopting members of every campaign, one Feature per adoption."""
    collection = {"type": "FeatureCollection", "features": queries.map_features()}
    return HttpResponse(json.dumps(collection, ensure_ascii=False), content_type=GEOJSON)


# Open data: one row per adoption (a campaign nobody adopted has one row with an empty adopter).
COLUMNS = [
    ("campaign", gettext_lazy("campaign")),
    ("kind", gettext_lazy("kind")),
    ("promoter", gettext_lazy("promoter")),
    ("start", gettext_lazy("start")),
    ("end", gettext_lazy("end")),
    ("adopter", gettext_lazy("adopted by")),
    ("member_code", gettext_lazy("member code")),
    ("adopted", gettext_lazy("date of adoption")),
    ("act_body", gettext_lazy("body of the act")),
    ("act_number", gettext_lazy("number of the act")),
    ("act_on", gettext_lazy("date of the act")),
    ("source", gettext_lazy("source")),
    ("uncertain", gettext_lazy("uncertain")),
    ("url", gettext_lazy("address")),
]


def _rows(request: HttpRequest) -> list[list[tables.Cell]]:
    rows = []
    for campaign in queries.with_adoptions(queries.listed()):
        url = request.build_absolute_uri(reverse("campaigns:detail", args=[campaign.slug]))
        base: dict[str, tables.Cell] = {
            "campaign": campaign.name,
            "kind": campaign.get_kind_display(),
            "promoter": campaign.promoter,
            "start": format_partial(campaign.start_on, campaign.start_precision),
            "end": format_partial(campaign.end_on, campaign.end_precision),
            "url": url,
        }
        adoptions: list[Adoption | None] = list(campaign.adoptions.all()) or [None]
        for a in adoptions:
            values: dict[str, tables.Cell] = {
                **base,
                "adopter": a.adopter_name if a else "",
                "member_code": a.member.slug if a and a.member else "",
                "adopted": format_partial(a.adopted_on, a.adopted_precision) if a else "",
                "act_body": a.get_act_body_display() if a and a.act_body else "",
                "act_number": a.act_number if a else "",
                "act_on": a.act_on if a else None,
                "source": (
                    a.source.code if a and a.source else campaign.source.code if campaign.source else ""
                ),
                "uncertain": _("yes") if (a.uncertain if a else campaign.uncertain) else "",
            }
            rows.append([values[key] for key, _label in COLUMNS])
    return rows


@require_GET
def adoptions_file(request: HttpRequest, fmt: str) -> HttpResponse:
    header = [str(label) for _key, label in COLUMNS]
    filename = f"cocopa-campaigns-{get_language() or 'it'}"
    return tables.download(fmt, filename, header, _rows(request), sheet=_("Campaigns"))
