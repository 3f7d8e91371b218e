"""The one pagination of the site: page numbers for the API (ninja) and for HTML lists (Django).

API: `?page=` (from 1) and `?page_size=` (50 when left out, at most 500), answering
`{"items": [...], "count": n}`. A page or page size that is not a whole number, or below 1, is the
API's usual 422 `invalid_input` naming the parameter; a page past the last one is empty. Pages are
bounded so an offset always fits the database's integers.
"""

from collections.abc import Callable
from typing import Any

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
