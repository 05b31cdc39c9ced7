"""Helpers every projects service shares: refusals naming a field, the audit call, the people to notify."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.accounts.permissions import is_platform_admin
from innopark.audit.services import audit_record
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.core.money import MAX_TIYN


def invalid(field: str, message, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]})


def require_amount(field: str, value, *, allow_zero: bool = False) -> int:
    """A whole, positive (or zero) number of tiyn no larger than MAX_TIYN."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, _("Give the amount as a whole number of tiyn."), "invalid_amount")
    if value < 0 or (value == 0 and not allow_zero):
        raise invalid(field, _("The amount must be greater than zero."), "amount_not_positive")
    if value > MAX_TIYN:
        raise invalid(field, _("This amount is too large."), "amount_too_large")
    return value


def require_text(field: str, value, *, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise invalid(field, _("This field is required."), "required")
    if max_length and len(text) > max_length:
        raise invalid(
            field,
            _("At most %(max)s characters, please.") % {"max": max_length},
            "too_long",
        )
    return text


_recording_history: ContextVar[bool] = ContextVar("projects_recording_history", default=False)


@contextmanager
def recording_history():
    """Within this block services accept `at=` (a past moment) from any actor: the demo loader and history imports
    replay what happened years ago with the people who did it. Views and the API never enter it."""
    token = _recording_history.set(True)
    try:
        yield
    finally:
        _recording_history.reset(token)


def moment(actor, at: dt.datetime | None) -> dt.datetime:
    """The time a step happens: now, or a past moment for a platform administrator or while recording history.

    Pages and the API never pass `at`, so a deadline cannot be escaped through them."""
    if at is None:
        return timezone.now()
    if not (_recording_history.get() or is_platform_admin(actor)):
        raise NotAllowed(_("Only an administrator may record past events."), code="backdating_not_allowed")
    if timezone.is_naive(at):
        raise invalid("at", _("Give a time with its time zone."), "naive_datetime")
    return at


def local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def audit(event_type, *, actor, obj, zone, before=None, after=None, at: dt.datetime | None = None) -> None:
    audit_record(
        event_type=event_type,
        actor=actor,
        subject_type=obj._meta.label_lower,
        subject_id=obj.pk,
        before=before,
        after=after,
        zone_code=zone.code,
        occurred_at=at,
    )


def _active_assignments(on: dt.date):
    return RoleAssignment.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def zone_operators(zone) -> list[User]:
    on = timezone.localdate()
    ids = _active_assignments(on).filter(role=Role.OPERATOR_STAFF, zone=zone).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def zone_deciders(zone) -> list[User]:
    """Operator staff and officers of the authority overseeing the zone today."""
    from innopark.zones.selectors import authority_on

    on = timezone.localdate()
    users = zone_operators(zone)
    authority = authority_on(zone, on)
    if authority is not None:
        ids = _active_assignments(on).filter(role=Role.AUTHORITY_OFFICER, authority=authority).values("user_id")
        users += list(User.objects.filter(pk__in=ids, is_active=True))
    return users


def organization_reps(organization) -> list[User]:
    on = timezone.localdate()
    ids = _active_assignments(on).filter(role=Role.PARTICIPANT_REP, organization=organization).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))
