"""Canonical form and hashing of audit events, shared by record() and verify()."""

import hashlib
from datetime import UTC, datetime

import orjson


def canonical_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id,
    actor_label: str,
    event_type: str,
    subject_type: str,
    subject_id: str,
    zone_code: str,
    before,
    after,
    correlation_id: str,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "time": canonical_time(occurred_at),
        "actor": actor_id,
        "actor_label": actor_label,
        "type": event_type,
        "subject": f"{subject_type}:{subject_id}",
        "zone": zone_code,
        "before": before,
        "after": after,
        "correlation": correlation_id,
    }
    body = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(body + prev_hash.encode("ascii")).hexdigest()
