"""Reads of the documents library: what a user may see, the public list's filters, and the search
the site-wide search calls (`search(q, user=…, language=…)`).

Every list starts from `visible_documents(user)`, the queryset form of `library.view_document`
(permissions.py): one definition of who reads a restricted document, asked in SQL here.
"""

from dataclasses import dataclass
from typing import cast

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cocopa.core.roles import UserLike, active, is_administrative_office, is_peace_office
from cocopa.governance.models import Body, Designation, Mandate, in_force
from cocopa.library.models import Document, Version
from cocopa.members.queries import folded


def visible_documents(user: UserLike) -> QuerySet[Document]:
    """The documents `user.has_perm("library.view_document", doc)` allows, as one queryset."""
    documents = Document.objects.all()
    if is_peace_office(user) or is_administrative_office(user):
        return documents
    allowed = Q(visibility=Document.Visibility.PUBLIC)
    if active(user):
        today = timezone.localdate()
        user_id = cast(int, user.pk)
        seats = Mandate.objects.filter(in_force(today), person__user_id=user_id).values("body_id")
        allowed |= Q(visibility=Document.Visibility.RESTRICTED, body_id__in=seats)
        if Designation.objects.filter(in_force(today), person__user_id=user_id).exists():
            allowed |= Q(visibility=Document.Visibility.RESTRICTED, body__kind=Body.Kind.ASSEMBLY)
    return documents.filter(allowed)


def _for_lists(documents: QuerySet[Document]) -> QuerySet[Document]:
    """With what a list shows: body and member joined, the versions (latest first) prefetched."""
    return documents.select_related("body", "member").prefetch_related(
        Prefetch("versions", queryset=Version.objects.order_by("-number"))
    )


def search(q: str, *, user: UserLike, language: str) -> QuerySet[Document]:
    """The documents `user` may see whose title or description (either language) holds `q`,
    without regard to case or accents; those written in `language` first, then latest first.
    An empty `q` finds nothing. For the site-wide search."""
    wanted = folded(" ".join(q.split()))
    if not wanted:
        return Document.objects.none()
    found = visible_documents(user).filter(search_text__contains=wanted)
    return (
        _for_lists(found)
        .annotate(
            in_language=Case(
                When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("in_language", F("date").desc(nulls_last=True), "-pk")
    )


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    body: str = ""  # a body's key
    year: int | None = None
    language: str = ""
    q: str = ""


def documents(user: UserLike, filters: Filters) -> QuerySet[Document]:
    """The public list: what `user` may see, narrowed by the filters, latest first."""
    found = visible_documents(user)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.body:
        found = found.filter(body__key=filters.body)
    if filters.year is not None:
        found = found.filter(date__year=filters.year)
    if filters.language:
        found = found.filter(language=filters.language)
    wanted = folded(" ".join(filters.q.split()))
    if wanted:
        found = found.filter(search_text__contains=wanted)
    return _for_lists(found)


def bodies_with_documents(user: UserLike) -> QuerySet[Body]:
    """The bodies the filter offers: those with a document the user may see."""
    return Body.objects.filter(pk__in=visible_documents(user).values("body_id")).order_by("order", "pk")


def years_with_documents(user: UserLike) -> list[int]:
    """The years the filter offers, latest first: those of a dated document the user may see."""
    years = (
        visible_documents(user)
        .filter(date__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [int(y) for y in years]


def document_with_versions(pk: int) -> Document | None:
    return (
        _for_lists(Document.objects.select_related("meeting", "resolution__body", "source"))
        .filter(pk=pk)
        .first()
    )
