"""What the IATI export reads of the registry, as small immutable records (STYLE §12).

`read()` streams the initiatives by identifier, `CHUNK_SIZE` at a time, with one `values_list`
query per related table and chunk (a fixed number of queries per chunk, memory flat whatever the
number of initiatives). It builds no model instance: the ORM's prefetch machinery (a related
manager, a queryset and its clones per instance and relation) cost five sixths of the export's
time, more than reading the rows and writing the XML together.

`from_model()` gives the same record for an Initiative instance prefetched as
queries.initiatives_for_export does (without the prefetches: a query per relation, and related
initiatives in the model's ordering), so the writer and the checks also accept instances (tests,
a single initiative at hand). Both follow the same orderings, the models' own: recipients,
places, documents, results and indicators by id; participations by role then id; budgets and
indicator periods by start, transactions by date, then by id (the reader breaks ties the models
leave to the database); fields by their order then id, their sector codes by id; related
initiatives by identifier.

Another publisher's activity is marked `held` (the writer then adds none of the network's
defaults), and an organisation is read as each mention of it named it (`as_published`).

Translated texts are read from their language columns by name (`title_it`, `title_en` …):
modeltranslation would rewrite a plain `title` into the active language's column.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import cache
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet, TextField
from django.db.models.functions import Cast

from cocopa.cooperation import models

# What the reader reads of an organisation.
ORG_FIELDS = ("ref", "type", "name", "name_lang", "names")

# Initiatives read (with their related rows) at a time: what the export's memory peak is made of.
CHUNK_SIZE = 200
# The related tables read per chunk, one values_list query each (tests count them).
QUERIES_PER_CHUNK = 16

Texts = tuple[tuple[str, str], ...]  # (language, text): the columns', Italian first, then the others
Names = tuple[tuple[str, str], ...]  # (language, name) of a name's other languages


@cache
def languages() -> tuple[str, ...]:
    """The site's languages, Italian first: the columns narratives are written from."""
    return tuple(code for code, _name in settings.LANGUAGES)


@cache
def _columns(field: str) -> tuple[tuple[str, str], ...]:
    return tuple((lang, f"{field}_{lang}") for lang in languages())


def texts(obj: Model, field: str) -> list[tuple[str, str]]:
    """(language, text) for every filled translation column of `field` of a model instance, then
    its narratives in other languages (see _filled)."""
    return list(
        _filled([getattr(obj, column, None) for _lang, column in _columns(field)], _others(obj, field))
    )


def _others(obj: Model, field: str) -> Any:
    return (getattr(obj, "narratives", None) or {}).get(field)


def _filled(values: Sequence[str | None], others: Sequence[Sequence[str]] | None = None) -> Texts:
    """The filled ones of a row's translation columns (in languages() order), with their language,
    then the narratives the row keeps in other languages (`narratives[field]`, as published).

    An import that found no Italian or English text shows the first other one in the Italian
    column; that entry carries the text shown as a third item, and a column still holding exactly
    that (the display copy, not an Italian text) is not written again as Italian.
    """
    shown = "\n\n".join(str(o[2]) for o in others or () if len(o) > 2)
    found = [
        (lang, text)
        for lang, text in zip(languages(), values, strict=True)
        if text and not text.isspace() and text != shown
    ]
    found += [(str(o[0]), str(o[1])) for o in others or () if str(o[1]).strip()]
    return tuple(found)


def _names(names: Sequence[Sequence[str]] | None) -> Names:
    return tuple((str(n[0]), str(n[1])) for n in names or () if str(n[1]).strip())


names_of = _names  # [language, name] pairs as stored (a JSON column), as the writer takes them


HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def equal_split(n: int) -> list[Decimal]:
    """n shares in hundredths summing exactly to 100: the first ones get the spare cents."""
    if n <= 0:
        return []
    base = (HUNDRED / n).quantize(CENT, rounding=ROUND_DOWN)
    spare = int((HUNDRED - base * n) / CENT)
    return [base + CENT if i < spare else base for i in range(n)]


# ---------------------------------------------------------------- the records


@dataclass(frozen=True, slots=True)
class Org:
    ref: str
    type: str
    name: str
    name_lang: str = ""  # empty: the language is not known (none is claimed)
    names: Names = ()


