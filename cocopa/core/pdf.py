"""HTML to PDF through WeasyPrint: the one module that imports it (receipts, the factsheet).

Documents reach only local files and inline data: a page printed from the registers never
fetches anything over the network, so a PDF renders the same offline and cannot be made to
call out by a URL slipped into the data.
"""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]


@cache  # static files do not move while the process runs: no directory walk per document
def static_uri(path: str) -> str:
    """A static file (a font, a stylesheet) as a file:// URI WeasyPrint can read without a server."""
    found = finders.find(path)
    if not found or isinstance(found, list):
        raise ImproperlyConfigured(f"static file {path!r} not found for PDF rendering")
    return Path(found).as_uri()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document; fonts are embedded (subset) by WeasyPrint."""
    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
