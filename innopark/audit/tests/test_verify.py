"""`innopark audit verify` and the append-only triggers, on SQLite and PostgreSQL."""

import io
import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from innopark.audit.chain import event_hash
from innopark.audit.models import GENESIS_HASH, AuditEvent
from innopark.audit.verify import verify_chain

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


@contextmanager
def guards_dropped():
    """Tampering needs the triggers gone for a moment; they are re-created whatever happens."""
    from innopark.core.append_only import set_guards

    set_guards(connection, [TABLE], enabled=False)
    try:
        yield
    finally:
        set_guards(connection, [TABLE], enabled=True)


def run_verify():
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().strip()


def test_empty_chain_holds():
    assert run_verify() == f"0 events, head {GENESIS_HASH}"


def test_intact_chain_prints_count_and_head(append):
    events = [append(after={"n": n, "when": "2018-02-15", "ok": True, "list": [1, None]}) for n in range(7)]
    assert run_verify() == f"7 events, head {events[-1].hash}"


def test_chain_of_events_with_unicode_and_nesting(append):
    append(after={"name": "«Алатау» ИТП", "nested": {"b": 1, "a": [1.5, "ә"]}})
    assert verify_chain().ok


def test_small_chunks_stream_the_same(append):
    for _ in range(11):
        append()
    result = verify_chain(chunk_size=3)
    assert result.ok and result.count == 11


def test_edited_row_is_named(append):
    for _ in range(5):
        append()
    with guards_dropped():
        AuditEvent.objects.filter(seq=3).update(after={"n": 999})
    with pytest.raises(CommandError, match=r"chain broken at event 3: hash mismatch \(row edited\)") as info:
        run_verify()
    assert info.value.returncode == 1


def test_edited_row_with_recomputed_hash_breaks_the_next_link(append):
    for _ in range(5):
        append()
    with guards_dropped():
        row = AuditEvent.objects.get(seq=3)
        row.after = {"n": 999}
        fields = {f.attname: getattr(row, f.attname) for f in AuditEvent._meta.concrete_fields if f.name != "hash"}
        AuditEvent.objects.filter(seq=3).update(after=row.after, hash=event_hash(**fields))
    with pytest.raises(CommandError, match="chain broken at event 4: prev_hash does not match event 3"):
        run_verify()


def test_deleted_row_is_named(append):
    for _ in range(5):
        append()
    with guards_dropped():
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(CommandError, match="chain broken at event 2: sequence gap: event 2 missing"):
        run_verify()


def test_deleted_tail_is_not_detectable_but_head_changes(append):
    """Cutting off the newest events leaves a valid shorter chain: the printed head is what to keep elsewhere."""
    events = [append() for _ in range(3)]
    with guards_dropped():
        AuditEvent.objects.filter(seq=3).delete()
    assert run_verify() == f"2 events, head {events[1].hash}"


def test_row_inserted_out_of_order_is_named(append):
    for _ in range(3):
        append()
    head = AuditEvent.objects.get(seq=3)
    # A forged event 5 (skipping 4) that links correctly to the head: the gap gives it away.
    forged = {f.attname: getattr(head, f.attname) for f in AuditEvent._meta.concrete_fields if f.name != "hash"}
    forged.update(seq=5, prev_hash=head.hash)
    AuditEvent.objects.create(**forged, hash=event_hash(**forged))
    with pytest.raises(CommandError, match="chain broken at event 4: sequence gap: event 4 missing"):
        run_verify()


def test_row_appended_with_a_wrong_prev_hash_is_named(append):
    for _ in range(3):
        append()
    head = AuditEvent.objects.get(seq=3)
    forged = {f.attname: getattr(head, f.attname) for f in AuditEvent._meta.concrete_fields if f.name != "hash"}
    forged.update(seq=4, prev_hash=AuditEvent.objects.get(seq=2).hash)
    AuditEvent.objects.create(**forged, hash=event_hash(**forged))
    with pytest.raises(CommandError, match="chain broken at event 4: prev_hash does not match event 3"):
        run_verify()


