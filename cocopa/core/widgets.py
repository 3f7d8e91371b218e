"""Date inputs of the browser's own kind. An <input type="date"> takes only ISO dates
(YYYY-MM-DD): Django's default rendering follows the language (06/12/2026 in Italian), which the
browser discards, so a form sent back with an error lost its date."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
