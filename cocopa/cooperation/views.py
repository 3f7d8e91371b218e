"""Thin public pages of the cooperation registry: the portfolio, a country's timeline, an initiative,
the list of initiatives, the map, and the open data files (CSV, XLSX, GeoJSON), the last three with
the same filters as the API (filters.py reads them for all)."""

import hashlib
import json
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from cocopa.cooperation import filters as coop_filters
from cocopa.cooperation import queries
from cocopa.cooperation.forms import FilterForm
from cocopa.cooperation.models import Initiative
from cocopa.core import dataversion, pagination, sources, tables
from cocopa.members.models import LocalAuthority

GEOJSON = "application/geo+json; charset=utf-8"


def _refused(request: HttpRequest, problems: dict[str, coop_filters.Problem]) -> HttpResponse:
    """A file asked for with filters that cannot be applied: a page of the site naming each
    parameter and value, with the way back to the list (which shows the problem beside its
    filter). A client that asks for JSON alone gets the API's error shape instead."""
    if not request.accepts("text/html"):
        return JsonResponse(
            {
                "code": "invalid_input",
                "detail": _("Invalid input: %(fields)s.") % {"fields": ", ".join(problems)},
                "errors": [
                    {"field": p.name, "location": "query", "message": p.message, "type": "value_error"}
                    for p in problems.values()
                ],
            },
            status=400,
        )
    return render(
        request,
        "cooperation/filter_error.html",
        {
            "section": "cooperation",
            "problems": list(problems.values()),
            "list_url": reverse("cooperation:initiative-list") + f"?{request.GET.urlencode()}",
        },
        status=400,
    )


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    page = queries.overview_page()
    return render(
        request,
        "cooperation/overview.html",
        {
            "section": "cooperation",
            "network": page.network,
            "version": page.version,
            "groups": page.groups,
            "total": page.total,
            "held": page.held,
            "sources": sources.cited(
                c.source for g in page.groups for row in g.countries for c in row.claims
            ),
        },
    )


@require_GET
def country(request: HttpRequest, iso: str) -> HttpResponse:
    code = iso.upper()
    if code != iso or code not in countries:
        raise Http404(_("No country has this code."))
    initiatives = list(queries.filtered_initiatives(queries.Filters(country=code)))
    claims = queries.country_claims(code)
    return render(
        request,
        "cooperation/country.html",
        {
            "section": "cooperation",
            "code": code,
            "name": queries.country_name(code),
            "initiatives": initiatives,
            "claims": claims,
            "located": sum(1 for i in initiatives for p in i.places.all() if p.latitude is not None),
            "sources": sources.cited(c.source for c in claims),
        },
    )


@require_GET
def initiative(request: HttpRequest, identifier: str) -> HttpResponse:
    found = queries.initiative_detail(identifier, shown_publishers=True)
    if found is None:
        raise Http404(_("No initiative has this identifier."))
    claims = list(found.date_claims.all())
    return render(
        request,
        "cooperation/initiative.html",
        {
            "section": "cooperation",
            "initiative": found,
            "status_label": queries.STATUS_LABELS.get(found.status, ""),
            "country_names": [(c.code, queries.country_name(c.code)) for c in found.countries.all()],
            "date_claims": claims,
            "sources": sources.cited(
                found.sources.all(),
                (c.source for c in claims),
                (p.source for p in found.places.all()),
                (p.source for p in found.participations.all()),
                (b.source for b in found.budgets.all()),
                sources.named_in(found.description, found.notes),
            ),
        },
    )


def _nothing_matches(form: FilterForm, *, located: bool) -> str:
    """What an empty result says, naming the filters in force (the country alone reads best)."""
    chosen = form.chosen()
    country = form.initial.get("country")
    if not chosen:
        return (
            _("No initiative has a place with known coordinates yet.")
            if located
            else _("The registry holds no initiative yet.")
        )
    if country and len(chosen) == 1:
        name = queries.country_name(country)
        if located:
            return _("No initiative with a located place in %(country)s.") % {"country": name}
        return _("The registry holds no initiative in %(country)s.") % {"country": name}
    described = "; ".join(f"{label}: {value}" for label, value in chosen)
    if located:
        return _("No initiative with a located place matches these filters (%(filters)s).") % {
            "filters": described
        }
    return _("No initiative matches these filters (%(filters)s).") % {"filters": described}


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    parsed = coop_filters.parse(request.GET)
    form = FilterForm(parsed, queries.filter_choices())
    initiatives = list(queries.filtered_initiatives(parsed.filters))
    located = sum(1 for i in initiatives for p in i.places.all() if p.latitude is not None)
    query = coop_filters.query(parsed.filters)
    return render(
        request,
        "cooperation/map.html",
        {
            "section": "cooperation",
            "form": form,
            "filters": parsed.filters,
            "problems": list(parsed.problems.values()),
            "initiatives": initiatives,
            "located": located,
            "unlocated": [(p, i) for i in initiatives for p in i.places.all() if p.latitude is None],
            "nothing": "" if located else _nothing_matches(form, located=True),
            "query": query,
        },
    )


LIST_PAGE_SIZE = 20


@dataclass(frozen=True)
class ListRow:
    """One initiative of the list, with the names its row shows."""

    initiative: Initiative
    countries: list[tuple[str, str]]
    members: list[LocalAuthority]
    status: str


