"""The factsheet printed: the same sections as the page, laid out for A4 (factsheet/print.html)."""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from cocopa.core.pdf import html_to_pdf, static_uri
from cocopa.factsheet import queries, report_queries
from cocopa.factsheet.pictures import pictures
from cocopa.members.models import LocalAuthority

# Bootstrap Italia's typeface, shipped by the theme: embedded in the PDF so it prints the same
# on any machine.
FONTS = {
    "regular": "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2",
    "semibold": "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-600.woff2",
    "bold": "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-700.woff2",
    "italic": "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-italic.woff2",
}


def context(sheet: queries.Factsheet) -> dict[str, Any]:
    """What both the page and the print template read."""
    return {"sheet": sheet, "network": sheet.network, "pictures": pictures(sheet)}


def factsheet_html(*, language: str, at: dt.date, country: str | None = None) -> str:
    with translation.override(language):
        sheet = queries.factsheet(at, country=country)
        fonts = {name: static_uri(path) for name, path in FONTS.items()}
        return render_to_string("factsheet/print.html", {**context(sheet), "fonts": fonts})


def factsheet_pdf(*, language: str, at: dt.date, country: str | None = None) -> bytes:
    """The factsheet as of the day, in the language, as an A4 PDF."""
    return html_to_pdf(factsheet_html(language=language, at=at, country=country))


def member_report_html(*, language: str, member: LocalAuthority, year: int, show_fee: bool) -> str:
    """A member's yearly report ("what membership gave us") as the HTML WeasyPrint prints."""
    with translation.override(language):
        report = report_queries.member_report(member, year, show_fee=show_fee)
        fonts = {name: static_uri(path) for name, path in FONTS.items()}
        return render_to_string(
            "factsheet/member_report_print.html",
            {"report": report, "network": report.network, "sources": report.sources, "fonts": fonts},
        )


def member_report_pdf(*, language: str, member: LocalAuthority, year: int, show_fee: bool) -> bytes:
    """The member's report of the year, in the language, as an A4 PDF; the fee only with show_fee."""
    return html_to_pdf(member_report_html(language=language, member=member, year=year, show_fee=show_fee))
