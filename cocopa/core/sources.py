"""The sources a page cites, as numbered notes: each reference in the text
(templates/_source_ref.html) is a superscript number linking to its note in the list at the foot
of the page (templates/_sources.html), the way a reader of a newspaper or a book expects.

Numbers follow the order in which the reader meets the references; the same source cited twice
on a page keeps its number. A source the view lists but the text never cites still gets a note,
after the others. The internal code (S15, SEED) stays in the database and the back office."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cocopa.core.dates import parse_partial, written_partial
from cocopa.core.models import Source


@dataclass(frozen=True)
class Citation:
    """One reference in the text: the note's number, and whether it is the first reference to
    it (the note links back to that one)."""

    number: int
    first: bool


@dataclass(frozen=True)
class Note:
    """One note at the foot: its number, its source, and whether the text refers to it (then
    the note links back to the first reference)."""

    number: int
    source: Source
    cited: bool


class Notes:
    """The numbered notes of one page, filled in as the template renders its references."""

    def __init__(self, listed: Iterable[Source]) -> None:
        self._listed = list(listed)
        self._numbers: dict[int, int] = {}
        self._order: list[Source] = []
        self._in_text: set[int] = set()

    def cite(self, source: Source) -> Citation:
        """The number of a reference in the text: a new one for a source met for the first time."""
        number = self._number(source)
        first = number not in self._in_text
        self._in_text.add(number)
        return Citation(number, first)

    def notes(self) -> list[Note]:
        """Every note in number order; the sources never cited in the text come last."""
        for source in self._listed:
            self._number(source)
        return [Note(n, s, n in self._in_text) for n, s in enumerate(self._order, start=1)]

    def _number(self, source: Source) -> int:
        if source.pk not in self._numbers:
            self._order.append(source)
            self._numbers[source.pk] = len(self._order)
        return self._numbers[source.pk]

    def listed(self, code: str) -> Source | None:
        """The page's listed source with this code, if the view listed it."""
        return next((s for s in self._listed if s.code == code), None)

    def __iter__(self) -> Iterator[Source]:
        return iter(self._listed)

    def __len__(self) -> int:
        return len(self._listed)

    def __bool__(self) -> bool:
        return bool(self._listed or self._order)


# Research notes name their sources by code inside recorded texts: "… (S07)", "(S08, about 2007-2011)".
KEYS_IN_TEXT = re.compile(r"\s?\(((?:S\d+|SEED|GEONAMES)(?:,\s*(?:S\d+|SEED|GEONAMES))*)(?:,\s*([^)]*))?\)")


def codes_in(*texts: str | None) -> set[str]:
    """The source codes the texts name in brackets."""
    return {c.strip() for text in texts for m in KEYS_IN_TEXT.finditer(text or "") for c in m[1].split(",")}


def named_in(*texts: str | None) -> list[Source]:
    """The sources the texts name by code, for a view to list with its page's notes. Always one
    query, whether or not a text names any: a page's query count does not depend on its texts."""
    codes = sorted(codes_in(*texts)) or [""]  # "" is no source's code: the query still runs
    return list(Source.objects.filter(code__in=codes))


def cited(*groups: Iterable[Source | None]) -> Notes:
    """The distinct sources of the groups, by code: the notes at the foot of a page."""
    found = {s.code: s for group in groups for s in group if s is not None}
    return Notes(found[code] for code in sorted(found))


def written_published(value: str) -> str:
    """The date a source gives, for people: "2026-02-09" → "9 febbraio 2026", "2017-02" →
    "febbraio 2017"; anything else ("undated (2015 or later)") as recorded."""
    try:
        day, precision = parse_partial(value)
    except ValueError:
        return value
    return written_partial(day, precision)
