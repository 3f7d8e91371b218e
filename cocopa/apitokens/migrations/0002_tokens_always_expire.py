"""Every token expires: a token made without an expiry gets created_at + COCOPA_API_TOKEN_DAYS
(so one older than that stops working at once, answering 401 `token_expired`), then
`expires_at` becomes required."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def give_every_token_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("apitokens", "ApiToken")
    lifetime = dt.timedelta(days=settings.COCOPA_API_TOKEN_DAYS)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=F("created_at") + lifetime)


class Migration(migrations.Migration):
    dependencies = [
        ("apitokens", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(give_every_token_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                help_text=(
                    "Every token expires: by default COCOPA_API_TOKEN_DAYS days after it is created "
                    "(a default of the software, not a rule of the network)."
                ),
                verbose_name="expires",
            ),
        ),
    ]
