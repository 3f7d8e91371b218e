"""The fields of the office's record forms that link a record to members, initiatives, countries
and documents of the library (events, peace education, campaigns, city diplomacy): one list of
each, with the shape of core.formfields.choose_many, so every form offers the same rows in the
same order with the same help.

They live here, on the lowest floor that knows all four (members, cooperation and the library
itself: docs/decisions/0008); the forms above import them. Each form still names its field in its
own words ("Member parties", "Members taking part").
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django_countries import countries as all_countries

from cocopa.cooperation import queries as cooperation_queries
from cocopa.cooperation.models import Initiative
from cocopa.core.formfields import choose_many
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority


def members_offered() -> QuerySet[LocalAuthority]:
    """Authorities that have been members, not the whole ISTAT list the registry may hold."""
    return LocalAuthority.objects.filter(memberships__isnull=False).distinct().order_by("name")


def own_initiatives() -> QuerySet[Initiative]:
    """The network's own initiatives (not those only imported from others' IATI files), by title."""
    return Initiative.objects.own().order_by("title")


def library_documents() -> QuerySet[Document]:
    return Document.objects.order_by("title")


def country_choices() -> list[tuple[str, str]]:
    """Every country by its code, named in the request's language as the cooperation pages name it."""
    return [(code, cooperation_queries.country_name(code)) for code, _name in all_countries]


def members(label: Any, *, checkboxes: bool = False) -> forms.Field:
    return choose_many(label, queryset=members_offered(), checkboxes=checkboxes)


def initiatives(label: Any, *, checkboxes: bool = False) -> forms.Field:
    return choose_many(label, queryset=own_initiatives(), checkboxes=checkboxes)


def documents(label: Any, *, checkboxes: bool = False) -> forms.Field:
    return choose_many(label, queryset=library_documents(), checkboxes=checkboxes)


def countries(label: Any) -> forms.Field:
    return choose_many(label, choices=country_choices)
