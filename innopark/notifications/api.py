"""GET /api/v1/inbox: the signed-in user's notifications, newest first, keyset-paginated."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from innopark.api import auth_required
from innopark.core.api_schemas import ErrorOut
from innopark.notifications.selectors import inbox_of

router = Router(tags=["notifications"])


class InboxQuery(Schema):
    after: int | None = Field(None, ge=1, le=2**62, description="Cursor: the `id` of the last item already read.")
    limit: int = Field(50, ge=1, le=200)
    unread: bool = Field(False, description="Only unread items.")


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool


class InboxOut(Schema):
    items: list[NotificationOut]
    unread_count: int
    next_after: int | None


@router.get("/inbox", response={200: InboxOut, 401: ErrorOut, 422: ErrorOut}, auth=auth_required, summary="My inbox")
def inbox(request, query: Query[InboxQuery]):
    items = inbox_of(request.user)
    unread_count = items.filter(read_at__isnull=True).count()
    if query.unread:
        items = items.filter(read_at__isnull=True)
    if query.after is not None:
        items = items.filter(pk__lt=query.after)
    rows = list(items.values("id", "kind", "subject", "body", "url", "created_at", "read_at")[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    for row in rows:
        row["read"] = row.pop("read_at") is not None
    return Status(200, {"items": rows, "unread_count": unread_count, "next_after": rows[-1]["id"] if more else None})
