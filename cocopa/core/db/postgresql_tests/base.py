"""PostgreSQL as the test settings use it: Django's backend, except that emptying the database
deletes rows instead of truncating tables.

Every test that writes through a live server (the browser tests) ends with Django's `flush`, which
on PostgreSQL is one TRUNCATE of all ~160 tables. TRUNCATE gives each table and index a new file
even when the table is empty, and took 0.6–7 s per test on the CI machine; a DELETE per table
takes 0.07–0.2 s, as nearly every table is empty or small. Foreign keys are all deferred (Django
creates them DEFERRABLE INITIALLY DEFERRED, and flush runs in one transaction), so the order of
the deletes does not matter. Sequences are not reset, as TRUNCATE without RESTART IDENTITY leaves
them. A flush that asks to reset sequences or to cascade still truncates.

Production uses Django's backend unchanged; cocopa/settings_test.py selects this one for a
postgres:// DATABASE_URL.
"""

from typing import Any

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        if reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