def as_published(org: Org, said: Any) -> Org:
    """The organisation as one mention of it says it.

    Organisations are shared by ref (or name): a participation, transaction or planned
    disbursement of another publisher's activity keeps in `as_published` what its file said where
    that differs from the shared record (`names`: every narrative as [language, name] in the
    file's order, none included; `type`, "" when it gave none), and is written back from there."""
    if not said:
        return org
    type_ = str(said["type"]) if "type" in said else org.type
    if "names" not in said:
        return Org(org.ref, type_, org.name, org.name_lang, org.names)
    given = _names(said["names"])
    name_lang, name = given[0] if given else ("", "")
    return Org(org.ref, type_, name, name_lang, given[1:])


@dataclass(frozen=True, slots=True)
class ParticipatingOrg:
    role: str
    organisation: Org


@dataclass(frozen=True, slots=True)
class RecipientCountry:
    code: str
    percentage: Decimal | None


@dataclass(frozen=True, slots=True)
class RecipientRegion:
    code: str
    vocabulary: str
    percentage: Decimal | None


@dataclass(frozen=True, slots=True)
class Sector:
    vocabulary: str
    code: str
    percentage: Decimal | None
    vocabulary_uri: str = ""
    name: str = ""
    name_lang: str = ""


def mapped_sectors(codes: Iterable[str]) -> tuple[Sector, ...]:
    """The software default when an initiative has no sectors of its own: the DAC codes of its
    fields (see sector_codes), in equal shares."""
    unique = list(dict.fromkeys(codes))
    return tuple(
        Sector("1", code, share) for code, share in zip(unique, equal_split(len(unique)), strict=True)
    )


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    latitude: Decimal | None
    longitude: Decimal | None
    exactness: str
    name_lang: str = ""
    names: Names = ()
    details: "LocationDetails | None" = None


@dataclass(frozen=True, slots=True)
class LocationDetails:
    """What an IATI file says of a place beyond its name, point and exactness."""

    ref: str
    reach: str
    location_class: str
    feature_designation: str
    location_ids: "Coded"
    administrative: "Coded"
    description: Texts
    activity_description: Texts


# The Place columns of LocationDetails, in the reader's order.
PLACE_DETAILS = (
    "ref",
    "reach",
    "location_class",
    "feature_designation",
    "location_ids",
    "administrative",
    "narratives",
)


def location_details(values: Sequence[Any]) -> "LocationDetails | None":
    ref, reach, location_class, feature, ids, areas, texts_ = values
    ids, areas, texts_ = _json(ids), _json(areas), _json(texts_)
    if not (ref or reach or location_class or feature or ids or areas or texts_):
        return None
    texts_ = texts_ or {}
    return LocationDetails(
        ref,
        reach,
        location_class,
        feature,
        _coded(ids),
        _coded(areas),
        _names(texts_.get("description")),
        _names(texts_.get("activity-description")),
    )


@dataclass(frozen=True, slots=True)
class Budget:
    type: str
    status: str
    period_start: dt.date
    period_end: dt.date
    value_date: dt.date | None
    value: Decimal
    currency: str = ""  # empty: the activity's default


@dataclass(frozen=True, slots=True)
class Transaction:
    reference: str
    type: str
    date: dt.date
    value_date: dt.date | None
    value: Decimal
    description: Texts
    provider: Org | None
    receiver: Org | None
    currency: str = ""  # empty: the activity's default


@dataclass(frozen=True, slots=True)
class DocumentLink:
    url: str
    format: str
    title: Texts
    category: str
    language: str
    published_on: dt.date | None


@dataclass(frozen=True, slots=True)
class Measure:
    """A baseline, target or actual as an IATI file gives it (Indicator.baselines,
    IndicatorPeriod.targets and .actuals): when stored, they win over the single-value fields."""

    value: str
    year: str
    iso_date: str
    dimensions: tuple[tuple[str, str], ...]
    comment: Texts


def measures(rows: Any) -> tuple[Measure, ...]:
    return tuple(
        Measure(
            str(m.get("value") or ""),
            str(m.get("year") or ""),
            str(m.get("iso_date") or ""),
            tuple((str(d[0]), str(d[1])) for d in m.get("dimensions") or ()),
            _names(m.get("comment")),
        )
        for m in rows or ()
    )


