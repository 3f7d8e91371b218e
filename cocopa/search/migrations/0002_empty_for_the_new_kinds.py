"""The index gains the kinds events, campaigns, agreements, missions and programmes, and the
governance meetings' kind is renamed from `events` to `meetings`. The index is derived data: it is
emptied here, and the post_migrate hook that follows every migrate (index.fill_if_empty) writes
it anew from kinds.KINDS, so no entry of the old kind stays behind."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def empty(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("search", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(empty, migrations.RunPython.noop)]
