"""The minutes of a meeting and a resolution, as HTML laid out for A4 and as PDF (core/pdf.py),
and the meeting's attendance register as a table (core/tables.py). `build` reads; the templates
under governance/print/ render."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cocopa.core.pdf import html_to_pdf, static_uri
from cocopa.core.tables import Row
from cocopa.governance import queries, quorum
from cocopa.governance.models import AgendaItem, Attendance, Meeting, Motion, Resolution

# Bootstrap Italia's typeface, shipped by the theme (as the factsheet): embedded in the PDF.
FONTS = {
    "regular": "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2",
    "bold": "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-700.woff2",
}


@dataclass(frozen=True)
class Minutes:
    meeting: Meeting
    starts_at: dt.datetime
    attendance: list[Attendance]
    quorum: quorum.QuorumResult
    items: list[AgendaItem]
    motions: list[Motion]
    resolutions: list[Resolution]


def build(meeting: Meeting) -> Minutes:
    meeting = queries.meeting_detail(meeting.pk)
    return Minutes(
        meeting=meeting,
        starts_at=timezone.localtime(meeting.starts_at),
        attendance=sorted(meeting.attendances.all(), key=lambda a: (a.authority.name, a.pk)),
        quorum=queries.meeting_quorum(meeting),
        items=list(meeting.items.all()),
        motions=sorted(meeting.motions.all(), key=lambda m: m.pk),
        resolutions=list(
            Resolution.objects.filter(meeting=meeting).select_related("body").order_by("year", "number")
        ),
    )


def _fonts() -> dict[str, str]:
    return {name: static_uri(path) for name, path in FONTS.items()}


def minutes_html(meeting: Meeting) -> str:
    return render_to_string("governance/print/minutes.html", {"minutes": build(meeting), "fonts": _fonts()})


def minutes_pdf(meeting: Meeting) -> bytes:
    """The meeting's minutes as an A4 PDF in the active language."""
    return html_to_pdf(minutes_html(meeting))


def resolution_html(resolution: Resolution) -> str:
    return render_to_string("governance/print/resolution.html", {"resolution": resolution, "fonts": _fonts()})


def resolution_pdf(resolution: Resolution) -> bytes:
    return html_to_pdf(resolution_html(resolution))


def attendance_table(meeting: Meeting) -> tuple[list[str], list[Row]]:
    """The register: header (in the active language) and one row per member convened."""
    header = [_("Member"), _("Announced"), _("Presence"), _("Proxy held by")]
    announced: dict[Any, str] = {None: "", True: _("will attend"), False: _("will not attend")}
    rows: list[Row] = [
        [
            a.authority.name,
            announced[a.announced],
            a.get_presence_display() if a.presence else "",
            a.proxy_for.name if a.proxy_for else "",
        ]
        for a in meeting.attendances.select_related("authority", "proxy_for").order_by(
            "authority__name", "pk"
        )
    ]
    return header, rows
