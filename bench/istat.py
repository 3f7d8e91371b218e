"""`python -m bench.istat FILE TEMPLATE_DB WORKDIR`: one round of the ISTAT import benchmark.

Times cocopa.members.services.import_istat(FILE) on a copy of TEMPLATE_DB (migrated, empty),
then the raw floor: the same municipalities and their population figures inserted with plain
sqlite3 executemany, in one transaction, with Django's connection pragmas, into another copy of
TEMPLATE_DB: the same database, so the same columns, indexes, constraints, foreign keys and
triggers as the real import writes to. Both times start before the file is read and end after
the commit. Prints one JSON line.

The floor once copied only the three tables' DDL; when members_localauthority gained a foreign
key to auth_user (archived_by), SQLite refused every insert ("no such table: main.auth_user":
with foreign keys on, it resolves the parent table of every foreign key on the child's insert).
A whole copy keeps the floor's schema the real one, whatever the migrations add.
"""

import json
import os
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import django

AUTHORITY = "members_localauthority"
FIGURE = "members_populationfigure"
SOURCE = "core_source"
CENSUS_2011 = "2011-10-09"


def timed_import(path: Path, db: Path) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    django.setup()
    from django.db import connection

    try:
        from cocopa.members.services import import_istat
    except ImportError as err:
        return {"error": f"cocopa.members.services.import_istat is not there yet ({err})"}
    from cocopa.members.models import LocalAuthority, PopulationFigure

    connection.ensure_connection()
    start = time.perf_counter()
    summary = import_istat(path, actor=None)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "summary": str(summary),
        "authorities": LocalAuthority.objects.count(),
        "figures": PopulationFigure.objects.count(),
    }


def _insert(con: sqlite3.Connection, table: str, given: dict[str, str]) -> str:
    """An INSERT naming every column: first `given`'s, in its order, as SQL (a constant or ?),
    then the others with '' or 0 when NOT NULL, else NULL."""
    names, values = list(given), list(given.values())
    for _cid, name, kind, notnull, _default, pk in con.execute(f"PRAGMA table_info({table})"):
        if pk or name in given:
            continue
        names.append(name)
        values.append(("0" if kind.lower() in ("integer", "bool") else "''") if notnull else "NULL")
    columns = ", ".join(f'"{n}"' for n in names)
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(values)})"


def _regexp(pattern: str | None, value: Any) -> bool | None:
    """REGEXP for the ISTAT code's CHECK constraint, as Django registers it on its connections."""
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def timed_raw(path: Path, template: Path, db: Path) -> dict[str, Any]:
    shutil.copyfile(template, db)
    con = sqlite3.connect(db, isolation_level=None)
    con.create_function("REGEXP", 2, _regexp, deterministic=True)
    # What Django's settings run on every new SQLite connection.
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    authority_sql = _insert(
        con,
        AUTHORITY,
        dict.fromkeys(
            ("kind", "name", "istat_code", "province_code", "province_name", "region_name", "cadastral_code"),
            "?",
        ),
    )
    figure_sql = _insert(
        con,
        FIGURE,
        {
            "authority_id": "?",
            "value": "?",
            "source_id": "?",
            "reference_date": f"'{CENSUS_2011}'",
            "reference_precision": "'day'",
            "basis": "'popolazione legale ISTAT, censimento 2011'",
            "basis_it": "'popolazione legale ISTAT, censimento 2011'",
            "basis_en": "'ISTAT legal population, 2011 census'",
            "preferred": "1",
        },
    )

    source_sql = _insert(con, SOURCE, {"code": "'ISTAT-2011'", "title": "'ISTAT, Elenco comuni italiani'"})

    start = time.perf_counter()
    municipalities = json.loads(path.read_bytes())
    con.execute("BEGIN IMMEDIATE")
    source_id = con.execute(source_sql).lastrowid
    con.executemany(
        authority_sql,
        [
            (
                "municipality",
                m["nome"],
                m["codice"],
                m["provincia"]["codice"],
                m["provincia"]["nome"],
                m["regione"]["nome"],
                m["codiceCatastale"],
            )
            for m in municipalities
        ],
    )
    ids = dict(con.execute(f"SELECT istat_code, id FROM {AUTHORITY}"))
    con.executemany(figure_sql, [(ids[m["codice"]], m["popolazione"], source_id) for m in municipalities])
    con.execute("COMMIT")
    seconds = time.perf_counter() - start
    authorities = con.execute(f"SELECT COUNT(*) FROM {AUTHORITY}").fetchone()[0]
    figures = con.execute(f"SELECT COUNT(*) FROM {FIGURE}").fetchone()[0]
    con.close()
    return {"seconds": seconds, "authorities": authorities, "figures": figures}


def main() -> None:
    path, template, workdir = (Path(a) for a in sys.argv[1:4])
    path.read_bytes()  # both sides then read the file from the page cache
    django_db, raw_db = workdir / "import-django.sqlite3", workdir / "import-raw.sqlite3"
    for leftover in workdir.glob("import-*.sqlite3*"):
        leftover.unlink()
    shutil.copyfile(template, django_db)
    result = {"django": timed_import(path, django_db), "raw": timed_raw(path, template, raw_db)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
