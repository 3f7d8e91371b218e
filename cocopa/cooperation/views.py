"""Thin public pages of the cooperation registry: the portfolio, a country's timeline, an initiative,
the map, and the open data files (CSV, XLSX, GeoJSON) with the map's filters."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from cocopa.cooperation import queries
from cocopa.cooperation.models import Initiative
from cocopa.core import dataversion, sources, tables

GEOJSON = "application/geo+json; charset=utf-8"


class FilterForm(forms.Form):
    """The filters of the map and the open data files, offered from what the registry holds."""

    action = forms.TypedChoiceField(label=gettext_lazy("Field of action"), required=False, coerce=int)
    intervention = forms.TypedChoiceField(
        label=gettext_lazy("Field of intervention"), required=False, coerce=int
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    member = forms.ChoiceField(label=gettext_lazy("Member authority"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(self, data: Any, choices: queries.FilterChoices) -> None:
        super().__init__(data)
        every = [("", _("any"))]
        fields: dict[str, Any] = self.fields
        fields["action"].choices = every + [(str(f.pk), f.name) for f in choices.actions]
        fields["intervention"].choices = every + [
            (str(f.pk), f"{f.parent.name} › {f.name}" if f.parent else f.name) for f in choices.interventions
        ]
        fields["country"].choices = every + choices.countries
        fields["member"].choices = every + choices.members
        fields["year"].choices = every + [(str(y), str(y)) for y in reversed(choices.years)]
        fields["status"].choices = every + choices.statuses
        fields["kind"].choices = every + [(k.key, k.name) for k in choices.kinds]

    def filters(self) -> queries.Filters:
        """The valid filters; an invalid one is left out (and reported by the form's errors)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return queries.Filters(
            **{name: data.get(name) or None for name in self.fields if name not in self.errors}
        )


def _filter_form(request: HttpRequest) -> FilterForm:
    return FilterForm(request.GET, queries.filter_choices())


def _bad_filters(form: FilterForm) -> HttpResponse | None:
    if form.is_valid():
        return None
    names = ", ".join(form.errors)
    return HttpResponse(
        _("Invalid filter: %(names)s.") % {"names": names},
        status=400,
        content_type="text/plain; charset=utf-8",
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
    found = queries.initiative_detail(identifier)
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
            ),
        },
    )


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    initiatives = list(queries.filtered_initiatives(filters))
    query = request.GET.urlencode()
    return render(
        request,
        "cooperation/map.html",
        {
            "section": "cooperation",
            "form": form,
            "filters": filters,
            "initiatives": initiatives,
            "located": sum(1 for i in initiatives for p in i.places.all() if p.latitude is not None),
            "query": f"?{query}" if query else "",
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
    form = _filter_form(request)
    if bad := _bad_filters(form):
        return bad
    rows = (_row(request, i) for i in queries.filtered_initiatives(form.filters()))
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


def _build_places_geojson(request: HttpRequest) -> _Answer:
    form = _filter_form(request)
    if bad := _bad_filters(form):
        return _Answer(bad.status_code, bad.content, bad["Content-Type"])
    collection = {"type": "FeatureCollection", "features": queries.place_features(form.filters())}
    content = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return _Answer(200, content, GEOJSON, f'"{hashlib.sha256(content).hexdigest()[:32]}"')


@require_GET
def places_geojson(request: HttpRequest) -> HttpResponse:
    """The map's places, cached per data version, language and filters (core.dataversion), with
    an ETag, so a browser that has them gets a 304."""
    filters = tuple((name, tuple(request.GET.getlist(name))) for name in FilterForm.base_fields)
    answer = dataversion.cached(
        ("cooperation.places-geojson", get_language(), filters), lambda: _build_places_geojson(request)
    )
    response = HttpResponse(answer.content, status=answer.status, content_type=answer.content_type)
    if not answer.etag:
        return response
    response["ETag"] = answer.etag
    return get_conditional_response(request, etag=answer.etag, response=response) or response
