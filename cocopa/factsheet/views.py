"""The factsheet as a page and as a PDF, for any day (`?at=YYYY-MM-DD`), in the URL's language."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocopa.cooperation.queries import country_name
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
