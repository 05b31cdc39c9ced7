"""Permission helpers every app reuses. Each takes the user explicitly and answers from role assignments.

Row-level rules (which zones an authority oversees on a date) live in the owning app's selectors; these
helpers only answer "which scopes does this user hold a role in".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from innopark.accounts.models import Role, RoleAssignment


def _active(user, on: dt.date | None = None):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return RoleAssignment.objects.none()
    on = on or timezone.localdate()
    return RoleAssignment.objects.filter(user=user, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def is_platform_admin(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or _active(user).filter(role=Role.PLATFORM_ADMIN).exists()


def has_role(user, role: str, on: dt.date | None = None) -> bool:
    return _active(user, on).filter(role=role).exists()


def roles_of(user, on: dt.date | None = None) -> set[str]:
    roles = set(_active(user, on).values_list("role", flat=True))
    if getattr(user, "is_superuser", False):
        roles.add(Role.PLATFORM_ADMIN)
    return roles


def authority_ids_of(user, on: dt.date | None = None) -> set[int]:
    """Authorities the user acts for as an authority officer."""
    return set(_active(user, on).filter(role=Role.AUTHORITY_OFFICER).values_list("authority_id", flat=True))


def operated_zone_ids(user, on: dt.date | None = None) -> set[int]:
    """Zones where the user is operator staff."""
    return set(_active(user, on).filter(role=Role.OPERATOR_STAFF).values_list("zone_id", flat=True))


def organization_ids_of(user, role: str | None = None, on: dt.date | None = None) -> set[int]:
    """Organizations the user represents (as participant or funder representative, or the given role)."""
    roles = [role] if role else [Role.PARTICIPANT_REP, Role.FUNDER_REP]
    return set(_active(user, on).filter(role__in=roles).values_list("organization_id", flat=True))


def is_expert(user, on: dt.date | None = None) -> bool:
    return has_role(user, Role.EXPERT, on)
