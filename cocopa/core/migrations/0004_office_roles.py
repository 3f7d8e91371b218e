"""The office roles exist from the first migrate: the groups `peace_office` and `administrative_office`.

They carry no stored permission on purpose: rights come from the rules each app registers
(cocopa/<app>/permissions.py), which ask only whether a user is in the group, and
cocopa.core.backends.AuthenticationOnlyBackend grants nothing stored on users or groups
(docs/decisions/0006). There is no "board" group: a seat on the Executive Board comes from an
in-force mandate (cocopa.governance.roles.is_board_member), as a representative comes from a
designation, so neither can be handed out by adding someone to a group.

The names are written out here, not imported from cocopa.core.roles, so this migration means the
same thing whatever the constants become later.
"""

from django.db import migrations

OFFICE_GROUPS = ("peace_office", "administrative_office")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    for name in OFFICE_GROUPS:
        Group.objects.using(db).get_or_create(name=name)


def remove_empty_groups(apps, schema_editor):
    # Going back removes a group only while nobody is in it: a role someone holds is never dropped.
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    Group.objects.using(db).filter(name__in=OFFICE_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0003_audit_chain"),
    ]

    operations = [migrations.RunPython(create_groups, remove_empty_groups)]
