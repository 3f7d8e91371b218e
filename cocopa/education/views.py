"""The public pages of peace education (/education/, /en/education/): the figures with their
chart and tables, the programmes, and the downloads (every activity; a member's, for its council)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocopa.core import tables
from cocopa.core.sources import cited
from cocopa.education import exports, queries, totals
from cocopa.members import queries as member_queries


def _figures(lines_by_year: list[totals.Line]) -> dict[str, object]:
    return {
        "by_year": totals.bar_widths(lines_by_year),
        "total": totals.grand_total(lines_by_year),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    programmes = list(queries.programmes())
    by_year = queries.by_school_year()
    topics = list(queries.topics())
    return render(
        request,
        "education/home.html",
        {
            "section": "education",
            "programmes": programmes,
            "topics": topics,
            "by_member": queries.by_member(),
            "by_topic": queries.by_topic(),
            "sources": cited([p.source for p in programmes], [t.source for t in topics]),
            **_figures(by_year),
        },
    )


@require_GET
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.programme(slug)
    if found is None:
        raise Http404(_("No programme has this address."))
    activities = found.activities.all()
    return render(
        request,
        "education/programme.html",
        {
            "section": "education",
            "programme": found,
            "by_member": queries.by_member(activities),
            "sources": cited([found.source]),
            **_figures(queries.by_school_year(activities)),
        },
    )


@require_GET
def activities_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every school activity recorded, as open data."""
    return tables.download(
        fmt,
        "cocopa-school-activities",
        exports.activity_header(),
        exports.activity_rows(queries.activities()),
        sheet=_("School activities"),
    )


@require_GET
def member_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A member's activities and its totals per school year, for its council's report: CSV gives
    the activities (and `?table=totals` the totals), XLSX both on two sheets."""
    member = member_queries.by_slug(slug).first()
    if member is None:
        raise Http404(_("No member has this code."))
    activities = list(queries.of_member(member))
    by_year = queries.by_school_year(queries.of_member(member))
    name = f"cocopa-education-{member.slug}"
    if fmt == "xlsx":
        content = tables.xlsx_workbook_bytes(
            [
                (_("Activities"), exports.activity_header(), exports.activity_rows(activities)),
                (_("Per school year"), exports.totals_header(), exports.totals_rows(by_year)),
            ]
        )
        response = HttpResponse(content, content_type=tables.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if request.GET.get("table") == "totals":
        return tables.download(
            fmt, f"{name}-school-years", exports.totals_header(), exports.totals_rows(by_year)
        )
    return tables.download(fmt, name, exports.activity_header(), exports.activity_rows(activities))
