"""The audit trail as a hash chain: appends, history of edits made outside services, verify_audit."""

import importlib
import threading
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.models import ProtectedError

from cocopa.core import audit, chain
from cocopa.core.models import AuditChainHead, AuditEvent, Source
from cocopa.testing import make_members, make_source

pytestmark = pytest.mark.django_db


def verify_output() -> str:
    call_command("verify_audit", stdout=(out := _Out()))
    return out.text


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text


def make_chain(n: int = 5) -> list[AuditEvent]:
    user = User.objects.create_user("office")
    return [audit.record(user, "test.done", None, {"n": i}) for i in range(n)]


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def broken_at() -> str:
    with pytest.raises(CommandError) as err:
        call_command("verify_audit")
    assert err.value.returncode == 1
    return str(err.value)


def test_entries_are_numbered_from_one_and_each_links_to_the_one_before():
    events = make_chain(3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == chain.GENESIS
    assert events[1].prev_hash == events[0].hash
    assert events[2].actor_name == "office"
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (3, events[2].hash)


def test_the_stored_entry_hashes_to_what_was_computed_before_saving():
    event = make_chain(1)[0]
    event.refresh_from_db()
    assert chain.digest(audit.entry_of(event)) == event.hash


def test_data_is_hashed_as_the_database_gives_it_back():
    event = audit.record(None, "test.tuple", None, {"t": (1, 2), 3: "x"})  # type: ignore[dict-item]
    event.refresh_from_db()
    assert event.data == {"t": [1, 2], "3": "x"}
    assert "chain intact" in verify_output()


def test_a_rolled_back_append_leaves_no_gap():
    make_chain(2)
    with transaction.atomic():
        audit.record(None, "test.lost")
        transaction.set_rollback(True)
    assert audit.record(None, "test.kept").seq == 3
    assert "3 entries, chain intact" in verify_output()


def test_an_audited_user_cannot_be_deleted_only_deactivated():
    user = make_chain(1)[0].actor
    with pytest.raises(ProtectedError):
        user.delete()


def test_an_admin_edit_is_chained_with_who_and_which_fields_but_no_values():
    office = User.objects.create_user("office")
    source = Source(code="S1", title="Press release", url="https://example.org")
    source._history_user = office
    source.save()
    source.title = "Secret title"
    source.note = "changed"
    source.save()
    pk = source.pk
    source.delete()

    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.verb for e in events] == [
        "history.core.source.+",
        "history.core.source.~",
        "history.core.source.-",
    ]
    assert {e.actor for e in events} == {office}
    assert events[1].data["fields"] == ["note", "title"]
    assert "Secret" not in str(events[1].data)
    assert events[1].target_type == "core.Source"
    assert events[1].target_id == str(pk)


def test_a_save_without_a_known_user_is_left_to_the_service_that_made_it():
    Source.objects.create(code="S2", title="Saved by a service or a shell")
    assert not AuditEvent.objects.exists()


def test_history_of_unaudited_apps_is_not_chained():
    from cocopa.cooperation.models import InitiativeKind

    kind = InitiativeKind(key="x", name="X")
    kind._history_user = User.objects.create_user("office")
    kind.save()
    assert not AuditEvent.objects.exists()


def test_bulk_creates_write_no_history_and_do_not_break_the_chain():
    make_members(3)  # bulk_create: no history rows, hence no audit entries
    make_source()
    assert "chain intact" in verify_output()


def test_verify_audit_reports_an_intact_chain():
    make_chain(4)
    assert "4 entries, chain intact" in verify_output()


def test_an_altered_field_is_reported_at_its_seq():
    events = make_chain(5)
    sql("UPDATE core_auditevent SET verb = 'test.forged' WHERE seq = 3")
    message = broken_at()
    assert f"seq 3 (id {events[2].id})" in message
    assert "content altered" in message


def test_altered_data_is_reported():
    make_chain(5)
    sql("UPDATE core_auditevent SET data = %s WHERE seq = 4", '{"n": 99}')
    assert "seq 4" in broken_at()


def test_two_swapped_entries_are_reported_as_reordered():
    make_chain(5)
    sql("UPDATE core_auditevent SET seq = 1000 WHERE seq = 2")
    sql("UPDATE core_auditevent SET seq = 2 WHERE seq = 3")
    sql("UPDATE core_auditevent SET seq = 3 WHERE seq = 1000")
    message = broken_at()
    assert "seq 2" in message
    assert "order altered" in message


def test_a_deleted_entry_is_reported():
    make_chain(5)
    sql("DELETE FROM core_auditevent WHERE seq = 3")
    message = broken_at()
    assert "seq 3" in message
    assert "missing" in message


def test_a_deleted_last_entry_is_reported_against_the_head():
    make_chain(5)
    sql("DELETE FROM core_auditevent WHERE seq = 5")
    assert "seq 5" in broken_at()


def test_a_forged_entry_with_a_well_computed_hash_is_reported():
    events = make_chain(5)
    forged = AuditEvent(
        seq=6, at=events[-1].at, actor_name="", verb="test.forged", data={}, prev_hash=events[-1].hash
    )
    forged.hash = chain.digest(audit.entry_of(forged))
    AuditEvent.objects.bulk_create([forged])  # behind record()'s back: the head does not move
    message = broken_at()
    assert "seq 6" in message
    assert "chain end altered" in message


def test_a_forged_entry_inserted_in_the_middle_is_reported():
    make_chain(5)
    sql("UPDATE core_auditevent SET seq = seq + 10 WHERE seq >= 3")
    sql("UPDATE core_auditevent SET seq = seq - 9 WHERE seq >= 13")
    AuditEvent.objects.bulk_create([AuditEvent(seq=3, verb="test.forged", prev_hash="x", hash="y")])
    assert "seq 3" in broken_at()


def test_the_migration_chains_existing_entries_in_the_order_they_were_written():
    make_chain(4)
    sql("UPDATE core_auditevent SET prev_hash = '', hash = '', actor_name = '', seq = seq + 100")
    AuditChainHead.objects.all().delete()
    migration = importlib.import_module("cocopa.core.migrations.0003_audit_chain")

    migration.chain_existing(apps, SimpleNamespace(connection=connection))

    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert AuditEvent.objects.get(seq=1).actor_name == "office"
    assert "4 entries, chain intact" in verify_output()


THREADS = 12
APPENDS = 10


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_appends_from_many_connections_keep_the_chain_gapless():
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def append(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(APPENDS):
                with transaction.atomic():
                    audit.record(None, "test.race", None, {"thread": n, "i": i})
                    if i % 3 == 0:  # a rolled-back append must leave no gap either
                        transaction.set_rollback(True)
        except Exception as err:  # a crash must fail the test, not vanish in a thread
            errors.append(f"{type(err).__name__}: {err}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    kept = THREADS * (APPENDS - len(range(0, APPENDS, 3)))
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, kept + 1))
    assert f"{kept} entries, chain intact" in verify_output()
