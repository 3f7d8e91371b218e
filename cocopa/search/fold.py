"""Text as the search compares it, and the snippet that shows where it matched. Pure: no ORM.

Folding happens in Python, before storing and before querying, the same on SQLite and
PostgreSQL: lower case without accents (core.folding), every run of
characters that are not letters or digits one space. A folded text starts and ends with a space,
so " citta" finds a word starting with "citta" by a plain substring test: `citta` finds "Città",
`aglie` finds "Agliè", `sant ambrogio` and `sant'ambrogio` find "Sant’Ambrogio".
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cocopa.core.folding import unaccented

# Longest query the page reads (characters), and most words it looks for.
MAX_QUERY = 100
MAX_WORDS = 8
SNIPPET = 220  # characters of text around the first match


def _fold_char(char: str) -> str:
    return "".join(c if c.isalnum() else " " for c in unaccented(char)) or " "


def fold(text: str) -> str:
    """ " words like this " — lower case, no accents, no punctuation, one space between words."""
    return " " + " ".join("".join(_fold_char(c) for c in text).split()) + " "


def query_words(query: str) -> list[str]:
    """The folded words of a query, at most MAX_WORDS, without repeats. One-letter words ("l'"
    of "l'arte") are left out when longer ones remain: alone they would match almost anything."""
    words = list(dict.fromkeys(fold(query[:MAX_QUERY]).split()))
    longer = [w for w in words if len(w) > 1]
    return (longer or words)[:MAX_WORDS]


def is_too_short(words: Sequence[str]) -> bool:
    return not words or max(len(w) for w in words) < 2


def _spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) in the original text of every word starting with one of the words."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for f in _fold_char(char):
            folded.append(f)
            origin.append(i)
    flat = "".join(folded)
    spans = []
    for word in words:
        start = flat.find(word)
        while start != -1:
            if start == 0 or flat[start - 1] == " ":
                end = start + len(word) - 1
                spans.append((origin[start], origin[end] + 1))
            start = flat.find(word, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: Sequence[str]) -> SafeString:
    """The text escaped, each match in <mark>."""
    return _marked(text, _spans(text, words), 0, len(text))


def snippet(text: str, words: Sequence[str], length: int = SNIPPET) -> SafeString:
    """About `length` characters of the text around its first match (its start when nothing in it
    matches), escaped, matches in <mark>, an ellipsis where it was cut."""
    text = " ".join(text.split())
    spans = _spans(text, words)
    start = max(0, spans[0][0] - length // 4) if spans else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return _marked(text, spans, start, end)


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> SafeString:
    parts = ["…" if start else ""]
    at = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        parts += [escape(text[at:s]), "<mark>", escape(text[s:e]), "</mark>"]
        at = e
    parts.append(escape(text[at:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)
