"""Form fields every app's forms share.

- `choose_many`: the one shape of a field choosing several things (the members, initiatives,
  countries, documents a record links): ticked boxes, or a list of a few lines that says how to
  choose more than one. The lists themselves (which members, which initiatives …) are named by
  the apps that own them (cocopa/library/linkfields.py for the office's record forms): core knows
  no app.
- `BoundedJSONField`: JSON with the API's bound on nesting (core/json_body.py). Django's
  forms.JSONField catches only JSONDecodeError: a few thousand nested brackets typed into an admin
  JSON field (a fee schedule's class amounts) raised RecursionError and answered 500. Every admin
  JSON field is this one (core/apps.py), so the same text gets a message on the field.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy as _

from cocopa.core import json_body

HOLD_CTRL = _("Hold Ctrl (⌘ on a Mac) to choose more than one.")


def choose_many(
    label: Any,
    *,
    queryset: "QuerySet[Any] | None" = None,
    choices: "Callable[[], Iterable[tuple[str, Any]]] | None" = None,
    checkboxes: bool = False,
    size: int = 6,
    help_text: Any = None,
) -> forms.Field:
    """An optional field choosing several rows of `queryset` (or values of `choices`, a callable
    read in the language of each request): ticked boxes, or a list of `size` lines whose help
    says how to choose more than one (unless `help_text` says something else)."""
    widget: forms.Widget
    if checkboxes:
        widget, shown_help = forms.CheckboxSelectMultiple(), help_text or ""
    else:
        widget, shown_help = forms.SelectMultiple(attrs={"size": size}), help_text or HOLD_CTRL
    if queryset is not None:
        return forms.ModelMultipleChoiceField(
            label=label, queryset=queryset, required=False, widget=widget, help_text=shown_help
        )
    return forms.MultipleChoiceField(
        label=label, choices=choices or (), required=False, widget=widget, help_text=shown_help
    )


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
