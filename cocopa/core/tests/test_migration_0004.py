"""Migration 0004: the office roles exist after the first migrate, as groups with no stored
permission (rights come from the rules); going back never drops a group someone is in.

The migration's two functions only touch auth's groups, whose schema has not changed since, so
they are run here on the test database as migrate runs them (with the project's apps), not by migrating the whole project back and forth: going back to core 0003 unapplies
every later migration that depends on it, some 20 s of each CI run per database."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection

from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP, PEACE_OFFICE_GROUP, is_administrative_office

OFFICES = {PEACE_OFFICE_GROUP, ADMINISTRATIVE_OFFICE_GROUP}
migration = importlib.import_module("cocopa.core.migrations.0004_office_roles")


# What the functions read of their schema editor: the connection's alias. (SQLite's real one cannot
# open inside the test's transaction.)
EDITOR = SimpleNamespace(connection=connection)


def forwards() -> None:
    migration.create_groups(apps, EDITOR)


def backwards() -> None:
    migration.remove_empty_groups(apps, EDITOR)


@pytest.mark.django_db
def test_the_test_database_built_by_migrate_has_the_office_groups_without_permissions():
    groups = Group.objects.filter(name__in=OFFICES)
    assert {g.name for g in groups} == OFFICES
    assert [g.name for g in groups if g.permissions.exists()] == []
    assert not Group.objects.filter(name="board").exists()  # a board seat comes from a mandate


@pytest.mark.django_db
def test_the_migration_names_the_groups_the_roles_ask_for():
    assert set(migration.OFFICE_GROUPS) == OFFICES


@pytest.mark.django_db
def test_going_back_keeps_a_used_group_and_forward_again_creates_only_the_missing_one():
    clerk = User.objects.create_user("ragioniera")
    clerk.groups.add(Group.objects.get(name=ADMINISTRATIVE_OFFICE_GROUP))
    assert is_administrative_office(clerk)

    backwards()

    assert set(Group.objects.filter(name__in=OFFICES).values_list("name", flat=True)) == {
        ADMINISTRATIVE_OFFICE_GROUP
    }
    kept = Group.objects.get(name=ADMINISTRATIVE_OFFICE_GROUP)
    assert list(kept.user_set.all()) == [clerk]

    forwards()  # and forward again, next to the group kept

    assert Group.objects.filter(name__in=OFFICES).count() == 2
    assert Group.objects.get(name=ADMINISTRATIVE_OFFICE_GROUP).pk == kept.pk
    assert is_administrative_office(User.objects.get(pk=clerk.pk))


@pytest.mark.django_db
def test_going_back_on_an_office_nobody_is_in_removes_both_groups():
    backwards()

    assert not Group.objects.filter(name__in=OFFICES).exists()
