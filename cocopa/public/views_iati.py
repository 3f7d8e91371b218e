"""The network's IATI files at stable addresses (public/iati.py): the activity file, its part per
start year and per country, the organisation file. Public, like the open data files; 409 with the
reason while the network's IATI identifier is not configured."""

from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocopa.cooperation import iati, iati_updated
from cocopa.cooperation.iati_source import Activity
from cocopa.core.errors import DomainError
from cocopa.public import iati as publication

XML = "application/xml; charset=utf-8"


def _refused(err: DomainError) -> HttpResponse:
    return HttpResponse(err.message, status=err.status, content_type="text/plain; charset=utf-8")


def _activities(activities: Iterator[Activity], filename: str) -> StreamingHttpResponse:
    now = timezone.now()
    response = StreamingHttpResponse(
        iati.iter_activities(
            activities,
            reporting=iati.reporting_org_from_settings(),
            generated_at=now,
            last_updated=iati_updated.last_changed(),
        ),
        content_type=XML,
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def activities(request: HttpRequest) -> HttpResponseBase:
    try:
        return _activities(publication.exportable(timezone.localdate()), "activities.xml")
    except DomainError as err:
        return _refused(err)


@require_GET
def activities_of_year(request: HttpRequest, year: int) -> HttpResponseBase:
    try:
        found = publication.exportable(timezone.localdate(), publication.of_year(year))
        return _activities(found, f"activities-{year}.xml")
    except DomainError as err:
        return _refused(err)


@require_GET
def activities_of_country(request: HttpRequest, code: str) -> HttpResponseBase:
    # Capitals only, as on the country pages ("ML", never "ml"); a code ISO does not assign has no file.
    if not publication.is_country(code):
        raise Http404("No country has this code.")
    try:
        found = publication.exportable(timezone.localdate(), publication.of_country(code))
        return _activities(found, f"activities-{code}.xml")
    except DomainError as err:
        return _refused(err)


@require_GET
def activities_of_several_countries(request: HttpRequest) -> HttpResponseBase:
    try:
        found = publication.exportable(timezone.localdate(), publication.of_several_countries())
        return _activities(found, f"activities-{publication.MULTI_COUNTRY}.xml")
    except DomainError as err:
        return _refused(err)


@require_GET
def organisation(request: HttpRequest) -> HttpResponse:
    try:
        data, _left_out = publication.organisation_file(now=timezone.now())
    except DomainError as err:
        return _refused(err)
    response = HttpResponse(data, content_type=XML)
    response["Content-Disposition"] = 'inline; filename="organisation.xml"'
    return response
