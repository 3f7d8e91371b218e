"""Migration 0004: the office roles exist after the first migrate, as groups with no stored
permission (rights come from the rules); going back never drops a group someone is in."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP, PEACE_OFFICE_GROUP, is_administrative_office

BEFORE = [("core", "0003_audit_chain")]
AFTER = [("core", "0004_office_roles")]
OFFICES = {PEACE_OFFICE_GROUP, ADMINISTRATIVE_OFFICE_GROUP}


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.fixture
def back_to_the_latest():
    """Going back to core 0003 also unapplies what depends on core's later migrations (the
    sources' publisher, the library): the next tests need every app's latest schema again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrating_creates_the_office_groups_without_permissions_and_going_back_keeps_a_used_one(
    back_to_the_latest,
):
    migrate(BEFORE)
    assert not Group.objects.filter(name__in=OFFICES).exists()

    migrate(AFTER)

    groups = Group.objects.filter(name__in=OFFICES)
    assert {g.name for g in groups} == OFFICES
    assert [g.name for g in groups if g.permissions.exists()] == []
    assert not Group.objects.filter(name="board").exists()  # a board seat comes from a mandate

    clerk = User.objects.create_user("ragioniera")
    clerk.groups.add(Group.objects.get(name=ADMINISTRATIVE_OFFICE_GROUP))
    assert is_administrative_office(clerk)
    migrate(BEFORE)
    assert set(Group.objects.filter(name__in=OFFICES).values_list("name", flat=True)) == {
        ADMINISTRATIVE_OFFICE_GROUP
    }
    migrate(AFTER)  # and forward again, next to the group kept
    assert Group.objects.filter(name__in=OFFICES).count() == 2


@pytest.mark.django_db
def test_the_test_database_built_by_migrate_has_the_office_groups():
    assert set(Group.objects.filter(name__in=OFFICES).values_list("name", flat=True)) == OFFICES
