"""`python -m bench.iati`: the IATI export of 1,000 and 10,000 generated activities against its floor.

What is measured (each size from the same scratch SQLite database of 10,000 initiatives built with
cocopa.cooperation.testing.make_portfolio, every one complete: two countries, two places, three
organisations, two budgets, three transactions, a document, a result, two sectors, a related one):

- throughput, end to end: the export as `export_iati` runs it (iati_source's reads, one
  values_list query per related table and chunk, the pre-export checks, the streaming writer) against the floor
  (`floor_export`): the same rows read with raw SQL through a cursor, chunk by chunk, and the same
  elements written with lxml into one tree serialised once. Both include the database reads,
  which are most of the export's time. Each is timed ROUNDS times, best kept; times are the
  process's CPU time (SQLite runs in the process; the machine may be shared), with the cyclic
  garbage collector off while timing, as timeit does. The two outputs are compared byte for byte
  and element by element. Target: the export's activities per second ≥ 0.5 × the floor's.
- peak memory: each size exported from the database in a fresh process into a sink that keeps
  nothing, and the growth of the process's peak RSS during the export; with `--tracemalloc`
  also the Python heap's peak by tracemalloc (about 6× slower: a few minutes). Target: growth
  below 50 MB at both sizes (memory, unlike time, does not depend on what else the machine runs).

Prints the report and writes it to bench/results/iati.md.
"""

import datetime as dt
import decimal
import gc
import io
import json
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.outcome import Part
from bench.processes import worker

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "iati.md"
# COCOPA_BENCH_SIZES="100,1000" for a quick look while working on the bench; the targets are for the default.
SIZES = tuple(int(n) for n in os.environ.get("COCOPA_BENCH_SIZES", "1000,10000").split(","))
ROUNDS = 2  # export and floor alike: the best of two
TARGET_RATIO = 0.5
TARGET_GROWTH_MB = 50.0
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HELD = 200  # another publisher's activities in the database, never exported by the network
REPORTING = ("XM-BENCH-1", "Co.Co.Pa. - Coordinamento Comuni per la Pace", "11")


