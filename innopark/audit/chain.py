"""Canonical form and hashing of audit events, shared by record() and verify().

The hash of an event is SHA-256 over orjson's canonical (sorted-keys) JSON of its fields, followed by the
previous event's hash in ASCII. `payload_hash` is the one definition; `event_hash` is the convenient form for
writers, and verify.py calls `payload_hash` directly with values read straight from the database.
"""

import hashlib
from datetime import UTC, datetime

import orjson

_SORTED = orjson.OPT_SORT_KEYS
_sha256 = hashlib.sha256


def canonical_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_hash(
    seq: int,
    time: str,
    actor_id,
    actor_label: str,
    event_type: str,
    subject: str,
    zone_code: str,
    before,
    after,
    correlation_id: str,
    prev_hash: str,
) -> str:
    """SHA-256 of the canonical JSON; `time` is canonical_time(...), `subject` is "<type>:<id>"."""
    body = orjson.dumps(
        {
            "seq": seq,
            "time": time,
            "actor": actor_id,
            "actor_label": actor_label,
            "type": event_type,
            "subject": subject,
            "zone": zone_code,
            "before": before,
            "after": after,
            "correlation": correlation_id,
        },
        option=_SORTED,
    )
    return _sha256(body + prev_hash.encode("ascii")).hexdigest()


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
    return payload_hash(
        seq,
        canonical_time(occurred_at),
        actor_id,
        actor_label,
        event_type,
        f"{subject_type}:{subject_id}",
        zone_code,
        before,
        after,
        correlation_id,
        prev_hash,
    )
