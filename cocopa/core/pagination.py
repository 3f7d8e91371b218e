"""The one pagination of the site: page numbers for the API (ninja) and for HTML lists (Django).

HTML: `pager()` over Django's Paginator, shown by templates/_pagination.html. A `?page=` that is
not a number gives the first page, one past the end the last (Paginator.get_page), so a stale
link still shows a list.

API: `?page=` (from 1) and `?page_size=` (50 when left out, at most 500), answering
`{"items": [...], "count": n}`. A page or page size that is not a whole number, or below 1, is the
API's usual 422 `invalid_input` naming the parameter; a page past the last one is empty. Pages are
bounded so an offset always fits the database's integers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from ninja import Field
from ninja.pagination import PageNumberPagination, paginate

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PageQuery(PageNumberPagination.Input):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int | None = Field(None, ge=1, description="Items per page: 50 when left out, at most 500.")


class Pages(PageNumberPagination):
    """Ninja's page numbers, with the bounds above."""

    Input = PageQuery


def paginated(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a list endpoint (under @router.get) to answer one page of what it returns."""
    decorated: Callable[..., Any] = paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)(func)
    return decorated


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None stands for an ellipsis
    query: str
    current: bool


@dataclass(frozen=True)
class Pager:
    """One page of an HTML list, with the links templates/_pagination.html shows."""

    page: Page[Any]
    links: list[PageLink]
    previous_query: str
    next_query: str


def pager(items: Any, number: str | None, *, size: int, query: Callable[[int], str]) -> Pager:
    """Page `number` of `items` (a list, queryset or CachedList); `query(n)` is the query string of page n (keeping the filters)."""
    page = Paginator(items, size).get_page(number)
    if page.paginator.num_pages < 2:
        return Pager(page, [], "", "")
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return Pager(
        page,
        [
            PageLink(n, query(n), n == page.number) if isinstance(n, int) else PageLink(None, "", False)
            for n in numbers
        ],
        query(page.number - 1) if page.has_previous() else "",
        query(page.number + 1) if page.has_next() else "",
    )
