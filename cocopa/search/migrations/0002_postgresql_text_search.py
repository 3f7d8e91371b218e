"""PostgreSQL only: GIN indexes for its full-text search of the folded text, one per language with
that language's configuration (queries.py). The expressions are the ones Django writes for
SearchVector("folded", config=…), so the planner can use them. SQLite needs nothing: there the
search compares word starts, and a scan of the few thousand entries is fast (README)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CONFIGS = {"it": "italian", "en": "english"}


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, config in CONFIGS.items():
        schema_editor.execute(
            f"CREATE INDEX search_folded_{config} ON search_searchentry USING gin "
            f"(to_tsvector('{config}'::regconfig, COALESCE(folded, ''))) WHERE language = '{language}'"
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for config in CONFIGS.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS search_folded_{config}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
