"""What a post's picture may be: a PNG or JPEG, checked by extension and first bytes, at most
COCOPA_MAX_UPLOAD_MB (core.documents, the one upload check)."""

import posixpath
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from cocopa.core import documents

EXTENSIONS = (".png", ".jpg", ".jpeg")


def image_refused(upload: Any) -> str | None:
    """Why this file cannot be a post's picture, in words for the person who chose it, or None."""
    name = str(getattr(upload, "name", "") or "")
    if posixpath.splitext(name.lower())[1] not in EXTENSIONS:
        return _("“%(name)s” is not a PNG or JPEG picture.") % {"name": name}
    return documents.upload_refused(upload)


def _help_text() -> str:
    return _("PNG or JPEG, at most %(limit)s MB.") % {"limit": documents.limit_label()}


class ImageField(forms.FileField):
    """A form's picture field: only what `image_refused` lets through, its message beside the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", lazy(_help_text, str)())
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(EXTENSIONS))
        self.widget.attrs.setdefault("class", "form-control")

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            refusal = image_refused(upload)
            if refusal:
                raise forms.ValidationError(refusal, code="image_refused")
        return upload
