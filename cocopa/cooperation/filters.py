"""The one reading of the initiative filters in a query string, for every place that takes them:
the list of initiatives, the map, the CSV/XLSX/GeoJSON files and the API's `/initiatives` and
`/places`. Each reads `parse(request.GET)`, so a query string selects the same initiatives
everywhere.

A value is *valid* when it names something that exists or could exist: a country code of ISO
3166 (Mali, even with no initiative there), a year between 1900 and 2100, an IATI status code, a
field, member or kind the registry holds. A valid value that matches nothing gives an empty
result; an invalid one is left out and reported as a `Problem` naming the parameter and the
value, for the page to show beside its filter, the files to refuse and the API to answer 422.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django_countries import countries

from cocopa.cooperation import queries
from cocopa.cooperation.models import InitiativeKind
from cocopa.members import queries as member_queries
from cocopa.network.models import FieldOfAction, FieldOfIntervention

# The query-string parameters, in the order pages and links write them.
NAMES = ("country", "action", "intervention", "member", "year", "status", "kind")

YEAR_MIN = 1900
YEAR_MAX = 2100
ID_MAX = 2_147_483_647  # the database's integer: a larger id is refused, never a server error
COUNTRY_PATTERN = r"^[A-Z]{2}$"
MEMBER_PATTERN = r"^[a-z0-9-]{1,30}$"
STATUS_PATTERN = r"^[1-6]$"
KIND_PATTERN = r"^[a-z0-9_-]{1,40}$"


@dataclass(frozen=True)
class Problem:
    """A filter that could not be applied: the parameter, the value as given, and why."""

    name: str
    value: str
    message: str


@dataclass(frozen=True)
class Parsed:
    filters: queries.Filters
    problems: dict[str, Problem] = field(default_factory=dict)


def _whole(raw: str, low: int, high: int) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and low <= int(raw) <= high else None


def _action(raw: str) -> tuple[Any, str]:
    pk = _whole(raw, 1, ID_MAX)
    if pk is None or not FieldOfAction.objects.filter(pk=pk).exists():
        return None, _("No field of action has the number “%(value)s”.")
    return pk, ""


def _intervention(raw: str) -> tuple[Any, str]:
    pk = _whole(raw, 1, ID_MAX)
    if pk is None or not FieldOfIntervention.objects.filter(pk=pk).exists():
        return None, _("No field of intervention has the number “%(value)s”.")
    return pk, ""


def _country(raw: str) -> tuple[Any, str]:
    # Case matters, as on the country pages: "ML", never "ml".
    if len(raw) != 2 or raw != raw.upper() or raw not in countries:
        return None, _("“%(value)s” is not a country code (two capital letters, as ML for Mali).")
    return raw, ""


def _member(raw: str) -> tuple[Any, str]:
    if len(raw) > 30 or not member_queries.by_slug(raw).exists():
        return None, _("No member authority has the code “%(value)s”.")
    return raw, ""


def _year(raw: str) -> tuple[Any, str]:
    year = _whole(raw, YEAR_MIN, YEAR_MAX)
    if year is None:
        return None, _("“%(value)s” is not a year between %(low)s and %(high)s.")
    return year, ""


def _status(raw: str) -> tuple[Any, str]:
    if raw not in queries.STATUS_LABELS:
        return None, _("“%(value)s” is not a status code (1 to 6).")
    return raw, ""


def _kind(raw: str) -> tuple[Any, str]:
    if len(raw) > 40 or not InitiativeKind.objects.filter(key=raw).exists():
        return None, _("No kind of initiative is called “%(value)s”.")
    return raw, ""


_READERS: dict[str, Callable[[str], tuple[Any, str]]] = {
    "country": _country,
    "action": _action,
    "intervention": _intervention,
    "member": _member,
    "year": _year,
    "status": _status,
    "kind": _kind,
}


def parse(params: Mapping[str, Any]) -> Parsed:
    """The filters a query string gives (a QueryDict's last value of each parameter), the
    invalid ones left out and reported. An empty parameter means any."""
    given: dict[str, Any] = {}
    problems: dict[str, Problem] = {}
    for name in NAMES:
        raw = str(params.get(name) or "").strip()
        if not raw:
            continue
        value, message = _READERS[name](raw)
        if message:
            shown = raw[:60]
            problems[name] = Problem(
                name, shown, message % {"value": shown, "low": YEAR_MIN, "high": YEAR_MAX}
            )
        else:
            given[name] = value
    return Parsed(queries.Filters(**given), problems)


def query(filters: queries.Filters, **extra: Any) -> str:
    """The query string ("?country=ML&year=2001", or "") that selects `filters`, plus `extra`
    (a page number) where given."""
    pairs = [(name, getattr(filters, name)) for name in NAMES] + list(extra.items())
    kept = [(name, str(value)) for name, value in pairs if value is not None and value != ""]
    return "?" + urlencode(kept) if kept else ""
