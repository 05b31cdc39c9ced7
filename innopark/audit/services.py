"""Writing audit events. Called by every service, inside the service's transaction.

The chain head is read under a lock (a PostgreSQL advisory transaction lock; on SQLite the IMMEDIATE
transaction already holds the single write lock), so concurrent writers append one after another and the
sequence stays contiguous.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from innopark.audit.chain import event_hash
from innopark.audit.models import GENESIS_HASH, AuditEvent
from innopark.audit.registry import is_known_event_type
from innopark.core.context import correlation_id
from innopark.core.fastsql import hot_cursor

# An arbitrary constant: the advisory lock that serialises appends to the chain on PostgreSQL.
CHAIN_LOCK_KEY = 7_318_004_211


def to_jsonable(value):
    """Values for before/after: JSON-safe and stable (dates as ISO strings, models as their pk)."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "tiyn"):
        return value.tiyn
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: Model, fields) -> dict:
    """The named fields of an instance, JSON-safe: call before and after a change."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = to_jsonable(getattr(instance, attname))
    return out


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed."""
    keys = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys if k in before}, {k: after.get(k) for k in keys if k in after}


def _lock_chain(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


_TABLE = AuditEvent._meta.db_table
_COLUMNS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "event_type",
    "subject_type",
    "subject_id",
    "zone_code",
    "before",
    "after",
    "correlation_id",
    "prev_hash",
    "hash",
)
# Raw SQL rather than the ORM: every service of every app appends here inside its transaction while holding the
# chain lock, so the append is kept to the fewest, cheapest statements (docs/benchmarks.md, ADR 0043).
_HEAD_SQL = f'SELECT "seq", "hash" FROM "{_TABLE}" ORDER BY "seq" DESC LIMIT 1'
_INSERT_SQL = 'INSERT INTO "{table}" ({columns})'.format(table=_TABLE, columns=", ".join(f'"{c}"' for c in _COLUMNS))
_ROW = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"


def _fields(*, event_type, actor, subject_type, subject_id, before, after, zone_code, occurred_at) -> dict:
    if not is_known_event_type(event_type):
        raise ValueError(f"Unknown audit event type {event_type!r}: register it in the app's events.py")
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    return {
        "occurred_at": occurred_at or timezone.now(),
        "actor_id": actor_id,
        "actor_label": getattr(actor, "email", "") if actor_id else "",
        "event_type": event_type,
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "zone_code": zone_code or "",
        "before": to_jsonable(before or {}),
        "after": to_jsonable(after or {}),
        "correlation_id": correlation_id(),
    }


def _append(events: list[dict]) -> list[AuditEvent]:
    """Link the events to the chain head and insert them, in one statement, under the chain lock."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    ops = connection.ops
    rows, out = [], []
    with hot_cursor() as cursor:
        # The lock is taken as late as possible: from here to COMMIT every other writer waits.
        _lock_chain(cursor)
        cursor.execute(_HEAD_SQL)
        head = cursor.fetchone()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        for fields in events:
            fields["seq"], fields["prev_hash"] = seq, prev_hash
            fields["hash"] = event_hash(**fields)
            seq, prev_hash = seq + 1, fields["hash"]
            row = dict(fields)
            row["occurred_at"] = ops.adapt_datetimefield_value(fields["occurred_at"])
            row["before"] = ops.adapt_json_value(fields["before"], None)
            row["after"] = ops.adapt_json_value(fields["after"], None)
            rows.extend(row[c] for c in _COLUMNS)
            event = AuditEvent(**fields)
            event._state.adding = False
            event._state.db = connection.alias
            out.append(event)
        values = ", ".join([_ROW] * len(events))
        cursor.execute(f"{_INSERT_SQL} VALUES {values}", rows)
    return out


def audit_record(
    *,
    event_type: str,
    actor,
    subject_type: str,
    subject_id,
    before: dict | None = None,
    after: dict | None = None,
    zone_code: str = "",
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    fields = _fields(
        event_type=event_type,
        actor=actor,
        subject_type=subject_type,
        subject_id=subject_id,
        before=before,
        after=after,
        zone_code=zone_code,
        occurred_at=occurred_at,
    )
    return _append([fields])[0]


def audit_record_many(events: list[dict]) -> list[AuditEvent]:
    """Append several events in order, taking the chain lock once (for services that write in batches). Each
    item has audit_record's keyword arguments. Must run inside the caller's transaction."""
    if not events:
        return []
    return _append(
        [
            _fields(
                event_type=e["event_type"],
                actor=e.get("actor"),
                subject_type=e["subject_type"],
                subject_id=e["subject_id"],
                before=e.get("before"),
                after=e.get("after"),
                zone_code=e.get("zone_code", ""),
                occurred_at=e.get("occurred_at"),
            )
            for e in events
        ]
    )


__all__ = ["audit_record", "audit_record_many", "snapshot", "diff", "to_jsonable", "transaction"]
