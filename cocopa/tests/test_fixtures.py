"""The shared fixtures of cocopa/conftest.py: the restored demo network and the personas."""

import pytest
from django.db import connection
from django.utils import timezone

from cocopa.core import audit, dataversion
from cocopa.core.models import AuditEvent
from cocopa.core.roles import Role
from cocopa.demo import services as demo_services
from cocopa.governance.models import Mandate
from cocopa.governance.roles import represents, roles_of
from cocopa.members.models import LocalAuthority


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_restored_demo_has_the_rows_load_demo_writes(demo_network, django_db_blocker):
    restored = _counts()
    # Undo the restore inside this test's transaction, then load through the services.
    with connection.cursor() as cursor:
        for table, count in restored.items():
            # Migrations write these (the office roles included), not load_demo.
            if count and table not in {
                "django_migrations",
                "django_content_type",
                "auth_permission",
                "auth_group",
            }:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
    demo_services.load_demo(actor=None)
    loaded = _counts()
    restored.pop("core_dataversion"), loaded.pop("core_dataversion")
    assert restored == loaded
    assert LocalAuthority.objects.exists()


def test_the_restored_audit_chain_verifies_and_goes_on(demo_network):
    entries = AuditEvent.objects.count()
    assert entries > 0
    assert audit.verify() == (entries, None)
    audit.record(None, "test.after_restore", None, {})
    assert audit.verify() == (entries + 1, None)


def test_a_restore_gives_the_data_a_new_version(db, request):
    before = dataversion.token()
    request.getfixturevalue("_demo_snapshot").restore()
    assert dataversion.token() not in {None, before}


def test_a_restore_leaves_ids_free_for_new_rows(demo_network):
    # On PostgreSQL the copied ids move the sequences on: a new row must not collide.
    created = LocalAuthority.objects.create(
        kind=LocalAuthority.Kind.MUNICIPALITY, name="Nuovo", istat_code="999999"
    )
    assert created.pk > max(LocalAuthority.objects.exclude(pk=created.pk).values_list("pk", flat=True))


def test_a_snapshot_is_not_restored_over_rows_a_fixture_wrote(db, request):
    snapshot = request.getfixturevalue("_demo_snapshot")
    assert snapshot.is_restorable()
    LocalAuthority.objects.create(kind=LocalAuthority.Kind.MUNICIPALITY, name="Prima", istat_code="999998")
    assert not snapshot.is_restorable()


TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("persona", "roles"),
    [
        ("plain_user", {Role.USER}),
        ("peace_office_user", {Role.PEACE_OFFICE}),
        ("administrative_office_user", {Role.ADMINISTRATIVE_OFFICE}),
        ("board_member_user", {Role.BOARD_MEMBER}),
        ("representative_user", {Role.REPRESENTATIVE}),
        ("superuser_user", {Role.SUPERUSER, Role.PEACE_OFFICE, Role.ADMINISTRATIVE_OFFICE}),
    ],
)
def test_each_persona_holds_exactly_its_roles(request, persona, roles):
    user = request.getfixturevalue(persona)
    assert roles_of(user, TODAY) == roles


def test_the_representative_represents_the_member_it_carries(representative_user, represented_member):
    assert representative_user.represented == represented_member
    assert represents(representative_user, represented_member, TODAY)


def test_the_board_member_sits_on_a_board(board_member_user):
    assert Mandate.objects.filter(person__user=board_member_user, body__kind="board").count() == 1
