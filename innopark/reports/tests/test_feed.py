"""The changes feed: commit order, keyset tokens, and the newest second held back."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from innopark.audit.services import audit_record
from innopark.reports.events import ReportsEvent
from innopark.reports.feed import encode_token, feed_page


def record(subject_type: str, subject_id: int, at: dt.datetime):
    with transaction.atomic():
        return audit_record(
            event_type=ReportsEvent.GIVING_IMPORTED,
            actor=None,
            subject_type=subject_type,
            subject_id=subject_id,
            occurred_at=at,
        )


def test_pages_follow_the_chain_and_tokens_resume(db):
    start = timezone.now() - dt.timedelta(minutes=5)
    events = [
        record("projects.grant", 1, start),
        record("zones.zone", 1, start),  # not published in the feed
        record("registry.participant", 7, start + dt.timedelta(seconds=1)),
        record("projects.grant", 2, start + dt.timedelta(seconds=2)),
    ]
    first = feed_page(since=None, limit=2)
    assert [(i["kind"], i["id"]) for i in first["items"]] == [("grant", "1"), ("participant", "7")]
    assert first["has_more"] is True
    second = feed_page(since=first["next_since"], limit=2)
    assert [(i["kind"], i["id"]) for i in second["items"]] == [("grant", "2")]
    assert second["has_more"] is False
    assert feed_page(since=second["next_since"])["items"] == []
    assert second["next_since"] == encode_token(events[-1].seq)


def test_the_newest_second_is_held_back(db):
    now = timezone.now()
    old = record("projects.grant", 1, now - dt.timedelta(seconds=10))
    record("projects.grant", 2, now - dt.timedelta(milliseconds=300))
    # Even an older-looking event after it waits: the page stops at the first event that is too new.
    record("projects.grant", 3, now - dt.timedelta(seconds=20))
    page = feed_page(since=None, now=now)
    assert [i["id"] for i in page["items"]] == ["1"]
    assert page["next_since"] == encode_token(old.seq)
    later = feed_page(since=page["next_since"], now=now + dt.timedelta(seconds=2))
    assert [i["id"] for i in later["items"]] == ["2", "3"]


def test_the_api_serves_the_feed(db, client):
    record("projects.grant", 5, timezone.now() - dt.timedelta(minutes=1))
    body = client.get("/api/v1/feed", {"limit": 10}).json()
    assert body["items"][0]["kind"] == "grant" and body["items"][0]["data"] is None  # no such grant any more
    assert client.get("/api/v1/feed", {"limit": 0}).status_code == 422
