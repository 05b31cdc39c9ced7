"""Helpers shared by the zone services: validation into ApplicationError, audit with the zone's code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record, snapshot
from innopark.audit.services import diff as diff_snapshots
from innopark.core.errors import ApplicationError

REQUIRED = _("This field is required.")


def clean(instance: Model, *, exclude=None, validate_unique: bool = True) -> None:
    """full_clean() with the refusal turned into an ApplicationError that names the fields."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error, code="invalid")


def require_text(**values) -> None:
    """Refuse blank required text arguments, naming each missing field."""
    missing = {name: [REQUIRED] for name, value in values.items() if not (value or "").strip()}
    if missing:
        raise ApplicationError(_("Some fields are not valid."), code="required", fields=missing)


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


__all__ = ["clean", "require_text", "record", "snapshot", "diff_snapshots", "REQUIRED"]
