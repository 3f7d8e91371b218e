"""Names refuse control characters and bidirectional-text controls.

A name is shown in lists, PDFs, exports and e-mails. A control character breaks those files or
hides text; a bidi override (U+202E) makes a name read otherwise than it is stored ("Comune di
‮oniroT" shows as "Comune di Torino" reversed), so a forged name can pass for another. Letters of
any script, spaces, apostrophes and the joiners some scripts need (U+200C, U+200D) are kept.
"""

import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cocopa.core.errors import DomainError

# Embeddings, overrides, isolates and marks of the Unicode bidirectional algorithm.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_characters(text: str) -> list[str]:
    """The refused characters of the text as U+XXXX, each once, in order of appearance."""
    found = [
        char for char in text if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in BIDI_CONTROLS
    ]
    return [f"U+{ord(char):04X}" for char in dict.fromkeys(found)]


def problem(text: str) -> str:
    """'' for an acceptable name, else what is wrong (untranslated, for import reports)."""
    bad = unsafe_characters(text)
    return f"contains control or text-direction characters ({', '.join(bad)})" if bad else ""


def _message(bad: list[str]) -> str:
    return _("A name cannot contain control or text-direction characters (%(characters)s).") % {
        "characters": ", ".join(bad)
    }


def validate_name(value: Any) -> None:
    """A Django validator for form fields holding a name."""
    if isinstance(value, str) and (bad := unsafe_characters(value)):
        raise ValidationError(_message(bad), code="unsafe_characters")


def require_safe_name(value: str) -> None:
    """For services: a DomainError with a stable code, as services raise."""
    if bad := unsafe_characters(value):
        raise DomainError("name_unsafe_characters", _message(bad))


class SafeNamesForm(forms.ModelForm):  # type: ignore[type-arg]
    """An admin form whose `name` field, in every language, takes validate_name."""

    name_fields: tuple[str, ...] = ("name",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = {f"{n}_{code}" for n in self.name_fields for code, _l in settings.LANGUAGES}
        wanted |= set(self.name_fields)
        for field_name, field in self.fields.items():
            if field_name in wanted:
                field.validators.append(validate_name)
