"""Floor views: the least a Django view needs to return the same content as a real endpoint.

Each floor runs in the same gunicorn workers, through the same settings and middleware, against
the same database as the endpoint it stands beside. What it leaves out is what the real code
may spend on top: the ORM, templates, ninja's validation and serialisation. So a real endpoint
is measured as a ratio to its floor, and the ratio says how much the code costs on top of the
data it has to fetch.

Each floor asks the database for the same rows the endpoint returns, by the rule the registry
uses (members.queries): members on the day, by name, with the latest dated, certain population
figure on or before the day, else the earliest later one; the capital shown apart from the
size classes. The bench checks each floor against its endpoint before timing them.
"""

import datetime as dt
import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.html import escape

from cocopa.core.dates import format_partial
from cocopa.members import sizes

PAGE_SIZE = 50
_OTHER_LANGUAGE = {"it": "en", "en": "it"}

# The figure members.queries.with_population_at uses: {a} is the authority's alias, {field}
# the column wanted, {cmp} and {order} pick "on or before the day" or "after it".
_FIGURE = """(SELECT f.{field} FROM members_populationfigure f
    WHERE f.authority_id = {a}.id AND f.reference_date IS NOT NULL AND NOT f.uncertain
      AND f.reference_date {cmp} %(day)s
    ORDER BY f.reference_date {order}, f.preferred DESC, f.id DESC LIMIT 1)"""


def _figure(a: str, field: str, *, before: bool) -> str:
    return _FIGURE.format(a=a, field=field, cmp="<=" if before else ">", order="DESC" if before else "ASC")


_ACTIVE = """EXISTS (SELECT 1 FROM members_membership m WHERE m.authority_id = {a}.id
    AND m.start_on <= %(day)s AND (m.end_on IS NULL OR m.end_on >= %(day)s))"""
_CAPITAL = "(SELECT capital_id FROM network_networkprofile ORDER BY id LIMIT 1)"


def _size_class(pop: str) -> str:
    """sizes.classify() in SQL: the staff's classes, else the brochure's defaults."""
    defaults = " ".join(f"WHEN {pop} >= {b.lower_bound} THEN '{b.key}'" for b in sizes.DEFAULT_BANDS)
    return f"""COALESCE(
        (SELECT s.key FROM members_sizeclass s WHERE s.lower_bound <= {pop} ORDER BY s.lower_bound DESC LIMIT 1),
        CASE WHEN NOT EXISTS (SELECT 1 FROM members_sizeclass) THEN CASE {defaults} END END)"""


# The first page of members: the 50 rows are chosen first (walking the name index), and only
# they get their figures. MATERIALIZED keeps SQLite from inlining the CTEs, which would run each
# figure subquery again wherever its column is used.
MEMBER_PAGE = f"""
WITH page AS MATERIALIZED (
  SELECT a.id, a.name, a.kind, a.istat_code, a.province_code, a.statistical_code
  FROM members_localauthority a WHERE {_ACTIVE.format(a="a")}
  ORDER BY a.name, a.id LIMIT {PAGE_SIZE}
),
figures AS MATERIALIZED (
  SELECT p.*,
         {_figure("p", "value", before=True)} AS value_before,
         {_figure("p", "value", before=False)} AS value_after,
         {_figure("p", "reference_date", before=True)} AS date_before,
         {_figure("p", "reference_date", before=False)} AS date_after,
         (SELECT m.start_on FROM members_membership m WHERE m.authority_id = p.id AND m.start_on <= %(day)s
          ORDER BY m.start_on LIMIT 1) AS member_since,
         (SELECT m.start_precision FROM members_membership m WHERE m.authority_id = p.id AND m.start_on <= %(day)s
          ORDER BY m.start_on LIMIT 1) AS member_since_precision
  FROM page p
),
rows AS MATERIALIZED (
  SELECT f.*, COALESCE(f.value_before, f.value_after) AS population FROM figures f
)
SELECT r.name, r.kind, r.istat_code, r.province_code, r.statistical_code, r.id,
       r.population, r.value_before, COALESCE(r.date_before, r.date_after), r.member_since,
       r.member_since_precision,
       CASE WHEN r.id = {_CAPITAL} THEN 'capital'
            WHEN r.kind <> 'municipality' OR r.population IS NULL THEN NULL
            ELSE {_size_class("r.population")} END AS size_class
FROM rows r
ORDER BY r.name, r.id
"""

