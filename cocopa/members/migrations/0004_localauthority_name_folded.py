"""LocalAuthority.name_folded: the name as the municipality search compares it, stored (members/README.md,
"Searching municipalities by name"), and filled for the rows that exist.

The folding rule is written out here as it stood when the column was added, so that this
migration keeps its meaning if members.models.folded changes later (a change there comes with a
new migration that refolds the names)."""

import unicodedata

from django.db import migrations, models

BATCH_SIZE = 500
MAX_LENGTH = 200


def folded_name(name):
    """members.models.folded_name as of this migration: apostrophe shapes unified, accents
    removed (NFKD, combining marks dropped), casefolded, cut to the column's length."""
    text = name.replace("\u2019", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()[:MAX_LENGTH]


def fill_name_folded(apps, schema_editor):
    """Fold every stored name, in batches of BATCH_SIZE (the ISTAT list alone has 7,904 rows).

    History rows are folded too, so that a version restored from the history keeps its column."""
    alias = schema_editor.connection.alias
    for model_name in ("LocalAuthority", "HistoricalLocalAuthority"):
        model = apps.get_model("members", model_name)
        pk = model._meta.pk.attname
        rows = model._default_manager.using(alias).order_by(pk)
        last = None
        while True:
            page = rows if last is None else rows.filter(**{f"{pk}__gt": last})
            batch = list(page.only(pk, "name", "name_folded")[:BATCH_SIZE])
            if not batch:
                break
            changed = []
            for row in batch:
                value = folded_name(row.name)
                if row.name_folded != value:
                    row.name_folded = value
                    changed.append(row)
            model._default_manager.using(alias).bulk_update(changed, ["name_folded"])
            last = getattr(batch[-1], pk)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_documents_protected_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicallocalauthority",
            name="name_folded",
            field=models.CharField(
                db_default="", db_index=True, editable=False, max_length=200, verbose_name="name as searched"
            ),
        ),
        migrations.AddField(
            model_name="localauthority",
            name="name_folded",
            field=models.CharField(
                db_default="", db_index=True, editable=False, max_length=200, verbose_name="name as searched"
            ),
        ),
        migrations.RunPython(fill_name_folded, migrations.RunPython.noop, elidable=False),
    ]
