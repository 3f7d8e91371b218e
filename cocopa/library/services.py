"""The one write path of the documents library: add a document with its first version, add a
version, change who may read a document. Each in one transaction, for an acting user who holds
`library.manage_documents` (None: the system, e.g. the demo loader), with an audit entry.

Refusals are DomainErrors whose code names the field at fault (views show them beside it):
`file` (a file refused by cocopa.core.documents, or both a file and an address, or neither),
`body` (a body that is not the meeting's or the resolution's).
"""

import datetime as dt
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.dates import Precision
from cocopa.core.documents import upload_refused
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor
from cocopa.governance.models import Body, Meeting, Resolution
from cocopa.library.models import Document, Version
from cocopa.members.models import LocalAuthority


class FieldRefusal(DomainError):
    """A refusal about one field of the form (`field`), shown beside it."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(code, message)
        self.field = field


def _require(actor: Actor) -> None:
    if actor is not None and not actor.has_perm("library.manage_documents"):
        raise Forbidden("forbidden", _("Only the peace office manages the documents library."))


def _checked_content(file: "File[Any] | None", url: str) -> None:
    if file and url:
        raise FieldRefusal(
            "file",
            "file_and_address",
            _("Give either a file or the address of a copy published elsewhere, not both."),
        )
    if not file and not url:
        raise FieldRefusal(
            "file", "no_file_nor_address", _("Give a file, or the address of a copy published elsewhere.")
        )
    if file:
        refusal = upload_refused(file)
        if refusal:
            raise FieldRefusal("file", "document_refused", refusal)


def _body_of(body: Body | None, meeting: Meeting | None, resolution: Resolution | None) -> Body | None:
    """The document's body: the one given, else the meeting's or the resolution's; a body that
    differs from theirs is refused (the body decides who reads a restricted document)."""
    for linked in (meeting, resolution):
        if linked is None:
            continue
        if body is None:
            body = linked.body
        elif linked.body_id != body.pk:
            raise FieldRefusal(
                "body",
                "body_not_linked",
                _("The body must be the one of the meeting or resolution linked (%(body)s).")
                % {"body": linked.body},
            )
    return body


def add_document(
    *,
    actor: Actor,
    title_it: str,
    kind: str,
    language: str = "",
    title_en: str = "",
    description_it: str = "",
    description_en: str = "",
    date: dt.date | None = None,
    date_precision: str = Precision.DAY.value,
    visibility: str = Document.Visibility.PUBLIC,
    body: Body | None = None,
    member: LocalAuthority | None = None,
    meeting: Meeting | None = None,
    resolution: Resolution | None = None,
    source: Source | None = None,
    file: "File[Any] | None" = None,
    url: str = "",
    version_date: dt.date | None = None,
    version_date_precision: str | None = None,
    note: str = "",
) -> Document:
    """A document and its first version (a file, or the address of a copy published elsewhere).
    The version's date is the document's unless given."""
    _require(actor)
    _checked_content(file, url)
    body = _body_of(body, meeting, resolution)
    with transaction.atomic():
        document = Document(
            title_it=title_it,
            title_en=title_en,
            description_it=description_it,
            description_en=description_en,
            kind=kind,
            language=language,
            date=date,
            date_precision=date_precision,
            visibility=visibility,
            body=body,
            member=member,
            meeting=meeting,
            resolution=resolution,
            source=source,
        )
        document.full_clean()
        document.save()
        audit.record(
            actor,
            "library.document_added",
            document,
            {"kind": kind, "visibility": visibility, "body": body.pk if body else None},
        )
        _add_version(
            document,
            actor=actor,
            file=file,
            url=url,
            date=version_date or date,
            date_precision=version_date_precision or (date_precision if version_date is None else "day"),
            note=note,
        )
    return document


def add_version(
    document: Document,
    *,
    actor: Actor,
    file: "File[Any] | None" = None,
    url: str = "",
    date: dt.date | None = None,
    date_precision: str = Precision.DAY.value,
    note: str = "",
) -> Version:
    """A new version of the document, numbered after the latest: it becomes the current one."""
    _require(actor)
    _checked_content(file, url)
    with transaction.atomic():
        # Lock the document so two clerks adding a version at once get 2 and 3, not 2 twice.
        Document.objects.select_for_update().filter(pk=document.pk).first()
        return _add_version(
            document, actor=actor, file=file, url=url, date=date, date_precision=date_precision, note=note
        )


def _add_version(
    document: Document,
    *,
    actor: Actor,
    file: "File[Any] | None",
    url: str,
    date: dt.date | None,
    date_precision: str,
    note: str,
) -> Version:
    latest = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = Version(
        document=document, number=latest + 1, date=date, date_precision=date_precision, note=note, url=url
    )
    if file:
        # Written to the storage when the row is saved: through the field's storage, never a media folder.
        version.file = file
    version.full_clean(exclude=["file"])
    version.save()
    audit.record(
        actor,
        "library.version_added",
        version,
        {"document": document.pk, "number": version.number, "file": version.file.name or "", "url": url},
    )
    return version


def set_visibility(document: Document, visibility: str, *, actor: Actor) -> Document:
    """Make the document public or restricted (permissions.py says who reads a restricted one)."""
    _require(actor)
    if visibility not in Document.Visibility.values:
        raise FieldRefusal("visibility", "unknown_visibility", _("Choose public or restricted."))
    with transaction.atomic():
        before = document.visibility
        document.visibility = visibility
        document.save(update_fields=["visibility", "search_text"])
        audit.record(actor, "library.visibility_changed", document, {"from": before, "to": visibility})
    return document