def test_first_event_missing(append):
    for _ in range(2):
        append()
    with guards_dropped():
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(CommandError, match="chain broken at event 1: sequence gap: event 1 missing"):
        run_verify()


def test_update_is_refused_by_the_database(append):
    event = append()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=event.seq).update(actor_label="someone else")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET zone_code = 'x'")
    assert AuditEvent.objects.get(seq=event.seq).actor_label == ""


def test_delete_is_refused_by_the_database(append):
    append()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    assert AuditEvent.objects.count() == 1


def test_audit_record_outside_a_transaction_is_refused(transactional_db):
    from innopark.audit.services import audit_record

    with pytest.raises(RuntimeError):
        audit_record(event_type="test.thing_changed", actor=None, subject_type="tests.thing", subject_id=1)


def test_unknown_event_type_is_refused(append):
    from innopark.audit.services import audit_record

    with pytest.raises(ValueError), transaction.atomic():
        audit_record(event_type="nobody.registered", actor=None, subject_type="tests.thing", subject_id=1)
    assert AuditEvent.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_concurrent_appends_give_a_contiguous_valid_chain(live_db):
    from innopark.audit.services import audit_record

    threads, per_thread, errors = 8, 15, []
    barrier = threading.Barrier(threads)

    def work():
        try:
            barrier.wait()
            for n in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        event_type="test.thing_changed",
                        actor=None,
                        subject_type="tests.thing",
                        subject_id="1",
                        after={"n": n},
                    )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, threads * per_thread + 1))
    assert verify_chain().ok


# --- The chain split into ranges (what worker processes do), checked here in one process ---------------------


@pytest.mark.parametrize("ranges", [2, 3, 4, 10])
def test_ranges_give_the_same_answer_on_an_intact_chain(append, ranges):
    events = [append() for _ in range(10)]
    result = verify_chain(ranges=ranges, workers=1, chunk_size=2)
    assert result.ok and result.count == 10 and result.head == events[-1].hash


@pytest.mark.parametrize("seq", [1, 4, 5, 6, 10])
def test_ranges_name_an_edited_row_anywhere(append, seq):
    for _ in range(10):
        append()
    with guards_dropped():
        AuditEvent.objects.filter(seq=seq).update(actor_label="forged")
    result = verify_chain(ranges=2, workers=1)
    assert result.message() == f"chain broken at event {seq}: hash mismatch (row edited)"


@pytest.mark.parametrize("seq", [1, 5, 6, 9])
def test_ranges_name_a_deleted_row_at_or_near_a_boundary(append, seq):
    for _ in range(10):
        append()
    with guards_dropped():
        AuditEvent.objects.filter(seq=seq).delete()
    result = verify_chain(ranges=2, workers=1)
    assert result.message() == f"chain broken at event {seq}: sequence gap: event {seq} missing"


def test_ranges_name_a_broken_link_at_the_boundary(append):
    for _ in range(10):
        append()
    with guards_dropped():
        row = AuditEvent.objects.get(seq=6)  # the first row of the second range
        fields = {f.attname: getattr(row, f.attname) for f in AuditEvent._meta.concrete_fields if f.name != "hash"}
        fields["prev_hash"] = "f" * 64
        AuditEvent.objects.filter(seq=6).update(prev_hash=fields["prev_hash"], hash=event_hash(**fields))
    assert verify_chain(ranges=2, workers=1).message() == "chain broken at event 6: prev_hash does not match event 5"
    assert verify_chain(ranges=1, workers=1).message() == "chain broken at event 6: prev_hash does not match event 5"


def test_command_prints_timing(append):
    append()
    out = io.StringIO()
    call_command("audit", "verify", "--timing", stdout=out)
    assert "events/s" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes need a database they can connect to")
def test_worker_processes_on_postgresql(live_db, append):
    for _ in range(30):
        append()
    assert verify_chain(workers=2, ranges=3).message().startswith("30 events, head ")
    with guards_dropped():
        AuditEvent.objects.filter(seq=17).update(actor_label="forged")
    assert verify_chain(workers=2, ranges=3).message() == "chain broken at event 17: hash mismatch (row edited)"