def _setup(db: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocopa.settings")
    import django

    django.setup()


# ---------------------------------------------------------------- the floor: raw SQL → lxml

_DECIMAL = decimal.Context(prec=15)  # how Django's SQLite backend reads a decimal column
_CENTS = Decimal(1).scaleb(-2)
_MICRO = Decimal(1).scaleb(-6)


def _dec(value: Any, quantum: Decimal = _CENTS) -> Decimal | None:
    return None if value is None else _DECIMAL.create_decimal_from_float(value).quantize(quantum)


@dataclass(frozen=True)
class _Share:
    """What iati.recipient_shares reads of a recipient row: its stored percentage."""

    percentage: Decimal | None


def _texts(languages: tuple[str, ...], row: tuple[Any, ...], start: int) -> list[tuple[str, str]]:
    """(language, text) for the filled translation columns from row[start], one per language."""
    return [
        (lang, text)
        for lang, text in zip(languages, row[start : start + len(languages)], strict=True)
        if text and not text.isspace()
    ]


def _iso(day: Any) -> str:
    """A date column as IATI writes it (Django's SQLite connection hands dates over parsed)."""
    return day if isinstance(day, str) else day.isoformat()


def _grouped(cur: Any, sql: str, ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """The rows of one statement over a chunk's initiatives, by their first column (the parent id)."""
    groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    cur.execute(sql.format(ids=", ".join(["%s"] * len(ids))), ids)
    for row in cur.fetchall():
        groups[row[0]].append(row[1:])
    return groups


# The latest history_date of an initiative and of what its activity is written from, deleted rows
# included (iati_updated's rules): children by initiative_id, indicators and periods through the
# results and indicators the history knows, organisations through participations and transactions.
_CHILDREN = (
    "recipientcountry",
    "recipientregion",
    "place",
    "participation",
    "budget",
    "transaction",
    "document",
    "result",
)
LAST_CHANGED_SQL = (
    "SELECT i, MAX(d) FROM (SELECT id AS i, history_date AS d FROM cooperation_historicalinitiative"
    + "".join(
        f" UNION ALL SELECT initiative_id, history_date FROM cooperation_historical{table}"
        " WHERE initiative_id IS NOT NULL"
        for table in _CHILDREN
    )
    + " UNION ALL SELECT r.initiative_id, h.history_date FROM cooperation_historicalindicator h"
    " JOIN (SELECT DISTINCT id, initiative_id FROM cooperation_historicalresult) r ON r.id = h.result_id"
    " UNION ALL SELECT r.initiative_id, h.history_date FROM cooperation_historicalindicatorperiod h"
    " JOIN (SELECT DISTINCT id, result_id FROM cooperation_historicalindicator) n ON n.id = h.indicator_id"
    " JOIN (SELECT DISTINCT id, initiative_id FROM cooperation_historicalresult) r ON r.id = n.result_id"
    " UNION ALL SELECT named.i, o.d FROM (SELECT initiative_id AS i, organisation_id AS o"
    " FROM cooperation_participation UNION ALL SELECT initiative_id, provider_id FROM cooperation_transaction"
    " UNION ALL SELECT initiative_id, receiver_id FROM cooperation_transaction) named"
    " JOIN (SELECT id, MAX(history_date) AS d FROM cooperation_historicalorganisation GROUP BY id) o"
    " ON o.id = named.o"
    ") GROUP BY i"
)


def floor_export(n: int, reporting: Any, generated_at: dt.datetime) -> bytes:
    """The export's document from raw SQL: the same rows read with a cursor, chunk by chunk as the
    export reads them, and the same elements built with lxml into one tree, serialised once.

    Nothing of the ORM, the checks or the streaming writer; only what any exporter must do: read
    the rows, turn SQLite's values into the texts IATI wants (decimals as Django reads them) and
    write the XML.
    """
    from django.db import connection
    from lxml import etree

    from cocopa.cooperation import iati

    sub = etree.SubElement
    lang_attr = iati.XML_LANG
    languages = iati.languages()
    langs = len(languages)

    def cols(field: str, table: str = "") -> str:
        prefix = f"{table}." if table else ""
        return ", ".join(f"{prefix}{field}_{lang}" for lang in iati.languages())

    def narratives(parent: Any, texts: list[tuple[str, str]]) -> Any:
        for code, text in texts:
            sub(parent, "narrative", {lang_attr: code}).text = text
        return parent

    def named(parent: Any, text: str) -> None:
        if text.strip():
            sub(parent, "narrative").text = text

    def org(parent: Any, tag: str, ref: str | None, otype: str | None, name: str | None) -> None:
        if name is None:  # no organisation (LEFT JOIN)
            return
        attrs = {}
        if ref:
            attrs["ref"] = ref
        if otype:
            attrs["type"] = otype
        named(sub(parent, tag, attrs), name)

    stamp = generated_at.isoformat(timespec="seconds")
    root = etree.Element("iati-activities", {"version": iati.VERSION, "generated-datetime": stamp})
    root.text = "\n"
    statements = {
        "participations": "SELECT p.initiative_id, p.role, o.type, o.ref, o.name"
        " FROM cooperation_participation p JOIN cooperation_organisation o ON o.id = p.organisation_id"
        " WHERE p.initiative_id IN ({ids}) ORDER BY p.role, p.id",
        "countries": "SELECT initiative_id, code, percentage FROM cooperation_recipientcountry"
        " WHERE initiative_id IN ({ids}) ORDER BY initiative_id, id",
        "regions": "SELECT initiative_id, code, vocabulary, percentage FROM cooperation_recipientregion"
        " WHERE initiative_id IN ({ids}) ORDER BY initiative_id, id",
        "places": "SELECT initiative_id, name, latitude, longitude, exactness FROM cooperation_place"
        " WHERE initiative_id IN ({ids}) ORDER BY id",
        "sectors_own": "SELECT initiative_id, vocabulary, vocabulary_uri, code, percentage, name"
        " FROM cooperation_sector WHERE initiative_id IN ({ids}) ORDER BY id",
        **{
            f"sectors_{kind}": f"SELECT m.initiative_id, s.code FROM cooperation_initiative_fields_of_{kind} m"
            f" JOIN network_fieldof{kind} f ON f.id = m.fieldof{kind}_id"
            f" JOIN cooperation_sectormapping s ON s.field_of_{kind}_id = f.id"
            ' WHERE m.initiative_id IN ({ids}) ORDER BY f."order", f.id, s.id'
            for kind in ("intervention", "action")
        },
        "budgets": "SELECT initiative_id, type, status, period_start, period_end, value_date, value"
        " FROM cooperation_budget WHERE initiative_id IN ({ids}) ORDER BY initiative_id, period_start",
        "transactions": "SELECT t.initiative_id, t.reference, t.type, t.date, t.value_date, t.value,"
        f" {cols('description', 't')}, p.ref, p.type, p.name, r.ref, r.type, r.name"
        " FROM cooperation_transaction t"
        " LEFT JOIN cooperation_organisation p ON p.id = t.provider_id"
        " LEFT JOIN cooperation_organisation r ON r.id = t.receiver_id"
        " WHERE t.initiative_id IN ({ids}) ORDER BY t.initiative_id, t.date, t.id",
        "documents": f"SELECT initiative_id, url, format, {cols('title')}, category, language, published_on"
        " FROM cooperation_document WHERE initiative_id IN ({ids}) ORDER BY initiative_id, id",
        "planned": "SELECT d.initiative_id, d.type, d.period_start, d.period_end, d.value, d.currency,"
        " d.value_date, p.ref, p.type, p.name, r.ref, r.type, r.name FROM cooperation_planneddisbursement d"
        " LEFT JOIN cooperation_organisation p ON p.id = d.provider_id"
        " LEFT JOIN cooperation_organisation r ON r.id = d.receiver_id"
        " WHERE d.initiative_id IN ({ids}) ORDER BY d.id",
        "related_activities": "SELECT initiative_id, ref, type FROM cooperation_relatedactivity"
        " WHERE initiative_id IN ({ids}) ORDER BY id",
        "related": "SELECT m.from_initiative_id, i.identifier FROM cooperation_initiative_related m"
        " JOIN cooperation_initiative i ON i.id = m.to_initiative_id"
        " WHERE m.from_initiative_id IN ({ids}) ORDER BY i.identifier",
        "results": f"SELECT initiative_id, id, type, {cols('title')}, {cols('description')}"
        " FROM cooperation_result WHERE initiative_id IN ({ids}) ORDER BY initiative_id, id",
        "indicators": f"SELECT r.initiative_id, i.result_id, i.id, i.measure, i.ascending, {cols('title', 'i')},"
        " i.baseline_year, i.baseline_value FROM cooperation_indicator i"
        " JOIN cooperation_result r ON r.id = i.result_id"
        " WHERE r.initiative_id IN ({ids}) ORDER BY i.result_id, i.id",
        "periods": "SELECT r.initiative_id, p.indicator_id, p.period_start, p.period_end, p.target, p.actual"
        " FROM cooperation_indicatorperiod p JOIN cooperation_indicator i ON i.id = p.indicator_id"
        " JOIN cooperation_result r ON r.id = i.result_id"
        " WHERE r.initiative_id IN ({ids}) ORDER BY p.indicator_id, p.period_start",
    }
    with connection.cursor() as cur:
        # When each initiative last changed (iati_updated.last_changed's rows): one statement over
        # the history tables, for every initiative, as the export reads it once per file.
        cur.execute(LAST_CHANGED_SQL)
        changed = {pk: f"{when[:10]}T{when[11:19]}+00:00" for pk, when in cur.fetchall()}
        cur.execute(
            "SELECT id, identifier, status, planned_start, actual_start, planned_end, actual_end,"
            f" {cols('title')}, {cols('description')} FROM cooperation_initiative"
            " WHERE publisher_id IS NULL AND identifier <= %s ORDER BY identifier",
            [f"gen-{n:05d}"],
        )
        initiatives = cur.fetchall()
        for first in range(0, len(initiatives), iati.CHUNK_SIZE):
            chunk = initiatives[first : first + iati.CHUNK_SIZE]
            rows = {name: _grouped(cur, sql, [i[0] for i in chunk]) for name, sql in statements.items()}
            for pk, ident, status, *dates_and_texts in chunk:
                dates, texts = dates_and_texts[:4], tuple(dates_and_texts[4:])
                updated = {"last-updated-datetime": changed[pk]} if pk in changed else {}
                a = sub(root, "iati-activity", {**updated, "default-currency": "EUR"})
                a.tail = "\n"
                sub(a, "iati-identifier").text = f"{reporting.ref}-{ident}"
                named(sub(a, "reporting-org", {"ref": reporting.ref, "type": reporting.type}), reporting.name)
                narratives(sub(a, "title"), _texts(languages, texts, 0))
                narratives(sub(a, "description", {"type": "1"}), _texts(languages, texts, langs))
                for role, otype, oref, oname in rows["participations"][pk]:
                    attrs = {"role": role}
                    if otype:
                        attrs["type"] = otype
                    if oref:
                        attrs["ref"] = oref
                    named(sub(a, "participating-org", attrs), oname)
                if status:
                    sub(a, "activity-status", {"code": status})
                for code, day in zip("1234", dates, strict=True):
                    if day is not None:
                        sub(a, "activity-date", {"type": code, "iso-date": _iso(day)})
                countries, regions = rows["countries"][pk], rows["regions"][pk]
                shares: list[Decimal | None] = [
                    *(
                        iati.recipient_shares(
                            [_Share(_dec(c[1])) for c in countries],
                            [_Share(_dec(r[2])) for r in regions],
                        )
                        or []
                    )
                ]
                shares += [None] * (len(countries) + len(regions) - len(shares))
                for (code, _stored), share in zip(countries, shares[: len(countries)], strict=True):
                    el = sub(a, "recipient-country", {"code": code})
                    if share is not None:
                        el.set("percentage", f"{share:f}")
                for (code, vocabulary, _stored), share in zip(regions, shares[len(countries) :], strict=True):
                    el = sub(a, "recipient-region", {"code": code, "vocabulary": vocabulary})
                    if share is not None:
                        el.set("percentage", f"{share:f}")
                for pname, lat, lon, exactness in rows["places"][pk]:
                    loc = sub(a, "location")
                    if pname.strip():
                        named(sub(loc, "name"), pname)
                    if lat is not None and lon is not None:
                        point = sub(loc, "point", {"srsName": iati.SRS_NAME})
                        sub(point, "pos").text = f"{_dec(lat, _MICRO):f} {_dec(lon, _MICRO):f}"
                    sub(loc, "exactness", {"code": exactness})
                for vocabulary, uri, code, percentage, sname in rows["sectors_own"][pk]:
                    attrs = {
                        "vocabulary": vocabulary,
                        **({"vocabulary-uri": uri} if uri else {}),
                        "code": code,
                    }
                    if percentage is not None:
                        attrs["percentage"] = f"{_dec(percentage):f}"
                    named(sub(a, "sector", attrs), sname)
                codes = (
                    []
                    if rows["sectors_own"][pk]
                    else list(dict.fromkeys(c for (c,) in rows["sectors_intervention"][pk]))
                    or list(dict.fromkeys(c for (c,) in rows["sectors_action"][pk]))
                )
                for code, share in zip(codes, iati.equal_split(len(codes)), strict=True):
                    sub(a, "sector", {"vocabulary": "1", "code": code, "percentage": f"{share:f}"})
                for btype, bstatus, start, end, value_date, value in rows["budgets"][pk]:
                    b = sub(a, "budget", {"type": btype, "status": bstatus})
                    sub(b, "period-start", {"iso-date": _iso(start)})
                    sub(b, "period-end", {"iso-date": _iso(end)})
                    value_attrs = {"currency": "EUR", "value-date": _iso(value_date or start)}
                    sub(b, "value", value_attrs).text = f"{_dec(value):f}"
                for dtype, start, end, value, currency, value_date, *orgs in rows["planned"][pk]:
                    d = sub(a, "planned-disbursement", {"type": dtype} if dtype else {})
                    sub(d, "period-start", {"iso-date": _iso(start)})
                    if end is not None:
                        sub(d, "period-end", {"iso-date": _iso(end)})
                    value_attrs = {"currency": currency or "EUR", "value-date": _iso(value_date or start)}
                    sub(d, "value", value_attrs).text = f"{_dec(value):f}"
                    org(d, "provider-org", *orgs[:3])
                    org(d, "receiver-org", *orgs[3:])
                for ref, ttype, day, value_date, value, *rest in rows["transactions"][pk]:
                    t = sub(a, "transaction", {"ref": ref} if ref else {})
                    sub(t, "transaction-type", {"code": ttype})
                    sub(t, "transaction-date", {"iso-date": _iso(day)})
                    value_attrs = {"currency": "EUR", "value-date": _iso(value_date or day)}
                    sub(t, "value", value_attrs).text = f"{_dec(value):f}"
                    description = _texts(languages, tuple(rest), 0)
                    if description:
                        narratives(sub(t, "description"), description)
                    org(t, "provider-org", *rest[langs : langs + 3])
                    org(t, "receiver-org", *rest[langs + 3 :])
                for url, fmt, *drest in rows["documents"][pk]:
                    category, language, published = drest[langs:]
                    d = sub(a, "document-link", {"url": url, "format": fmt})
                    narratives(sub(d, "title"), _texts(languages, tuple(drest), 0))
                    sub(d, "category", {"code": category})
                    if language:
                        sub(d, "language", {"code": language})
                    if published:
                        sub(d, "document-date", {"iso-date": _iso(published)})
                for ref, rtype in rows["related_activities"][pk]:
                    sub(a, "related-activity", {"ref": ref, "type": rtype})
                for (other,) in [] if rows["related_activities"][pk] else rows["related"][pk]:
                    sub(a, "related-activity", {"ref": f"{reporting.ref}-{other}", "type": iati.RELATED_TYPE})
                indicators = defaultdict(list)
                for result_id, *irest in rows["indicators"][pk]:
                    indicators[result_id].append(irest)
                periods = defaultdict(list)
                for indicator_id, *prest in rows["periods"][pk]:
                    periods[indicator_id].append(prest)
                for result_id, rtype, *rtexts in rows["results"][pk]:
                    r = sub(a, "result", {"type": rtype})
                    narratives(sub(r, "title"), _texts(languages, tuple(rtexts), 0))
                    description = _texts(languages, tuple(rtexts), langs)
                    if description:
                        narratives(sub(r, "description"), description)
                    for indicator_id, measure, ascending, *itexts in indicators[result_id]:
                        baseline_year, baseline_value = itexts[langs:]
                        ind = sub(
                            r, "indicator", {"measure": measure, "ascending": "1" if ascending else "0"}
                        )
                        narratives(sub(ind, "title"), _texts(languages, tuple(itexts), 0))
                        if baseline_year:
                            baseline = sub(ind, "baseline", {"year": str(baseline_year)})
                            if baseline_value is not None:
                                baseline.set("value", f"{_dec(baseline_value):f}")
                        for start, end, target, actual in periods[indicator_id]:
                            p = sub(ind, "period")
                            sub(p, "period-start", {"iso-date": _iso(start)})
                            sub(p, "period-end", {"iso-date": _iso(end)})
                            if target is not None:
                                sub(p, "target", {"value": f"{_dec(target):f}"})
                            if actual is not None:
                                sub(p, "actual", {"value": f"{_dec(actual):f}"})
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


# ---------------------------------------------------------------- workers (each in its own process)


def _initiatives(n: int) -> Any:
    """iati_source.read()'s own activities, the first n by identifier (the held ones skipped)."""
    from cocopa.cooperation import iati_source
    from cocopa.cooperation.models import Initiative

    return iati_source.read(Initiative.objects.own().filter(identifier__lte=f"gen-{n:05d}"))


def build(db: str) -> dict[str, Any]:
    _setup(db)
    from django.core.management import call_command

    from cocopa.cooperation.models import Initiative, Publisher
    from cocopa.cooperation.testing import make_portfolio

    call_command("migrate", verbosity=0)
    started = time.process_time()
    make_portfolio(max(SIZES))
    # Another publisher's activities, held as they came, sorting among the network's own: the
    # export (Initiative.objects.own()) and the floor (publisher_id IS NULL) must both leave them out.
    make_portfolio(HELD, prefix="gen-0-held")
    theirs = Publisher.objects.create(ref="XI-BENCH-2", name="Another publisher", type="21")
    for initiative in Initiative.objects.filter(identifier__startswith="gen-0-held"):
        Initiative.objects.filter(pk=initiative.pk).update(
            publisher=theirs, iati_identifier=f"XI-BENCH-2-{initiative.identifier}"
        )
    # make_portfolio writes in bulk, without history; a history row per row, as the models' saves
    # leave, gives every activity its last-updated-datetime (iati_updated).
    call_command("populate_history", auto=True, batchsize=2000, stdout=io.StringIO())
    return {"seconds": time.process_time() - started}


def _export(n: int, reporting: Any) -> tuple[bytes, int]:
    """The real export of the first n initiatives, as `export_iati` runs it; and its errors found."""
    from cocopa.cooperation import iati, iati_checks, iati_updated

    out = io.BytesIO()
    findings: list[Any] = []
    iati.write_activities(
        iati_checks.exportable(_initiatives(n), findings, today=NOW.date()),
        out,
        reporting=reporting,
        generated_at=NOW,
        last_updated=iati_updated.last_changed(),  # as export_iati does: the history's, per activity
    )
    return out.getvalue(), sum(1 for f in findings if f.severity == "error")


def _elements(document: bytes) -> Counter[str]:
    from lxml import etree

    return Counter(str(el.tag) for el in etree.fromstring(document).iter())


def throughput(db: str, n: int) -> dict[str, Any]:
    """The export's time and the floor's, both from the database, and whether they wrote the same."""
    _setup(db)
    from cocopa.cooperation import iati

    reporting = iati.ReportingOrg(*REPORTING)
    # Warm up (imports, codelists, translations, the statement cache) on ten activities, untimed.
    _export(10, reporting)
    floor_export(10, reporting, NOW)
    export_seconds = floor_seconds = float("inf")
    gc.collect()
    gc.disable()  # as timeit does: a collection lands on whichever side allocates when it is due
    try:
        for _round in range(ROUNDS):
            started = time.process_time()
            mine, errors = _export(n, reporting)
            export_seconds = min(export_seconds, time.process_time() - started)
            started = time.process_time()
            floor = floor_export(n, reporting, NOW)
            floor_seconds = min(floor_seconds, time.process_time() - started)
            gc.collect()
    finally:
        gc.enable()
    # Apart, what each side spends on when each activity last changed: the whole history, read once
    # per file whatever its size (iati_updated.last_changed; the floor's one GROUP BY statement).
    from django.db import connection

    from cocopa.cooperation import iati_updated

    started = time.process_time()
    iati_updated.last_changed()
    changed_seconds = time.process_time() - started
    started = time.process_time()
    with connection.cursor() as cur:
        cur.execute(LAST_CHANGED_SQL)
        cur.fetchall()
    floor_changed_seconds = time.process_time() - started
    elements, floor_elements = _elements(mine), _elements(floor)
    return {
        "last_changed_seconds": changed_seconds,
        "floor_last_changed_seconds": floor_changed_seconds,
        "activities": elements["iati-activity"],
        "dated": mine.count(b"<iati-activity last-updated-datetime="),
        "errors": errors,
        "export_seconds": export_seconds,
        "floor_seconds": floor_seconds,
        "bytes": len(mine),
        "identical": mine == floor,
        "elements": sum(elements.values()),
        "floor_elements": sum(floor_elements.values()),
        "element_differences": {
            tag: [elements[tag], floor_elements[tag]]
            for tag in sorted(set(elements) | set(floor_elements))
            if elements[tag] != floor_elements[tag]
        },
    }


def memory(db: str, n: int, trace: bool) -> dict[str, Any]:
    """Export n activities from the database into a sink that keeps nothing; peak memory growth."""
    _setup(db)
    from django.db import connection

    from cocopa.cooperation import iati, iati_checks, iati_updated

    class Sink:
        size = 0

        def write(self, data: bytes) -> int:
            self.size += len(data)
            return len(data)

    connection.ensure_connection()
    reporting = iati.ReportingOrg(*REPORTING)
    list(_initiatives(10))  # warm: imports, codelists, statement cache
    sink = Sink()
    before = _maxrss_mb()
    if trace:
        tracemalloc.start()
    iati.write_activities(
        iati_checks.exportable(_initiatives(n), [], today=NOW.date()),
        sink,  # type: ignore[arg-type]
        reporting=reporting,
        generated_at=NOW,
        last_updated=iati_updated.last_changed(),
    )
    result = {"rss_growth_mb": _maxrss_mb() - before, "bytes": sink.size}
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


# ---------------------------------------------------------------- the report


def main(trace: bool = False) -> Part:
    part = Part("IATI export")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="cocopa-bench-iati-"))
    db = str(tmp / "iati.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cocopa.settings",
        "PYTHONPATH": str(REPO),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    print(f"IATI export: building {max(SIZES):,} generated initiatives in {tmp} …", flush=True)
    try:
        built = worker("bench.iati", ["build", db], env)
        rates = {n: worker("bench.iati", ["throughput", db, str(n)], env) for n in SIZES}
        peaks = {
            n: worker("bench.iati", ["memory", db, str(n), "trace" if trace else "rss"], env) for n in SIZES
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        "# IATI export benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; Python {sys.version.split()[0]}; {os.cpu_count()} cores",
        f"- load average (1 min) at the end: {os.getloadavg()[0]:.1f}",
        f"- data: cocopa.cooperation.testing.make_portfolio({max(SIZES):,}) in a scratch SQLite database"
        f" (built in {built['seconds']:.0f} s); the first 1,000 by identifier for the smaller size",
        "",
        "## End to end, database reads included, against raw SQL and lxml",
        "",
        f"Target: the export's activities per second ≥ {TARGET_RATIO}× the floor's. The export: iati_source's"
        " reads (values_list, chunk by chunk), the pre-export checks and the streaming writer. The floor:"
        " the same rows read with raw SQL through a cursor, chunk by chunk, written with lxml as one tree."
        f" CPU time, best of {ROUNDS}.",
        "",
        "| activities | export | floor (raw SQL + lxml) | ratio | same bytes | elements (export, floor) | output |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, r in rates.items():
        ratio = r["floor_seconds"] / r["export_seconds"]
        same = not r["element_differences"] and r["activities"] == n
        lines.append(
            f"| {r['activities']:,} | {r['activities'] / r['export_seconds']:,.0f}/s | "
            f"{r['activities'] / r['floor_seconds']:,.0f}/s | {ratio:.2f}× | {'yes' if r['identical'] else 'NO'} | "
            f"{r['elements']:,}, {r['floor_elements']:,} | {r['bytes'] / 2**20:.1f} MB |"
        )
        part.check(
            f"every activity carries its last-updated-datetime from the history at {n:,} activities",
            r["dated"] == r["activities"],
            f"{r['dated']:,} of {r['activities']:,}",
        )
        lines.append(
            f"|  | of which when each last changed: {r['last_changed_seconds']:.2f} s |"
            f" {r['floor_last_changed_seconds']:.2f} s | | | | |"
        )
        differences = ", ".join(f"{tag} {a} vs {b}" for tag, (a, b) in r["element_differences"].items())
        part.check(
            f"the floor writes the export's elements at {n:,} activities",
            same,
            f"{r['elements']:,} elements each" if same else f"{r['activities']:,} activities; {differences}",
        )
        part.check(
            f"export at {n:,} activities ≥ {TARGET_RATIO}× the floor's activities/s",
            ratio >= TARGET_RATIO,
            f"{ratio:.2f}×",
        )
    lines += [
        "",
        "## Peak memory",
        "",
        f"Target: peak memory growth below {TARGET_GROWTH_MB:.0f} MB at both sizes (peak RSS of a fresh"
        " process during the export, output thrown away as written).",
        "",
        "| activities | peak RSS growth | tracemalloc peak |",
        "|---|---|---|",
    ]
    for n, m in peaks.items():
        traced = (
            f"{m['tracemalloc_peak_mb']:.1f} MB" if "tracemalloc_peak_mb" in m else "(run with --tracemalloc)"
        )
        lines.append(f"| {n:,} | {m['rss_growth_mb']:.1f} MB | {traced} |")
        part.check(
            f"peak memory growth at {n:,} activities < {TARGET_GROWTH_MB:.0f} MB",
            m["rss_growth_mb"] < TARGET_GROWTH_MB,
            f"{m['rss_growth_mb']:.1f} MB",
        )
    small, large = (peaks[n]["rss_growth_mb"] for n in SIZES)
    lines += [
        "",
        f"Growth from {SIZES[0]:,} to {SIZES[1]:,} activities: {large - small:+.1f} MB for {SIZES[1] // SIZES[0]}× the output.",
        f"Bench time: {time.monotonic() - started:.0f} s.",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)
    return part


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_worker":
        kind, db, *rest = sys.argv[2:]
        if kind == "build":
            out = build(db)
        elif kind == "throughput":
            out = throughput(db, int(rest[0]))
        else:
            out = memory(db, int(rest[0]), rest[1] == "trace")
        print(json.dumps(out))
    else:
        from bench.outcome import finish, run_part

        sys.exit(finish([run_part("IATI export", lambda: main(trace="--tracemalloc" in sys.argv))]))
