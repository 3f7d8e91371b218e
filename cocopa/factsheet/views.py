"""The factsheet as a page and as a PDF, for any day (`?at=YYYY-MM-DD`), in the URL's language."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocopa.cooperation.queries import country_name
from cocopa.core import dataversion
from cocopa.core.dates import choose_date
from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.factsheet import pdf, queries, services


@require_GET
def factsheet(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    sheet = queries.factsheet(when.at)
    context = {"section": "factsheet", "at": when, **pdf.context(sheet)}
    if request.user.has_perm("factsheet.choose_timeline_country"):
        context["timeline_choices"] = queries.timeline_choices(sheet.timeline_country)
    return render(request, "factsheet/page.html", context)


@dataclass(frozen=True)
class _Pdf:
    """The document as cached: bytes and their ETag, never the objects it was made from."""

    content: bytes
    etag: str


def _render_pdf(language: str, at: dt.date) -> _Pdf:
    document = pdf.factsheet_pdf(language=language, at=at)
    return _Pdf(document, f'"{hashlib.sha256(document).hexdigest()[:32]}"')


@require_GET
def factsheet_pdf(request: HttpRequest) -> HttpResponse:
    """The factsheet as a PDF, cached per data version, language and day (core.dataversion): a
    PDF takes a second or more of the server to make, so anyone could otherwise keep the workers
    busy. Today's date is in the key too, so nothing that depends on the calendar outlives it.
    With an ETag, so a browser that has the document gets a 304."""
    when = choose_date(request)
    if when.error:
        # A file named for a day it does not show would mislead: say what was wrong instead.
        return HttpResponseBadRequest(when.error, content_type="text/plain; charset=utf-8")
    language = get_language() or "it"
    document = dataversion.cached(
        ("factsheet.pdf", language, when.at, timezone.localdate()), lambda: _render_pdf(language, when.at)
    )
    response = HttpResponse(document.content, content_type="application/pdf")
    name = f"factsheet-{language}-{when.at.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["ETag"] = document.etag
    return get_conditional_response(request, etag=document.etag, response=response) or response


@permission_required_or_403("factsheet.choose_timeline_country")
@require_POST
def choose_timeline_country(request: HttpRequest) -> HttpResponse:
    """The peace office picks the country whose timeline the factsheet shows, then sees it."""
    try:
        profile = services.set_timeline_country(request.POST.get("country", ""), actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("The factsheet now shows the timeline of %(country)s.")
            % {"country": country_name(profile.factsheet_country)},
        )
    when = choose_date(request)  # reads ?at= of the page the form was on
    return HttpResponseRedirect(reverse("factsheet:page") + when.query)