def _list_row(i: Initiative) -> ListRow:
    authorities = (p.organisation.authority for p in i.participations.all())
    members = list({a.pk: a for a in authorities if a is not None}.values())
    return ListRow(
        i,
        [(c.code, queries.country_name(c.code)) for c in i.countries.all()],
        members,
        str(queries.STATUS_LABELS.get(i.status, "")),
    )


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    """Every initiative, with the filters of the map, the files and the API, a page at a time."""
    parsed = coop_filters.parse(request.GET)
    form = FilterForm(parsed, queries.filter_choices())
    pages = pagination.pager(
        queries.filtered_initiatives(parsed.filters),
        request.GET.get("page"),
        size=LIST_PAGE_SIZE,
        query=lambda n: coop_filters.query(parsed.filters, page=n),
    )
    count = pages.page.paginator.count
    return render(
        request,
        "cooperation/list.html",
        {
            "section": "cooperation",
            "form": form,
            "filters": parsed.filters,
            "problems": list(parsed.problems.values()),
            "rows": [_list_row(i) for i in pages.page],
            "page": pages.page,
            "pager": pages,
            "count": count,
            "nothing": "" if count else _nothing_matches(form, located=False),
            "query": coop_filters.query(parsed.filters),
        },
    )


# Open data: one row per initiative, in the active language.
COLUMNS = [
    ("identifier", gettext_lazy("identifier")),
    ("title", gettext_lazy("title")),
    ("kind", gettext_lazy("kind")),
    ("status", gettext_lazy("status")),
    ("start", gettext_lazy("start")),
    ("end", gettext_lazy("end")),
    ("period", gettext_lazy("period")),
    ("countries", gettext_lazy("countries")),
    ("places", gettext_lazy("places")),
    ("fields_of_action", gettext_lazy("fields of action")),
    ("fields_of_intervention", gettext_lazy("fields of intervention")),
    ("members", gettext_lazy("member authorities")),
    ("partners", gettext_lazy("participating organisations")),
    ("uncertain", gettext_lazy("uncertain")),
    ("url", gettext_lazy("address")),
]


def _row(request: HttpRequest, i: Initiative) -> list[tables.Cell]:
    parts = list(i.participations.all())
    values: dict[str, tables.Cell] = {
        "identifier": i.identifier,
        "title": i.title,
        "kind": i.kind.name,
        "status": str(queries.STATUS_LABELS.get(i.status, "")),
        "start": i.start_on,
        "end": i.end_on,
        "period": i.period_label,
        "countries": "; ".join(c.code for c in i.countries.all()),
        "places": "; ".join(p.name for p in i.places.all()),
        "fields_of_action": "; ".join(f.name for f in i.fields_of_action.all()),
        "fields_of_intervention": "; ".join(f.name for f in i.fields_of_intervention.all()),
        "members": "; ".join(
            dict.fromkeys(p.organisation.authority.name for p in parts if p.organisation.authority)
        ),
        "partners": "; ".join(f"{p.organisation.name} ({p.get_role_display()})" for p in parts),
        "uncertain": _("yes") if i.uncertain else "",
        "url": request.build_absolute_uri(reverse("cooperation:initiative", args=[i.identifier])),
    }
    return [values[key] for key, _label in COLUMNS]


def _filename() -> str:
    return f"cocopa-initiatives-{get_language() or 'it'}"


def _initiatives_file(request: HttpRequest, fmt: str) -> HttpResponse:
    parsed = coop_filters.parse(request.GET)
    if parsed.problems:
        return _refused(request, parsed.problems)
    rows = (_row(request, i) for i in queries.filtered_initiatives(parsed.filters))
    header = [str(label) for _key, label in COLUMNS]
    return tables.download(fmt, _filename(), header, rows, sheet=_("Initiatives"))


@require_GET
def initiatives_csv(request: HttpRequest) -> HttpResponse:
    return _initiatives_file(request, "csv")


@require_GET
def initiatives_xlsx(request: HttpRequest) -> HttpResponse:
    return _initiatives_file(request, "xlsx")


@dataclass(frozen=True)
class _Answer:
    """A response's content as cached: bytes, never the objects it was made from."""

    status: int
    content: bytes
    content_type: str
    etag: str = ""


def _build_places_geojson(request: HttpRequest) -> _Answer | dict[str, coop_filters.Problem]:
    """The answer's bytes, or the filters' problems: the refusal is a page rendered for each
    request (its scripts carry that request's CSP nonce), only the parsing is cached."""
    parsed = coop_filters.parse(request.GET)
    if parsed.problems:
        return parsed.problems
    collection = {"type": "FeatureCollection", "features": queries.place_features(parsed.filters)}
    content = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return _Answer(200, content, GEOJSON, f'"{hashlib.sha256(content).hexdigest()[:32]}"')


@require_GET
def places_geojson(request: HttpRequest) -> HttpResponse:
    """The map's places, cached per data version, language and filters (core.dataversion), with
    an ETag, so a browser that has them gets a 304."""
    # parse() reads each parameter's last value, so that is what tells two requests apart.
    given = tuple(request.GET.get(name, "") for name in coop_filters.NAMES)
    answer = dataversion.cached(
        ("cooperation.places-geojson", get_language(), given), lambda: _build_places_geojson(request)
    )
    if isinstance(answer, dict):
        return _refused(request, answer)
    response = HttpResponse(answer.content, status=answer.status, content_type=answer.content_type)
    if not answer.etag:
        return response
    response["ETag"] = answer.etag
    return get_conditional_response(request, etag=answer.etag, response=response) or response
