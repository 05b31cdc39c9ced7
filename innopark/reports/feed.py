"""The public "changed since" feed of grants and register entries (ADR 0062).

The audit chain is the feed's source: every change of a grant or a participant already writes an event in the
same transaction, and events are appended one at a time under the chain lock, so their sequence numbers follow
commit order. A reader that resumes after sequence N can therefore never miss an event that committed late with a
smaller number. On top of that the feed hides events of the newest second (the lesson Prozorro measured): a read
replica a moment behind, or a clock step, cannot make a client skip anything either, and a page always ends at a
stable point.
"""

from __future__ import annotations

import base64
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError
from innopark.reports.stats import sources as s

FEED_SUBJECTS = {"projects.grant": "grant", "registry.participant": "participant"}
HIDE_NEWEST = dt.timedelta(seconds=1)
MAX_LIMIT = 500


def encode_token(seq: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{seq}".encode()).decode().rstrip("=")


def decode_token(token: str | None) -> int:
    if not token:
        return 0
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        version, seq = raw.split(":", 1)
        value = int(seq)
        if version != "v1" or value < 0:
            raise ValueError(raw)
        return value
    except (ValueError, UnicodeDecodeError):
        raise ApplicationError(
            _("This feed token is not valid: start without one, or pass next_since from a page."),
            code="invalid_token",
            fields={"since": [_("Not a token this feed issued.")]},
        )


def _grant_data(ids: list[str]) -> dict[str, dict]:
    grant = s.grant_model()
    if grant is None:
        return {}
    out = {}
    from innopark.reports.giving.export import grant_public_fields

    for obj in grant.objects.filter(pk__in=[i for i in ids if i.isdigit()]).select_related(s.GRANT_RECIPIENT, "zone"):
        out[str(obj.pk)] = grant_public_fields(obj)
    return out


def _participant_data(ids: list[str]) -> dict[str, dict]:
    participant = s.participant_model()
    if participant is None:
        return {}
    out = {}
    rows = participant.objects.filter(pk__in=[i for i in ids if i.isdigit()]).select_related("organization", "zone")
    for obj in rows:
        org = obj.organization
        out[str(obj.pk)] = {
            "zone": obj.zone.code,
            "organization_id": org.open_data_id,
            "name_kk": org.name_kk,
            "name_ru": org.name_ru,
            "name_en": org.name_en,
            "status": obj.status,
            "admitted_on": obj.admitted_on.isoformat() if obj.admitted_on else None,
            "register_entry_number": obj.register_entry_number,
            "registered_on": obj.registered_on.isoformat() if obj.registered_on else None,
            "excluded_on": obj.excluded_on.isoformat() if obj.excluded_on else None,
        }
    return out


def feed_page(*, since: str | None, limit: int = 100, now: dt.datetime | None = None) -> dict:
    """One page of changes after the token, oldest first; the token of the page's end in `next_since`."""
    after = decode_token(since)
    limit = max(1, min(int(limit), MAX_LIMIT))
    cutoff = (now or timezone.now()) - HIDE_NEWEST
    fetched = list(
        AuditEvent.objects.filter(seq__gt=after, subject_type__in=list(FEED_SUBJECTS))
        .order_by("seq")
        .values("seq", "occurred_at", "event_type", "subject_type", "subject_id")[: limit + 1]
    )
    # Stop at the first event of the newest second (not merely skip it): everything after it waits too, so a
    # client's token never jumps over an event it has not seen.
    events = []
    for event in fetched:
        if event["occurred_at"] >= cutoff:
            break
        events.append(event)
    has_more = len(events) > limit
    events = events[:limit]
    ids_by_kind: dict[str, list[str]] = {}
    for event in events:
        ids_by_kind.setdefault(FEED_SUBJECTS[event["subject_type"]], []).append(event["subject_id"])
    data = {
        "grant": _grant_data(ids_by_kind.get("grant", [])),
        "participant": _participant_data(ids_by_kind.get("participant", [])),
    }
    items = [
        {
            "kind": FEED_SUBJECTS[e["subject_type"]],
            "id": e["subject_id"],
            "event_type": e["event_type"],
            "changed_at": e["occurred_at"].isoformat(),
            "data": data[FEED_SUBJECTS[e["subject_type"]]].get(e["subject_id"]),
        }
        for e in events
    ]
    last = events[-1]["seq"] if events else after
    return {"items": items, "next_since": encode_token(last), "has_more": has_more}
