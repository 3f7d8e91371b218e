"""The factsheet as a page and as a PDF, for any day (`?at=YYYY-MM-DD`), in the URL's language."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cocopa.factsheet import pdf, queries
from cocopa.public.views import choose_date


@require_GET
def factsheet(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    sheet = queries.factsheet(when.at)
    return render(request, "factsheet/page.html", {"section": "factsheet", "at": when, **pdf.context(sheet)})


@require_GET
def factsheet_pdf(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    if when.error:
        # A file named for a day it does not show would mislead: say what was wrong instead.
        return HttpResponseBadRequest(when.error, content_type="text/plain; charset=utf-8")
    language = get_language() or "it"
    document = pdf.factsheet_pdf(language=language, at=when.at)
    response = HttpResponse(document, content_type="application/pdf")
    name = f"factsheet-{language}-{when.at.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
