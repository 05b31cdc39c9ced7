"""Reading the audit log with its rules: who may see which subject's history, and which part of it.

Every reader (the history panel, its partial view, the API) goes through `subject_visibility`, so the rule
registered by the owning app (see registry.py) holds everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from innopark.accounts.permissions import is_platform_admin
from innopark.audit.models import AuditEvent
from innopark.audit.registry import subject_access
from innopark.core.errors import ApplicationError, NotFound

# Dates of events are Almaty dates, whatever the server's or the viewer's time zone.
ALMATY = ZoneInfo("Asia/Almaty")
SUBJECT_RE = re.compile(r"^(?P<type>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*):(?P<id>[A-Za-z0-9_.\-]{1,64})$")

Period = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class Visibility:
    """What one user may see of one subject's history: everything, or the events of some periods."""

    everything: bool
    periods: tuple[Period, ...] = ()

    def filter(self) -> Q:
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for start, end in self.periods:
            part = Q(occurred_at__gte=_almaty_midnight(start))
            if end is not None:
                part &= Q(occurred_at__lt=_almaty_midnight(end))
            condition |= part
        return condition


def _almaty_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ALMATY)


def _as_visibility(answer) -> Visibility | None:
    """Read a registered can_view's answer (False, True, periods, or an object with whole_history/periods)."""
    if answer is None or answer is False:
        return None
    if answer is True:
        return Visibility(everything=True)
    if hasattr(answer, "whole_history"):
        if answer.whole_history:
            return Visibility(everything=True)
        answer = getattr(answer, "periods", ())
    if isinstance(answer, Sequence):
        periods = tuple((start, end) for start, end in answer)
        return Visibility(everything=False, periods=periods) if periods else None
    return Visibility(everything=True) if answer else None


def subject_visibility(user, subject_type: str, subject_id) -> Visibility | None:
    """None when the user may see nothing of the subject's history (or the subject type is unknown)."""
    can_view = subject_access(subject_type)
    if can_view is None:
        return None
    if is_platform_admin(user):
        return Visibility(everything=True)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return _as_visibility(can_view(user, str(subject_id)))


def events_for_subject(user, subject_type: str, subject_id) -> QuerySet[AuditEvent]:
    """The subject's events the user may see, newest first (empty when the user may see none)."""
    visibility = subject_visibility(user, subject_type, subject_id)
    if visibility is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
        .filter(visibility.filter())
        .order_by("-seq")
    )


def access_subject_history(user, subject_type: str, subject_id) -> QuerySet[AuditEvent]:
    """Like events_for_subject, but NotFound (not an empty list) for a subject the user may not see."""
    if subject_visibility(user, subject_type, subject_id) is None:
        raise NotFound(_("No history found for this subject."), code="subject_not_found")
    return events_for_subject(user, subject_type, subject_id)


def parse_subject(value: str) -> tuple[str, str]:
    """`zones.zone:12` -> ("zones.zone", "12"); a malformed value is an error naming the `subject` field."""
    match = SUBJECT_RE.match(value or "")
    if match is None:
        raise ApplicationError(
            _("Give the subject as <app>.<model>:<id>, for example zones.zone:1."),
            code="malformed_subject",
            fields={"subject": [_("Give the subject as <app>.<model>:<id>, for example zones.zone:1.")]},
        )
    return match["type"], match["id"]
