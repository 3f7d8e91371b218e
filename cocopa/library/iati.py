"""The library's public documents as `document-link`s of the network's IATI organisation file
(cocopa.cooperation.iati_org; issue 15, point 6b).

Only public documents, each by its current version (the highest number): the address of a copy
published elsewhere as it is, a file kept here by its download address on the site
(COCOPA_SITE_URL), which serves public files to anyone.

The category is a software default, IATI's organisation-level DocumentCategory codes having no
exact match for most of what the network keeps: statutes, conventions and resolutions (the texts
that found and govern the network) as B02 "Institutional strategy paper", reports as B01 "Annual
report". Minutes, brochures (about one project: an activity's document, not the organisation's)
and other documents fit none and are left out (`left_out` names them).
"""

import datetime as dt
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch

from cocopa.cooperation.iati_org import OrgDocument
from cocopa.library.models import Document, Version

CATEGORIES = {
    Document.Kind.STATUTES: "B02",
    Document.Kind.CONVENTION: "B02",
    Document.Kind.RESOLUTION: "B02",
    Document.Kind.REPORT: "B01",
}
LANGUAGES = {Document.Language.ITALIAN: "it", Document.Language.ENGLISH: "en"}
# An address without a recognisable file name is a web page.
WEB_PAGE = "text/html"
UNKNOWN_FILE = "application/octet-stream"


def _public() -> "list[Document]":
    return list(
        Document.objects.filter(visibility=Document.Visibility.PUBLIC)
        .prefetch_related(Prefetch("versions", queryset=Version.objects.order_by("-number")))
        .order_by("pk")
    )


def _link(version: Version) -> tuple[str, str]:
    if version.is_external:
        kind, _encoding = mimetypes.guess_type(urlsplit(version.url).path)
        return version.url, kind or WEB_PAGE
    kind, _encoding = mimetypes.guess_type(version.file.name)
    return settings.COCOPA_SITE_URL.rstrip("/") + version.href, kind or UNKNOWN_FILE


def _title(document: Document) -> tuple[tuple[str, str], ...]:
    found = []
    for lang in ("it", "en"):
        text = getattr(document, f"title_{lang}", "") or ""
        if text.strip():
            found.append((lang, text))
    return tuple(found)


def organisation_documents() -> tuple[list[OrgDocument], list[str]]:
    """The public documents as document links, and the titles of those left out (no category)."""
    links, left_out = [], []
    for document in _public():
        versions = list(document.versions.all())
        category = CATEGORIES.get(Document.Kind(document.kind)) if document.kind in Document.Kind else None
        if category is None or not versions:
            left_out.append(document.title)
            continue
        url, media_type = _link(versions[0])
        links.append(
            OrgDocument(
                url=url,
                format=media_type,
                title=_title(document),
                category=category,
                language=LANGUAGES.get(document.language, ""),  # type: ignore[call-overload]
                date=document.date,
            )
        )
    return links, left_out


def last_changed() -> dt.datetime | None:
    """When the newest version of a public document was added (None without any)."""
    return (
        Version.objects.filter(document__visibility=Document.Visibility.PUBLIC)
        .order_by("-added_at")
        .values_list("added_at", flat=True)
        .first()
    )


def document_link(document: Document) -> tuple[str, str, tuple[tuple[str, str], ...], str] | None:
    """A public document's current version as (address, media type, titles, language) for a
    `document-link` (city diplomacy gives its agreements' documents to the activity file); None
    when the document is restricted or has no version."""
    if document.visibility != Document.Visibility.PUBLIC:
        return None
    version = document.versions.order_by("-number").first()
    if version is None:
        return None
    url, media_type = _link(version)
    return url, media_type, _title(document), LANGUAGES.get(document.language, "")  # type: ignore[call-overload]
