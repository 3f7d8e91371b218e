"""The search: which entries match a query, how many of each kind, in what order.

A query's folded words (fold.query_words) must each start a word of the entry's folded title or
text, on every database. PostgreSQL also matches through its full-text search in the page's
language (the `italian` or `english` configuration, over the same folded text), so there
"pozzo" finds "Pozzi" too. Both scan the entries of the language: a word start inside a text
(`LIKE '% word%'`) has no index without the pg_trgm extension, and under the OR a GIN index on
the text vector would go unused; 6,000 entries (3,000 members) take about 10 ms. Matches are ranked:
the title equal to the query, then starting with it, then holding every word, then the rest; newer
first within each. The number of queries is fixed: one for the counts, one per group shown.
"""

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.safestring import SafeString

from cocopa.search import fold, kinds
from cocopa.search.models import SearchEntry

# PostgreSQL's text search configuration for each language of the site.
CONFIGS = {"it": "italian", "en": "english"}
GROUP_SIZE = 5  # results per group on the page of every group


@dataclass(frozen=True)
class Hit:
    title: SafeString  # escaped, the matches in <mark>
    snippet: SafeString
    url: str
    date: dt.date | None


@dataclass(frozen=True)
class Group:
    kind: kinds.Kind
    count: int
    hits: list[Hit]


def language_of(code: str | None) -> str:
    """The index's language for a page's language code ("en", "en-gb"…); Italian otherwise."""
    base = (code or "").split("-")[0]
    return base if base in CONFIGS else "it"


def matching(words: list[str], language: str, today: dt.date) -> QuerySet[SearchEntry]:
    """Entries in the language that match every word; meetings only until their day has passed."""
    rows = SearchEntry.objects.filter(language=language).exclude(kind="meetings", date__lt=today)
    prefix = reduce(and_, (Q(folded__contains=f" {word}") for word in words))
    if connection.vendor != "postgresql":
        return rows.filter(prefix)
    from django.contrib.postgres.search import SearchQuery, SearchVector

    config = CONFIGS[language]
    return rows.alias(document=SearchVector("folded", config=config)).filter(
        prefix | Q(document=SearchQuery(" ".join(words), config=config))
    )


def ranked(rows: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]:
    phrase = " " + " ".join(words)
    in_title = reduce(and_, (Q(title_folded__contains=f" {word}") for word in words))
    return rows.annotate(
        rank=Case(
            When(title_folded=phrase + " ", then=Value(0)),
            When(title_folded__startswith=phrase, then=Value(1)),
            When(in_title, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("rank", F("date").desc(nulls_last=True), "title", "pk")


def counts(rows: QuerySet[SearchEntry]) -> dict[str, int]:
    return dict(rows.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))


def hit(entry: SearchEntry, words: list[str]) -> Hit:
    text = entry.text
    return Hit(fold.highlight(entry.title, words), fold.snippet(text, words), entry.url, entry.date)


def groups(words: list[str], language: str, today: dt.date) -> list[Group]:
    """Every kind with a match, in kinds.KINDS' order: its count and its first GROUP_SIZE hits."""
    rows = matching(words, language, today)
    found = counts(rows)
    return [
        Group(
            kind,
            found[kind.key],
            [hit(e, words) for e in ranked(rows.filter(kind=kind.key), words)[:GROUP_SIZE]],
        )
        for kind in kinds.KINDS
        if found.get(kind.key)
    ]