# Authorities with a period running on the day: counted from the memberships' (start_on, end_on)
# index, which is cheaper than EXISTS for every authority.
_ACTIVE_IDS = """SELECT DISTINCT m.authority_id FROM members_membership m
    WHERE m.start_on <= %(day)s AND (m.end_on IS NULL OR m.end_on >= %(day)s)"""
MEMBER_COUNT = f"SELECT COUNT(*) FROM ({_ACTIVE_IDS})"


def _day() -> dt.date:
    return timezone.localdate()


def _rows(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _date(value: Any) -> str | None:
    """SQLite hands dates back as text, PostgreSQL as dates: ISO text either way."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _slug(kind: str, istat_code: str | None, statistical_code: str, province_code: str, pk: int) -> str:
    return istat_code or f"{kind}-{statistical_code or province_code or pk}"


def members_page(request: HttpRequest) -> HttpResponse:
    """The first 50 members' names and populations as a plain HTML table (the /members/ floor)."""
    rows = _rows(MEMBER_PAGE, {"day": _day()})
    cells = "".join(f"<tr><td>{escape(r[0])}</td><td>{'' if r[6] is None else r[6]}</td></tr>" for r in rows)
    return HttpResponse(f"<!doctype html><title>Members</title><table>{cells}</table>")


def members_api(request: HttpRequest) -> HttpResponse:
    """The first 50 members as /api/v1/members returns them: every MemberOut field, and the count."""
    day = _day()
    rows = _rows(MEMBER_PAGE, {"day": day})
    count = _rows(MEMBER_COUNT, {"day": day})[0][0]
    base = request.build_absolute_uri("/api/v1/members/")
    items = []
    for row in rows:
        (
            name,
            kind,
            istat_code,
            province_code,
            statistical_code,
            pk,
            pop,
            before,
            pop_on,
            since,
            since_p,
            cls,
        ) = row
        slug = _slug(kind, istat_code, statistical_code, province_code, pk)
        since_on = dt.date.fromisoformat(since) if isinstance(since, str) else since
        items.append(
            {
                "slug": slug,
                "name": name,
                "kind": kind,
                "istat_code": istat_code,
                "province_code": province_code,
                "size_class": cls or None,
                "population": pop,
                "population_on": _date(pop_on),
                "population_is_later": pop is not None and before is None,
                "member_since": format_partial(since_on, since_p or "") or None,
                "url": base + slug,
            }
        )
    return HttpResponse(json.dumps({"items": items, "count": count}), content_type="application/json")


def _translated(column: str, language: str) -> str:
    """modeltranslation's read of a translated column: this language's text, else the other's."""
    other = _OTHER_LANGUAGE.get(language, "en")
    return f"COALESCE(NULLIF({column}_{language}, ''), NULLIF({column}_{other}, ''), '')"


def _statistics_sql(language: str) -> str:
    """The whole aggregate of members.queries.statistics() in one statement, one row per part.

    Only the member municipalities the size classes count (those of the territory's province,
    when the network has a territory) need their population looked up; the count by kind of
    all members does not.
    """
    territory = f"COALESCE({_figure('a', 'value', before=True)}, {_figure('a', 'value', before=False)})"
    return f"""
WITH profile AS (SELECT capital_id, territory_id FROM network_networkprofile ORDER BY id LIMIT 1),
territory AS MATERIALIZED (
  SELECT a.id, a.province_code, {territory} AS population
  FROM members_localauthority a WHERE a.id = (SELECT territory_id FROM profile)
),
member AS MATERIALIZED (
  SELECT a.id, a.kind, a.province_code FROM members_localauthority a WHERE a.id IN ({_ACTIVE_IDS})
),
figures AS MATERIALIZED (
  SELECT m.id, {_figure("m", "value", before=True)} AS population_before,
         {_figure("m", "value", before=False)} AS population_after
  FROM member m
  WHERE m.kind = 'municipality'
    AND (COALESCE((SELECT province_code FROM territory), '') = ''
         OR m.province_code = (SELECT province_code FROM territory))
),
classed AS MATERIALIZED (
  SELECT f.id, f.population_before, COALESCE(f.population_before, f.population_after) AS population
  FROM figures f
),
sized AS MATERIALIZED (
  SELECT c.*, CASE WHEN c.id = (SELECT capital_id FROM profile) THEN 'capital'
                   WHEN c.population IS NULL THEN ''
                   ELSE COALESCE({_size_class("c.population")}, '') END AS size_class
  FROM classed c
),
agg AS MATERIALIZED (
  SELECT size_class, COUNT(*) AS n, COALESCE(SUM(population), 0) AS total, MIN(population) AS smallest,
         MAX(population) AS largest, SUM(CASE WHEN population IS NULL THEN 1 ELSE 0 END) AS unknown,
         SUM(CASE WHEN population IS NOT NULL AND population_before IS NULL THEN 1 ELSE 0 END) AS later
  FROM sized GROUP BY size_class
)
SELECT 'class', s.key, {_translated("s.name", language)}, s.lower_bound,
       agg.n, agg.total, agg.smallest, agg.largest, agg.unknown, agg.later
FROM members_sizeclass s LEFT JOIN agg ON agg.size_class = s.key
UNION ALL
SELECT 'other', agg.size_class, '', NULL, agg.n, agg.total, agg.smallest, agg.largest, agg.unknown, agg.later
FROM agg WHERE agg.size_class NOT IN (SELECT key FROM members_sizeclass)
UNION ALL
SELECT 'kind', kind, '', NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL FROM member GROUP BY kind
UNION ALL
SELECT 'territory', '', '', NULL, (SELECT population FROM territory), (SELECT COUNT(*) FROM territory),
       NULL, NULL, NULL, NULL
"""


REPORTED = """
SELECT r."on", r.on_precision, r.date_text, r.municipalities, {text}, r.uncertain,
       s.code, s.title, s.url, c.code, c.title, c.url
FROM members_reportedcount r
LEFT JOIN core_source s ON s.id = r.source_id
LEFT JOIN core_source c ON c.id = r.conflicts_with_id
WHERE r."on" <= %(day)s OR r."on" IS NULL
ORDER BY r."on" IS NULL, r."on", r.id
"""


def _source(code: str | None, title: str | None, url: str | None) -> dict[str, str] | None:
    return None if code is None else {"code": code, "title": title or "", "url": url or ""}


def _class(key: str, name: str, lower: int | None, upper: int | None, row: Sequence[Any]) -> dict[str, Any]:
    n, total, smallest, largest = row[4:8] if row[4] is not None else (0, 0, None, None)
    return {
        "key": key,
        "name": name,
        "lower_bound": lower,
        "upper_bound": upper,
        "members": n,
        "population": total,
        "smallest": smallest,
        "largest": largest,
    }


def statistics_api(request: HttpRequest) -> HttpResponse:
    """/api/v1/statistics: the aggregate in one statement, the reported counts in a second."""
    day = _day()
    language = translation.get_language() or "it"
    rows = _rows(_statistics_sql(language), {"day": day})
    reported = _rows(REPORTED.format(text=_translated("r.text", language)), {"day": day})

    by_kind = {r[1]: r[4] for r in rows if r[0] == "kind"}
    staff = [r for r in rows if r[0] == "class"]
    other = {r[1]: r for r in rows if r[0] == "other"}
    if staff:
        bands = sizes.checked(sizes.Band(r[1], r[3]) for r in staff)
        named = {r[1]: r for r in staff}
    else:  # no classes set: the brochure's, named by their keys
        bands = sizes.checked(sizes.DEFAULT_BANDS)
        named = {
            b.key: ("class", b.key, b.key, b.lower_bound, *other.pop(b.key, (None,) * 10)[4:]) for b in bands
        }
    classes = []
    if sizes.CAPITAL in other:
        classes.append(
            _class(sizes.CAPITAL, translation.gettext("capital city"), None, None, other[sizes.CAPITAL])
        )
    for band in bands:
        row = named[band.key]
        classes.append(_class(band.key, row[2], band.lower_bound, sizes.upper_bound(band, bands), row))
    counted = [*(named[b.key] for b in bands), *other.values()]
    represented = sum(c["population"] for c in classes)
    territory = next(r for r in rows if r[0] == "territory")
    territory_population = territory[4] if territory[5] else None
    share = None
    if territory_population:
        share = float(
            (Decimal(represented) * 100 / territory_population).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    body = {
        "at": day.isoformat(),
        "members": sum(by_kind.values()),
        "by_kind": by_kind,
        "municipalities": sum(c["members"] for c in classes) + (other[""][4] if "" in other else 0),
        "classes": classes,
        "population_represented": represented,
        "population_unknown": sum(r[8] or 0 for r in counted),
        "figures_after_date": sum(r[9] or 0 for r in counted),
        "territory_population": territory_population,
        "territory_share": share,
        "reported_counts": [
            {
                "date": r[2]
                or format_partial(dt.date.fromisoformat(r[0]) if isinstance(r[0], str) else r[0], r[1]),
                "municipalities": r[3],
                "text": r[4],
                "source": _source(r[6], r[7], r[8]),
                "conflicts_with": _source(r[9], r[10], r[11]),
                "uncertain": bool(r[5]),
            }
            for r in reported
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/json")


# ---------------------------------------------------------------- cooperation (10,000 initiatives)

_START = "COALESCE(i.start_on_index, i.actual_end, i.planned_end)"


def _day_or_none(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _period(
    a_start: Any, a_sp: str, p_start: Any, p_sp: str, a_end: Any, a_ep: str, p_end: Any, p_ep: str
) -> str:
    """Initiative.period_label from the columns."""
    start = format_partial(_day_or_none(a_start), a_sp) or format_partial(_day_or_none(p_start), p_sp)
    end = format_partial(_day_or_none(a_end), a_ep) or format_partial(_day_or_none(p_end), p_ep)
    return f"{start}–{end}" if start and end and start != end else start or end


def places_geojson(request: HttpRequest) -> HttpResponse:
    """Every located place as /cooperation/places.geojson returns it without filters, built from
    one SQL statement on every request (the endpoint caches; its floor does not)."""
    from cocopa.cooperation.models import Place

    language = translation.get_language() or "it"
    exactness = {value: str(label) for value, label in Place.Exactness.choices}
    prefix = "" if language == "it" else f"/{language}"
    sql = f"""SELECT p.name, p.country, p.latitude, p.longitude, p.exactness, i.identifier,
        {_translated("i.title", language)}, k.key, {_translated("k.name", language)},
        i.actual_start, i.actual_start_precision, i.planned_start, i.planned_start_precision,
        i.actual_end, i.actual_end_precision, i.planned_end, i.planned_end_precision
      FROM cooperation_place p JOIN cooperation_initiative i ON i.id = p.initiative_id
      JOIN cooperation_initiativekind k ON k.id = i.kind_id
      WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
      ORDER BY {_START} IS NULL, {_START}, i.identifier, p.id"""  # noqa: S608 (constants)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r[3]), float(r[2])]},
            "properties": {
                "name": r[0],
                "country": r[1],
                "exactness": exactness.get(r[4], r[4]),
                "initiative": r[5],
                "title": r[6],
                "kind": r[7],
                "kind_name": r[8],
                "period": _period(*r[9:17]),
                "url": f"{prefix}/cooperation/initiatives/{r[5]}/",
            },
        }
        for r in _rows(sql, {})
    ]
    content = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return HttpResponse(content, content_type="application/geo+json; charset=utf-8")


def cooperation_overview(request: HttpRequest) -> HttpResponse:
    """Each recipient country's name and number of initiatives as a plain HTML table, and the
    total (the /cooperation/ floor; the page also shows periods, continents and sources' claims)."""
    from cocopa.cooperation.queries import country_name

    rows = _rows(
        """SELECT rc.code, COUNT(DISTINCT rc.initiative_id) FROM cooperation_recipientcountry rc
        GROUP BY rc.code ORDER BY rc.code""",
        {},
    )
    total = _rows("SELECT COUNT(*) FROM cooperation_initiative", {})[0][0]
    cells = "".join(f"<tr><td>{escape(country_name(code))}</td><td>{n}</td></tr>" for code, n in rows)
    return HttpResponse(f"<!doctype html><title>Cooperation</title><p>{total}</p><table>{cells}</table>")
