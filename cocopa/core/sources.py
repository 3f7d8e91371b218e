"""The sources a page cites, gathered for templates/_sources.html (each figure's marker,
templates/_source_ref.html, links to its entry there)."""

from collections.abc import Iterable

from cocopa.core.models import Source


def cited(*groups: Iterable[Source | None]) -> list[Source]:
    """The distinct sources of the groups, by code: the list at the foot of a page."""
    found = {s.code: s for group in groups for s in group if s is not None}
    return [found[code] for code in sorted(found)]
