"""JSON form fields with the API's bound on nesting (core/json_body.py).

Django's forms.JSONField catches only JSONDecodeError: a few thousand nested brackets typed into an
admin JSON field (a fee schedule's class amounts) raised RecursionError and answered 500. Every
admin JSON field is this one (core/apps.py), so the same text gets a message on the field.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput

from cocopa.core import json_body


class BoundedJSONField(forms.JSONField):
    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value not in self.empty_values and not self.disabled:
            try:
                json_body.loads(value)
            except json_body.JsonBodyError as err:
                raise ValidationError(err.message, code=err.code) from None
        return super().to_python(value)

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except RecursionError:  # shown back as typed, with to_python's message beside it
            return InvalidJSONInput(data)
