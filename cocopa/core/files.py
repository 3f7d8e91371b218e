"""The model field of uploaded documents: a FileField whose `url` is the download view that checks
the reader's right (cocopa/core/documents.py), never a media URL. Kept apart from documents.py so
models import nothing of auth's views."""

from typing import Any

from django import forms
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse


class ProtectedFieldFile(FieldFile):
    """A stored document whose `url` is the view that checks the reader's right, so every link
    (templates, the admin's file widget and read-only display) goes through it."""

    @property
    def url(self) -> str:
        self._require_file()  # type: ignore[attr-defined]
        view_name = getattr(self.field, "view_name", "")
        if not view_name or self.instance.pk is None:
            raise ValueError(f"{self.field} has no download view for an unsaved row")
        return reverse(view_name, args=[self.instance.pk])


class ProtectedFileField(models.FileField):
    """A FileField served only by `view_name` (a URL name taking the row's pk), never by a
    media URL. `view_name` is not stored in migrations: it says nothing about the database."""

    attr_class = ProtectedFieldFile

    def __init__(self, *args: Any, view_name: str = "", **kwargs: Any) -> None:
        self.view_name = view_name
        super().__init__(*args, **kwargs)

    def formfield(
        self,
        form_class: "type[forms.Field] | None" = None,
        choices_form_class: "type[forms.ChoiceField] | None" = None,
        **kwargs: Any,
    ) -> "forms.Field | None":
        """Model forms (the back office) take only what the office pages take (DocumentField)."""
        from cocopa.core.documents import DocumentField  # auth's views: not at model import

        return super().formfield(
            form_class=form_class or DocumentField, choices_form_class=choices_form_class, **kwargs
        )
