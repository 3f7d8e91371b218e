"""The public search page: /search/?q=… (Italian), /en/search/?q=… (English)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from cocopa.core import pagination
from cocopa.search import fold, kinds, queries

PAGE_SIZE = 20  # results per page when one group is shown whole


def _query(q: str, kind: str = "", page: int | None = None) -> str:
    params = {"q": q, "kind": kind, "page": page or ""}
    return "?" + urlencode({k: v for k, v in params.items() if v})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q = " ".join(request.GET.get("q", "")[: fold.MAX_QUERY].split())
    kind = kinds.KIND.get(request.GET.get("kind", ""))
    words = fold.query_words(q)
    context: dict[str, object] = {"section": "search", "q": q, "kind": kind, "all_query": _query(q)}
    if not q or fold.is_too_short(words):
        return render(request, "search/search.html", {**context, "problem": "empty" if not q else "short"})
    language = queries.language_of(translation.get_language())
    today = timezone.localdate()
    if kind is None:
        groups = queries.groups(words, language, today)
        return render(
            request,
            "search/search.html",
            {**context, "groups": _with_more(q, groups), "total": sum(g.count for g in groups)},
        )
    rows = queries.ranked(queries.matching(words, language, today).filter(kind=kind.key), words)
    pages = pagination.pager(
        rows, request.GET.get("page"), size=PAGE_SIZE, query=lambda n: _query(q, kind.key, n)
    )
    hits = [queries.hit(entry, words) for entry in pages.page]
    return render(
        request,
        "search/search.html",
        {
            **context,
            "groups": [(queries.Group(kind, pages.page.paginator.count, hits), "")] if hits else [],
            "total": pages.page.paginator.count,
            "pager": pages,
        },
    )


def _with_more(q: str, groups: list[queries.Group]) -> list[tuple[queries.Group, str]]:
    """Each group, with the address of all its hits when it shows only the first ones."""
    return [(g, _query(q, g.kind.key) if g.count > len(g.hits) else "") for g in groups]
