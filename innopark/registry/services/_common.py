"""Helpers shared by the registry services: validation into ApplicationError, audit, recipients of notices."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.audit.services import audit_record, snapshot
from innopark.core.errors import ApplicationError

REQUIRED = _("This field is required.")
# 10^15 tenge: far above any real figure, so a typo of many zeros is caught rather than stored.
MAX_TIYN = 10**17


def clean(instance: Model, *, exclude=None, validate_unique: bool = True) -> None:
    """full_clean() with the refusal turned into an ApplicationError that names the fields."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=False)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error, code="invalid")


def refuse(field: str, message, code: str, error_class=ApplicationError):
    raise error_class(message, code=code, fields={field: [message]})


def require_text(**values) -> None:
    missing = {name: [REQUIRED] for name, value in values.items() if not (value or "").strip()}
    if missing:
        raise ApplicationError(_("Some fields are not valid."), code="required", fields=missing)


def check_amounts(**amounts) -> None:
    """Money in tiyn: an integer, not negative, not absurd."""
    errors = {}
    for name, value in amounts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            errors[name] = [_("Enter an amount in whole tiyn.")]
        elif value < 0:
            errors[name] = [_("The amount cannot be negative.")]
        elif value > MAX_TIYN:
            errors[name] = [_("The amount is implausibly large: check the number of digits.")]
    if errors:
        raise ApplicationError(_("Some fields are not valid."), code="invalid_amount", fields=errors)


def check_date(field: str, value, *, not_before: dt.date | None = None, not_after: dt.date | None = None) -> dt.date:
    if not isinstance(value, dt.date):
        refuse(field, REQUIRED, "required")
    if not_before is not None and value < not_before:
        refuse(
            field,
            _("The date cannot be before %(date)s.") % {"date": not_before.isoformat()},
            "date_out_of_range",
        )
    if not_after is not None and value > not_after:
        refuse(field, _("The date cannot be after %(date)s.") % {"date": not_after.isoformat()}, "date_out_of_range")
    return value


def today() -> dt.date:
    return timezone.localdate()


def record(event_type, *, actor, subject: Model, zone_code: str = "", before=None, after=None):
    return audit_record(
        event_type=event_type,
        actor=actor,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        before=before,
        after=after,
        zone_code=zone_code,
    )


def _holders(**scope) -> list[User]:
    on = today()
    user_ids = (
        RoleAssignment.objects.filter(valid_from__lte=on, **scope)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def representatives(organization) -> list[User]:
    return _holders(role=Role.PARTICIPANT_REP, organization=organization)


def zone_staff(zone) -> list[User]:
    return _holders(role=Role.OPERATOR_STAFF, zone=zone)


__all__ = [
    "MAX_TIYN",
    "REQUIRED",
    "check_amounts",
    "check_date",
    "clean",
    "record",
    "refuse",
    "representatives",
    "require_text",
    "snapshot",
    "today",
    "zone_staff",
]
