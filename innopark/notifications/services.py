"""Notifications: an inbox item now (inside the caller's transaction) and an email after the commit.

Callers pass lazy translations; they are rendered in each recipient's language (their profile's, else kk).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from innopark.notifications.models import Notification


def _render(value, params: dict) -> str:
    text = str(value)
    return text % params if params else text


def notify(
    *, recipients, kind: str, subject, body="", url: str = "", params: dict | None = None, email: bool = True
) -> list[Notification]:
    """Create one inbox item per recipient and mail them after the surrounding transaction commits."""
    params = params or {}
    created = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            note = Notification.objects.create(
                recipient=user,
                kind=kind,
                subject=_render(subject, params)[:300],
                body=_render(body, params),
                url=url,
            )
        created.append(note)
        if email and user.email:
            transaction.on_commit(lambda n=note, addr=user.email: _send(n.pk, addr))
    return created


def _send(notification_id: int, address: str) -> None:
    note = Notification.objects.filter(pk=notification_id).first()
    if note is None:
        return
    link = f"{settings.SITE_URL}{note.url}" if note.url.startswith("/") else note.url
    send_mail(note.subject, f"{note.body}\n\n{link}".strip(), None, [address], fail_silently=True)
    Notification.objects.filter(pk=note.pk).update(emailed=True)


def notification_mark_read(*, user, notification_ids) -> int:
    return Notification.objects.filter(recipient=user, pk__in=notification_ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
