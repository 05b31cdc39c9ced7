"""GET /api/v1/audit?subject=<type>:<id>&after=<seq>&limit=: a subject's history, for users who may read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from innopark.api import auth_required
from innopark.audit.selectors import SUBJECT_RE, access_subject_history, parse_subject
from innopark.core.api_schemas import ErrorOut

router = Router(tags=["audit"])

MAX_SEQ = 2**62  # keeps the cursor inside a BIGINT on every database


class AuditQuery(Schema):
    subject: str = Field(
        ...,
        pattern=SUBJECT_RE.pattern,
        max_length=200,
        description="<app>.<model>:<id>, for example zones.zone:1",
    )
    after: int = Field(0, ge=0, le=MAX_SEQ, description="Cursor: the `seq` of the last event already read.")
    limit: int = Field(50, ge=1, le=500)


class AuditEventOut(Schema):
    seq: int
    occurred_at: dt.datetime
    actor_email: str | None
    event_type: str
    event_label: str
    subject_type: str
    subject_id: str
    zone_code: str
    before: dict[str, Any]
    after: dict[str, Any]
    correlation_id: str
    prev_hash: str
    hash: str


class AuditPageOut(Schema):
    items: list[AuditEventOut]
    next_after: int | None = Field(None, description="Pass as `after` to read the next page; null at the end.")


@router.get(
    "/audit",
    response={200: AuditPageOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=auth_required,
    summary="History of one subject (oldest first)",
)
def audit_for_subject(request, query: Query[AuditQuery]):
    subject_type, subject_id = parse_subject(query.subject)
    events = access_subject_history(request.user, subject_type, subject_id).order_by("seq")
    rows = list(events.filter(seq__gt=query.after)[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    items = [
        {
            "seq": e.seq,
            "occurred_at": e.occurred_at,
            "actor_email": e.actor_label or None,
            "event_type": e.event_type,
            "event_label": e.event_label,
            "subject_type": e.subject_type,
            "subject_id": e.subject_id,
            "zone_code": e.zone_code,
            "before": e.before,
            "after": e.after,
            "correlation_id": e.correlation_id,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in rows
    ]
    return Status(200, {"items": items, "next_after": rows[-1].seq if more else None})
