"""The factsheet printed: the same sections as the page, laid out for A4 (factsheet/print.html)."""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from cocopa.core.pdf import html_to_pdf, static_uri
from cocopa.factsheet import queries
from cocopa.factsheet.pictures import pictures

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
