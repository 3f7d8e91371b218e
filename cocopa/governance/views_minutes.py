"""Minutes and resolutions as PDF, and the attendance register as CSV/XLSX: for the offices and
the members of the body that met (`governance.view_minutes`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocopa.core import tables
from cocopa.governance import minutes
from cocopa.governance.models import Meeting, Resolution


def _allowed(request: HttpRequest, obj: Meeting | Resolution) -> None:
    if not request.user.has_perm("governance.view_minutes", obj):
        raise PermissionDenied("governance.view_minutes")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'  # names made in code
    return response


def _name(meeting: Meeting) -> str:
    return f"{meeting.body.key}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}"


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _allowed(request, meeting)
    return _pdf(minutes.minutes_pdf(meeting), f"verbale-{_name(meeting)}")


@login_required
@require_GET
def resolution_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_object_or_404(Resolution.objects.select_related("body", "meeting"), pk=pk)
    _allowed(request, resolution)
    return _pdf(
        minutes.resolution_pdf(resolution),
        f"delibera-{resolution.body.key}-{resolution.number}-{resolution.year}",
    )


@login_required
@require_GET
def attendance_table(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _allowed(request, meeting)
    header, rows = minutes.attendance_table(meeting)
    return tables.download(fmt, f"presenze-{_name(meeting)}", header, rows, sheet=_name(meeting))