@dataclass(frozen=True, slots=True)
class Period:
    period_start: dt.date
    period_end: dt.date
    target: Decimal | None
    actual: Decimal | None
    targets: tuple[Measure, ...] = ()
    actuals: tuple[Measure, ...] = ()


@dataclass(frozen=True, slots=True)
class Indicator:
    measure: str
    ascending: bool
    title: Texts
    baseline_year: int | None
    baseline_value: Decimal | None
    periods: tuple[Period, ...]
    baselines: tuple[Measure, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    type: str
    title: Texts
    description: Texts
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Activity:
    """One initiative as the IATI writer and the pre-export checks read it."""

    identifier: str
    status: str
    planned_start: dt.date | None
    actual_start: dt.date | None
    planned_end: dt.date | None
    actual_end: dt.date | None
    title: Texts
    description: Texts
    participations: tuple[ParticipatingOrg, ...]
    countries: tuple[RecipientCountry, ...]
    regions: tuple[RecipientRegion, ...]
    places: tuple[Location, ...]
    sectors: tuple[Sector, ...]  # its own, or the default from its fields (mapped_sectors)
    budgets: tuple[Budget, ...]
    transactions: tuple[Transaction, ...]
    documents: tuple[DocumentLink, ...]
    related: tuple[str, ...]  # identifiers of the related initiatives
    results: tuple[Result, ...]
    # As published, for another publisher's activity (or an own one whose case or prefix differ);
    # empty when it is the reporting organisation's followed by `identifier`.
    iati_identifier: str = ""
    # Of each related initiative, in `related`'s order: its identifier as published, "" when it is
    # the reporting organisation's followed by its slug (another publisher's keeps its own).
    related_published: tuple[str, ...] = ()
    sectors_from_fields: bool = False  # True when `sectors` is the default from the fields
    default_currency: str = ""  # empty: EUR, the software default
    extras: "Extras | None" = None  # what IATI carries beyond the registry's own fields
    related_activities: tuple[tuple[str, str], ...] = ()  # (ref, type) as a file gave them
    planned_disbursements: "tuple[PlannedDisbursement, ...]" = ()
    # Another publisher's activity, written as it came: its recipient shares and default
    # currency as stored (absent stays absent), none of the network's defaults.
    held: bool = False


@dataclass(frozen=True, slots=True)
class PlannedDisbursement:
    type: str
    period_start: dt.date
    period_end: dt.date | None
    value: Decimal
    currency: str
    value_date: dt.date | None
    provider: Org | None
    receiver: Org | None


# The Initiative columns of Extras, in its order.
EXTRA_FIELDS = (
    "humanitarian",
    "hierarchy",
    "scope",
    "collaboration_type",
    "default_flow_type",
    "default_finance_type",
    "default_tied_status",
    "default_aid_types",
    "humanitarian_scopes",
    "policy_markers",
    "tags",
)
Coded = tuple[tuple[str, ...], ...]  # rows of codes and attributes, as the publisher gave them


@dataclass(frozen=True, slots=True)
class Extras:
    humanitarian: bool | None
    hierarchy: int | None
    scope: str
    collaboration_type: str
    default_flow_type: str
    default_finance_type: str
    default_tied_status: str
    default_aid_types: Coded
    humanitarian_scopes: Coded
    policy_markers: Coded
    tags: Coded


def _coded(rows: Any) -> Coded:
    return tuple(tuple(str(v) for v in row) for row in rows or ())


def extras(values: Sequence[Any]) -> Extras | None:
    """The Extras of an initiative's EXTRA_FIELDS values; None when none is given (the demo's)."""
    flags, codes, lists = values[:2], values[2:7], [_json(v) for v in values[7:]]
    if all(v is None for v in flags) and not any(codes) and not any(lists):
        return None
    return Extras(*flags, *(c or "" for c in codes), *(_coded(v) for v in lists))


# ---------------------------------------------------------------- from the database, in chunks


def read(
    initiatives: "QuerySet[models.Initiative] | None" = None, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[Activity]:
    """Every initiative of `initiatives` (default: the network's own) as an Activity, by identifier.

    One query for the initiatives (fetched chunk by chunk) and QUERIES_PER_CHUNK for their
    related rows per chunk of `chunk_size`."""
    qs = models.Initiative.objects.own() if initiatives is None else initiatives
    rows = (
        qs.order_by("identifier")
        .values_list(
            *_cols(
                "pk",
                "identifier",
                "iati_identifier",
                "publisher_id",
                "status",
                "planned_start",
                "actual_start",
                "planned_end",
                "actual_end",
                "default_currency",
                "narratives",
                *EXTRA_FIELDS,
                *(column for _lang, column in _columns("title")),
                *(column for _lang, column in _columns("description")),
            )
        )
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(islice(rows, chunk_size)):
        yield from _chunk(chunk)


# JSON columns, read as text and decoded only when not empty: most rows hold [] or {}, and
# decoding every one through the field (JSONField.from_db_value) cost a tenth of the export.
_JSON_FIELDS = frozenset(
    {
        "narratives",
        "names",
        "baselines",
        "targets",
        "actuals",
        "location_ids",
        "administrative",
        "default_aid_types",
        "humanitarian_scopes",
        "policy_markers",
        "tags",
        "as_published",
        "provider_as_published",
        "receiver_as_published",
    }
)


def _cols(*names: Any) -> list[Any]:
    """values_list arguments: JSON columns cast to text (see _json), the others as they are."""
    return [
        Cast(name, output_field=TextField())
        if isinstance(name, str) and name.rsplit("__", 1)[-1] in _JSON_FIELDS
        else name
        for name in names
    ]


def _json(value: Any) -> Any:
    """A JSON column's value: decoded from the text _cols read (None for empty), or as it is."""
    if isinstance(value, str):
        return None if value in ("", "[]", "{}") else json.loads(value)
    return value


def _grouped(rows: Iterable[tuple[Any, ...]]) -> Mapping[int, Sequence[tuple[Any, ...]]]:
    """Rows by their first column (the initiative, result or indicator id), the rest of each kept."""
    groups: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row[1:])
    return groups


_NONE: tuple[()] = ()


def _chunk(chunk: list[tuple[Any, ...]]) -> Iterator[Activity]:
    # A list of ids, not a subquery over the caller's queryset: the plan of a subquery depends on
    # that queryset (one with a LIMIT inside took minutes on PostgreSQL, for each table of a chunk).
    ids = [row[0] for row in chunk]
    n = len(languages())

    def cols(field: str, path: str = "") -> list[str]:
        return [f"{path}{column}" for _lang, column in _columns(field)]

    participations = _grouped(
        models.Participation.objects.filter(initiative__in=ids)
        .order_by("role", "pk")
        .values_list(
            *_cols("initiative_id", "role", *(f"organisation__{f}" for f in ORG_FIELDS), "as_published")
        )
    )
    countries = _grouped(
        models.RecipientCountry.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(*_cols("initiative_id", "code", "percentage"))
    )
    regions = _grouped(
        models.RecipientRegion.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(*_cols("initiative_id", "code", "vocabulary", "percentage"))
    )
    places = _grouped(
        models.Place.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(
            *_cols(
                "initiative_id",
                "name",
                "latitude",
                "longitude",
                "exactness",
                "name_lang",
                "names",
                *PLACE_DETAILS,
            )
        )
    )
    own_sectors = _grouped(
        models.Sector.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(
            *_cols("initiative_id", "vocabulary", "code", "percentage", "vocabulary_uri", "name", "name_lang")
        )
    )
    interventions = _grouped(
        models.SectorMapping.objects.filter(field_of_intervention__initiative__in=ids)
        .order_by("field_of_intervention__order", "field_of_intervention_id", "pk")
        .values_list(*_cols("field_of_intervention__initiative", "code"))
    )
    actions = _grouped(
        models.SectorMapping.objects.filter(field_of_action__initiative__in=ids)
        .order_by("field_of_action__order", "field_of_action_id", "pk")
        .values_list(*_cols("field_of_action__initiative", "code"))
    )
    budgets = _grouped(
        models.Budget.objects.filter(initiative__in=ids)
        .order_by("period_start", "pk")
        .values_list(
            *_cols(
                "initiative_id",
                "type",
                "status",
                "period_start",
                "period_end",
                "value_date",
                "value",
                "currency",
            )
        )
    )
    transactions = _grouped(
        models.Transaction.objects.filter(initiative__in=ids)
        .order_by("date", "pk")
        .values_list(
            *_cols(
                "initiative_id",
                "reference",
                "type",
                "date",
                "value_date",
                "value",
                "currency",
                "provider_id",
                *(f"provider__{f}" for f in ORG_FIELDS),
                "receiver_id",
                *(f"receiver__{f}" for f in ORG_FIELDS),
                "provider_as_published",
                "receiver_as_published",
                "narratives",
                *cols("description"),
            )
        )
    )
    documents = _grouped(
        models.Document.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(
            *_cols(
                "initiative_id",
                "url",
                "format",
                "category",
                "language",
                "published_on",
                "narratives",
                *cols("title"),
            )
        )
    )
    planned = _grouped(
        models.PlannedDisbursement.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(
            *_cols(
                "initiative_id",
                "type",
                "period_start",
                "period_end",
                "value",
                "currency",
                "value_date",
                "provider_id",
                *(f"provider__{f}" for f in ORG_FIELDS),
                "receiver_id",
                *(f"receiver__{f}" for f in ORG_FIELDS),
                "provider_as_published",
                "receiver_as_published",
            )
        )
    )
    related_activities = _grouped(
        models.RelatedActivity.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(*_cols("initiative_id", "ref", "type"))
    )
    related = _grouped(
        models.Initiative.related.through.objects.filter(from_initiative__in=ids)
        .order_by("to_initiative__identifier")
        .values_list(
            *_cols("from_initiative_id", "to_initiative__identifier", "to_initiative__iati_identifier")
        )
    )
    results = _grouped(
        models.Result.objects.filter(initiative__in=ids)
        .order_by("pk")
        .values_list(
            *_cols("initiative_id", "pk", "type", "narratives", *cols("title"), *cols("description"))
        )
    )
    indicators = _grouped(
        models.Indicator.objects.filter(result__initiative__in=ids)
        .order_by("pk")
        .values_list(
            *_cols(
                "result_id",
                "pk",
                "measure",
                "ascending",
                "baseline_year",
                "baseline_value",
                "baselines",
                "narratives",
                *cols("title"),
            )
        )
    )
    periods = _grouped(
        models.IndicatorPeriod.objects.filter(indicator__result__initiative__in=ids)
        .order_by("period_start", "pk")
        .values_list(
            *_cols("indicator_id", "period_start", "period_end", "target", "actual", "targets", "actuals")
        )
    )
    orgs: dict[tuple[Any, ...], Org] = {}  # the same few organisations, one record each

    def organisation(columns: Sequence[Any], said: Any) -> Org:
        """The ORG_FIELDS columns of an organisation, as the mention's `as_published` says it."""
        ref, type, name, name_lang, names = columns
        key = (ref, type, name, name_lang, names, said)  # JSON columns as read (text): hashable
        found = orgs.get(key)
        if found is None:
            org = Org(ref, type, name, name_lang, _names(_json(names)))
            found = orgs[key] = as_published(org, _json(said))
        return found

    def indicator(row: tuple[Any, ...]) -> Indicator:
        pk, measure, ascending, year, baseline, given, iextra, *title = row
        iextra = _json(iextra)
        return Indicator(
            measure,
            ascending,
            _filled(title, (iextra or {}).get("title")),
            year,
            baseline,
            tuple(
                Period(p[0], p[1], p[2], p[3], measures(_json(p[4])), measures(_json(p[5])))
                for p in periods.get(pk, _NONE)
            ),
            measures(_json(given)),
        )

    for (
        pk,
        identifier,
        iati_identifier,
        publisher_id,
        status,
        planned_start,
        actual_start,
        planned_end,
        actual_end,
        currency,
        extra,
        *rest,
    ) in chunk:
        extra = _json(extra) or {}
        text = rest[len(EXTRA_FIELDS) :]
        own = own_sectors.get(pk, _NONE)
        sectors = (
            tuple(Sector(*row) for row in own)
            if own
            else mapped_sectors(code for (code,) in interventions.get(pk) or actions.get(pk, _NONE))
        )
        yield Activity(
            identifier=identifier,
            iati_identifier=iati_identifier,
            status=status,
            planned_start=planned_start,
            actual_start=actual_start,
            planned_end=planned_end,
            actual_end=actual_end,
            title=_filled(text[:n], extra.get("title")),
            description=_filled(text[n:], extra.get("description")),
            participations=tuple(
                ParticipatingOrg(role, organisation(o[:5], o[5]))
                for role, *o in participations.get(pk, _NONE)
            ),
            countries=tuple(RecipientCountry(*c) for c in countries.get(pk, _NONE)),
            regions=tuple(RecipientRegion(*r) for r in regions.get(pk, _NONE)),
            places=tuple(
                Location(p[0], p[1], p[2], p[3], p[4], _names(_json(p[5])), location_details(p[6:]))
                for p in places.get(pk, _NONE)
            ),
            sectors=sectors,
            sectors_from_fields=not own,
            default_currency=currency,
            held=publisher_id is not None,
            extras=extras(rest[: len(EXTRA_FIELDS)]),
            related_activities=tuple((ref, type_) for ref, type_ in related_activities.get(pk, _NONE)),
            planned_disbursements=tuple(
                PlannedDisbursement(
                    d[0],
                    d[1],
                    d[2],
                    d[3],
                    d[4],
                    d[5],
                    None if d[6] is None else organisation(d[7:12], d[18]),
                    None if d[12] is None else organisation(d[13:18], d[19]),
                )
                for d in planned.get(pk, _NONE)
            ),
            budgets=tuple(Budget(*b) for b in budgets.get(pk, _NONE)),
            transactions=tuple(
                Transaction(
                    ref,
                    type,
                    date,
                    value_date,
                    value,
                    _filled(t[15:], (_json(t[14]) or {}).get("description")),
                    None if t[0] is None else organisation(t[1:6], t[12]),
                    None if t[6] is None else organisation(t[7:12], t[13]),
                    tcurrency,
                )
                for ref, type, date, value_date, value, tcurrency, *t in transactions.get(pk, _NONE)
            ),
            documents=tuple(
                DocumentLink(
                    url,
                    fmt,
                    _filled(title, (_json(dother) or {}).get("title")),
                    category,
                    language,
                    published,
                )
                for url, fmt, category, language, published, dother, *title in documents.get(pk, _NONE)
            ),
            related=tuple(other for other, _published in related.get(pk, _NONE)),
            related_published=tuple(published for _other, published in related.get(pk, _NONE)),
            results=tuple(
                Result(
                    rtype,
                    _filled(rtext[:n], (_json(rextra) or {}).get("title")),
                    _filled(rtext[n:], (_json(rextra) or {}).get("description")),
                    tuple(indicator(i) for i in indicators.get(rpk, _NONE)),
                )
                for rpk, rtype, rextra, *rtext in results.get(pk, _NONE)
            ),
        )


# ---------------------------------------------------------------- from a model instance


def rows(obj: Model, name: str) -> list[Any]:
    """The related rows of `obj` named `name`: from the prefetch cache when they are there.

    Reading the cache directly skips building a related manager and a queryset per access;
    without a prefetch it is `.all()`, in the model's ordering.
    """
    cache = getattr(obj, "_prefetched_objects_cache", None)
    if cache is not None and name in cache:
        found = getattr(cache[name], "_result_cache", None)  # the prefetched rows
        if found is not None:
            return found  # type: ignore[no-any-return]
    return list(getattr(obj, name).all())


def sector_codes(initiative: models.Initiative) -> list[str]:
    """DAC codes of the fields of intervention, or of the fields of action when there are none."""
    codes = _mapped(rows(initiative, "fields_of_intervention"))
    if not codes:
        codes = _mapped(rows(initiative, "fields_of_action"))
    return codes


def _mapped(fields: Iterable[Model]) -> list[str]:
    codes: dict[str, None] = {}
    for field in fields:
        for mapping in rows(field, "sectors"):
            codes[mapping.code] = None
    return list(codes)


def _org_of(org: models.Organisation) -> Org:
    return Org(org.ref, org.type, org.name, org.name_lang, _names(org.names))


def _org(org: models.Organisation | None, said: Any = None) -> Org | None:
    return None if org is None else as_published(_org_of(org), said)


def from_model(initiative: models.Initiative) -> Activity:
    """The Activity of an Initiative instance: from its prefetched relations when it has them
    (queries.initiatives_for_export), else with a query per relation."""
    own = tuple(
        Sector(s.vocabulary, s.code, s.percentage, s.vocabulary_uri, s.name, s.name_lang)
        for s in rows(initiative, "sectors")
    )
    return Activity(
        identifier=initiative.identifier,
        iati_identifier=initiative.iati_identifier,
        status=initiative.status,
        planned_start=initiative.planned_start,
        actual_start=initiative.actual_start,
        planned_end=initiative.planned_end,
        actual_end=initiative.actual_end,
        title=tuple(texts(initiative, "title")),
        description=tuple(texts(initiative, "description")),
        participations=tuple(
            ParticipatingOrg(p.role, as_published(_org_of(p.organisation), p.as_published))
            for p in rows(initiative, "participations")
        ),
        countries=tuple(RecipientCountry(c.code, c.percentage) for c in rows(initiative, "countries")),
        regions=tuple(
            RecipientRegion(r.code, r.vocabulary, r.percentage) for r in rows(initiative, "regions")
        ),
        places=tuple(
            Location(
                p.name,
                p.latitude,
                p.longitude,
                p.exactness,
                p.name_lang,
                _names(p.names),
                location_details([getattr(p, name) for name in PLACE_DETAILS]),
            )
            for p in rows(initiative, "places")
        ),
        sectors=own or mapped_sectors(sector_codes(initiative)),
        sectors_from_fields=not own,
        default_currency=initiative.default_currency,
        held=initiative.publisher_id is not None,
        extras=extras([getattr(initiative, name) for name in EXTRA_FIELDS]),
        related_activities=tuple((r.ref, r.type) for r in rows(initiative, "related_activities")),
        planned_disbursements=tuple(
            PlannedDisbursement(
                d.type,
                d.period_start,
                d.period_end,
                d.value,
                d.currency,
                d.value_date,
                _org(d.provider, d.provider_as_published),
                _org(d.receiver, d.receiver_as_published),
            )
            for d in rows(initiative, "planned_disbursements")
        ),
        budgets=tuple(
            Budget(b.type, b.status, b.period_start, b.period_end, b.value_date, b.value, b.currency)
            for b in rows(initiative, "budgets")
        ),
        transactions=tuple(
            Transaction(
                t.reference,
                t.type,
                t.date,
                t.value_date,
                t.value,
                tuple(texts(t, "description")),
                _org(t.provider, t.provider_as_published),
                _org(t.receiver, t.receiver_as_published),
                t.currency,
            )
            for t in rows(initiative, "transactions")
        ),
        documents=tuple(
            DocumentLink(d.url, d.format, tuple(texts(d, "title")), d.category, d.language, d.published_on)
            for d in rows(initiative, "documents")
        ),
        related=tuple(other.identifier for other in rows(initiative, "related")),
        related_published=tuple(other.iati_identifier for other in rows(initiative, "related")),
        results=tuple(
            Result(
                r.type,
                tuple(texts(r, "title")),
                tuple(texts(r, "description")),
                tuple(
                    Indicator(
                        i.measure,
                        i.ascending,
                        tuple(texts(i, "title")),
                        i.baseline_year,
                        i.baseline_value,
                        tuple(
                            Period(
                                p.period_start,
                                p.period_end,
                                p.target,
                                p.actual,
                                measures(p.targets),
                                measures(p.actuals),
                            )
                            for p in rows(i, "periods")
                        ),
                        measures(i.baselines),
                    )
                    for i in rows(r, "indicators")
                ),
            )
            for r in rows(initiative, "results")
        ),
    )


def as_activity(item: "Activity | models.Initiative") -> Activity:
    """An Activity as it is; an Initiative instance through from_model."""
    return item if isinstance(item, Activity) else from_model(item)
