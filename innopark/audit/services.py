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


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


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
    if not is_known_event_type(event_type):
        raise ValueError(f"Unknown audit event type {event_type!r}: register it in the app's events.py")
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    _lock_chain()
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    fields = {
        "seq": seq,
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
        "prev_hash": prev_hash,
    }
    fields["hash"] = event_hash(**fields)
    return AuditEvent.objects.create(**fields)


__all__ = ["audit_record", "snapshot", "diff", "to_jsonable", "transaction"]
