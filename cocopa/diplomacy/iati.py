"""Agreements' documents in the IATI activity file: an agreement linked to an initiative gives
that activity a `document-link` of category A09 ("Memorandum of understanding (if agreed by all
parties)", IATI DocumentCategory), the agreement's library document by its current version.

Cooperation's writer cannot read this app (docs/decisions/0008), so the links are added to the
records it writes by the caller above both: `public/iati.py` (the files at /iati/…, which the
IATI Registry reads). Only public documents; the date is the agreement's signature when known
to the day.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace

from cocopa.cooperation.iati_source import Activity, DocumentLink
from cocopa.diplomacy.models import Agreement
from cocopa.library import iati as library_iati

AGREEMENT_CATEGORY = "A09"


def agreement_documents() -> dict[str, tuple[DocumentLink, ...]]:
    """Initiative identifier → the A09 links of its agreements' public documents."""
    found: dict[str, list[DocumentLink]] = defaultdict(list)
    agreements = (
        Agreement.objects.filter(document__isnull=False, initiatives__isnull=False)
        .select_related("document")
        .prefetch_related("initiatives")
        .distinct()
        .order_by("pk")
    )
    for agreement in agreements:
        assert agreement.document is not None  # filtered above
        link = library_iati.document_link(agreement.document)
        if link is None:
            continue
        url, media_type, title, language = link
        day = agreement.signed_on if agreement.signed_on_precision == "day" else None
        for initiative in agreement.initiatives.all():
            found[initiative.identifier].append(
                DocumentLink(url, media_type, title, AGREEMENT_CATEGORY, language, day)
            )
    return {key: tuple(links) for key, links in found.items()}


def with_agreement_documents(activities: Iterable[Activity]) -> Iterator[Activity]:
    """The activities, each with its agreements' documents after its own (none twice)."""
    extra = agreement_documents()
    for activity in activities:
        more = tuple(
            d for d in extra.get(activity.identifier, ()) if d.url not in {o.url for o in activity.documents}
        )
        yield replace(activity, documents=activity.documents + more) if more else activity
