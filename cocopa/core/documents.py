"""Uploaded documents: what an upload may be, and how a stored file is handed to a reader.

Files are read and written only through Django's storage API (the field's storage, which is
STORAGES["default"]), never through a public media folder: every download goes through a view
that first asks `user.has_perm(<the document's right>, obj)`. So a deployment with several app
servers can put the files on S3-compatible object storage (django-storages) by changing one
setting (README, "Documents and storage").

- An upload is a PDF, an OpenDocument text, a Word document (DOCX) or a PNG/JPEG image, checked
  by its extension and by its first bytes; at most COCOPA_MAX_UPLOAD_MB (a software default).
- A download carries the type of its extension, `X-Content-Type-Options: nosniff`, and a
  Content-Disposition with the stored file's own name (Django writes RFC 5987's `filename*` for
  a non-ASCII name): inline for what a browser shows safely (PDF, images), attachment otherwise.
- A missing file, an empty field or a stored name the storage refuses (`../`) is a 404.
"""

import mimetypes
import posixpath
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    signatures: tuple[bytes, ...]
    inline: bool


ZIP = b"PK\x03\x04"
KINDS = {
    ".pdf": Kind("application/pdf", (b"%PDF-",), inline=True),
    ".odt": Kind("application/vnd.oasis.opendocument.text", (ZIP,), inline=False),
    ".docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,), inline=False
    ),
    ".png": Kind("image/png", (b"\x89PNG\r\n\x1a\n",), inline=True),
    ".jpg": Kind("image/jpeg", (b"\xff\xd8\xff",), inline=True),
    ".jpeg": Kind("image/jpeg", (b"\xff\xd8\xff",), inline=True),
}


def limit_label() -> str:
    """The limit as people write it: 20, not 20.0."""
    return f"{float(settings.COCOPA_MAX_UPLOAD_MB):g}"


def _help_text() -> str:
    return gettext("PDF, ODT, DOCX, PNG or JPEG, at most %(limit)s MB.") % {"limit": limit_label()}


def max_upload_bytes() -> int:
    return int(float(settings.COCOPA_MAX_UPLOAD_MB) * 1024 * 1024)


def _extension(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def upload_refused(upload: Any) -> str | None:
    """Why this uploaded file is refused, in words for the person who chose it, or None."""
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    limit = max_upload_bytes()
    if size > limit:
        return str(
            _("“%(name)s” is %(size)s MB; a document may be at most %(limit)s MB.")
            % {"name": name, "size": formats.number_format(size / 1024 / 1024, 1), "limit": limit_label()}
        )
    kind = KINDS.get(_extension(name))
    if kind is None:
        return str(_("“%(name)s” is not a PDF, ODT, DOCX, PNG or JPEG file.") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in kind.signatures):
        return str(
            _("“%(name)s” does not hold what its extension says (%(ext)s).")
            % {"name": name, "ext": _extension(name)}
        )
    return None


class DocumentField(forms.FileField):
    """A form's file field that accepts only what `upload_refused` lets through; its message
    shows beside the field, which names it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Lazy: the form is built at import, before the language and the setting are known.
        kwargs.setdefault("help_text", lazy(_help_text, str)())
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(KINDS))
        self.widget.attrs.setdefault("class", "form-control")

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            refusal = upload_refused(upload)
            if refusal:
                raise forms.ValidationError(refusal, code="document_refused")
        return upload


class StoredFile(Protocol):
    """What a download needs of a FieldFile: its name in the storage, and the storage."""

    @property
    def name(self) -> str | None: ...

    @property
    def storage(self) -> Storage: ...


def serve(file: StoredFile) -> FileResponse:
    """The stored file as a response, opened through its storage; 404 when there is none."""
    if not file.name:
        raise Http404("no file")
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation) as err:
        raise Http404("file not found") from err
    filename = posixpath.basename(file.name.replace("\\", "/"))
    kind = KINDS.get(_extension(filename))
    content_type = kind.content_type if kind else mimetypes.guess_type(filename)[0]
    response = FileResponse(
        handle,
        as_attachment=not (kind and kind.inline),
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_if_allowed(
    request: HttpRequest, perm: str, obj: Any, file: StoredFile
) -> HttpResponse | FileResponse:
    """The file when `request.user.has_perm(perm, obj)`; else the login page for a visitor and
    403 for a login without the right."""
    if not request.user.has_perm(perm, obj):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(perm)
    return serve(file)
