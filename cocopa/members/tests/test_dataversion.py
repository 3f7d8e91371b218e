"""The data version (core.dataversion) over the tables members watches (MembersConfig.ready):
every write to them changes it, and cached reads follow it."""

import datetime as dt

from django.db import connection

from cocopa.core import dataversion
from cocopa.members.models import LocalAuthority, PopulationFigure
from cocopa.testing import make_members


def test_every_kind_of_write_to_a_watched_table_changes_the_token(db):
    seen = [dataversion.token()]

    [town] = make_members(1)  # bulk_create: no signals, still a new token
    seen.append(dataversion.token())
    LocalAuthority.objects.filter(pk=town.pk).update(name="Renamed")
    seen.append(dataversion.token())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_populationfigure SET value = value + 1")
    seen.append(dataversion.token())
    PopulationFigure.objects.filter(authority=town).delete()
    seen.append(dataversion.token())

    assert None not in seen
    assert len(set(seen)) == len(seen)


def test_a_cached_read_is_reused_until_the_data_changes(db):
    calls = []

    def count() -> int:
        calls.append(1)
        return LocalAuthority.objects.count()

    first = dataversion.cached(("test", "count"), count)
    again = dataversion.cached(("test", "count"), count)
    make_members(2)
    after = dataversion.cached(("test", "count"), count)

    assert (first, again, after) == (first, first, first + 2)
    assert len(calls) == 2


def test_a_cached_list_pages_and_counts_like_its_queryset(db):
    make_members(7, joined=dt.date(2001, 1, 1))
    listed: dataversion.CachedList[LocalAuthority] = dataversion.CachedList(
        ("test", "list"), lambda: LocalAuthority.objects.order_by("pk")
    )
    expected = list(LocalAuthority.objects.order_by("pk"))

    assert listed.count() == len(listed) == len(expected)
    assert listed[2:5] == expected[2:5]
    assert listed[3] == expected[3]
    assert list(listed) == expected
