"""The factsheet as a page and as a PDF, for any day (`?at=YYYY-MM-DD`), in the URL's language."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocopa.cooperation.queries import country_name
from cocopa.core import dataversion
from cocopa.core.dates import choose_date
from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.factsheet import pdf, queries, report_queries, report_rules, services
from cocopa.factsheet.permissions import fees_public
from cocopa.members.models import LocalAuthority


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


# --- A member's yearly report: "what membership gave us" -----------------------------------------


def _member(slug: str) -> LocalAuthority:
    member = report_queries.member_by_slug(slug)
    if member is None:
        raise Http404(_("No local authority has this code."))
    return member


def _year_error(choice: report_rules.YearChoice, raw: str, today: dt.date) -> str:
    values = {"value": raw[:20], "year": choice.year}
    if choice.error == "not_a_year":
        return _("“%(value)s” is not a year (four digits, e.g. 2024), so the report shows %(year)s.") % values
    if choice.error == "out_of_range":
        return _(
            "There is no report for %(value)s: the years go from %(first)s to %(last)s, so the report "
            "shows %(year)s."
        ) % {**values, "first": report_rules.FIRST_YEAR, "last": report_rules.last_year(today)}
    return ""


@require_GET
def member_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report of a member's year, for its council: what it took part in and what it got."""
    member = _member(slug)
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    choice = report_rules.choose_year(raw, today)
    report = report_queries.member_report(
        member, choice.year, show_fee=request.user.has_perm("factsheet.view_member_fee", member), today=today
    )
    context = {
        "section": "members",
        "report": report,
        "network": report.network,
        "sources": report.sources,
        "choice": choice,
        "year_error": _year_error(choice, raw, today),
        "years": report_queries.years_with_data(member, today),
        "default_year": report_rules.default_year(today),
    }
    if request.user.has_perm("factsheet.publish_member_fees"):
        context["may_publish_fees"] = True
    return render(request, "factsheet/member_report.html", context)


def _render_member_report(language: str, member: LocalAuthority, year: int, show_fee: bool) -> _Pdf:
    document = pdf.member_report_pdf(language=language, member=member, year=year, show_fee=show_fee)
    return _Pdf(document, f'"{hashlib.sha256(document).hexdigest()[:32]}"')


@require_GET
def member_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's report as an A4 PDF in the URL's language, cached per data version, member,
    year, language, whether it holds the fee, and today's date; with an ETag. A PDF with the fee
    is marked private unless the offices made the fee public."""
    member = _member(slug)
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    choice = report_rules.choose_year(raw, today)
    if choice.error:
        # A file named for a year it does not show would mislead: say what was wrong instead.
        message = _year_error(choice, raw, today)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    if not raw:
        choice = report_rules.YearChoice(report_rules.default_year(today), chosen=False)
    show_fee = request.user.has_perm("factsheet.view_member_fee", member)
    language = get_language() or "it"
    document = dataversion.cached(
        ("member_report.pdf", language, member.pk, choice.year, show_fee, today),
        lambda: _render_member_report(language, member, choice.year, show_fee),
    )
    response = HttpResponse(document.content, content_type="application/pdf")
    name = f"member-report-{member.slug}-{choice.year}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["ETag"] = document.etag
    if show_fee and not fees_public():
        patch_cache_control(response, private=True)
    return get_conditional_response(request, etag=document.etag, response=response) or response


@permission_required_or_403("factsheet.publish_member_fees")
@require_POST
def member_report_fees(request: HttpRequest, slug: str) -> HttpResponse:
    """The offices decide whether members' reports show the fee to everyone, then see the report."""
    member = _member(slug)
    public = request.POST.get("public") == "1"
    try:
        services.set_member_report_fees(public, actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("Members' reports now show the fee to everyone.")
            if public
            else _("Members' reports now show the fee only to the member's representatives and the offices."),
        )
    year = report_rules.choose_year(request.GET.get("year"), timezone.localdate())
    query = f"?year={year.year}" if year.chosen else ""
    return HttpResponseRedirect(reverse("factsheet:member-report", args=[member.slug]) + query)
