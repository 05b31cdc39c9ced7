"""Who may change what in a zone. Services call these after validating and before writing.

- platform administrators: everything;
- officers of the authority in force on the day the change takes effect: jurisdiction transfers and the priority
  activity list (an authority cannot reach back into a period another body oversaw);
- operator staff of the zone: phases and the operator's headcount.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.accounts.permissions import authority_ids_of, is_platform_admin, operated_zone_ids
from innopark.core.errors import NotAllowed
from innopark.zones.models import Zone
from innopark.zones.selectors import authority_on


def can_act_for_authority_on(user, zone: Zone, on: dt.date) -> bool:
    if is_platform_admin(user):
        return True
    authority = authority_on(zone, on)
    return authority is not None and authority.pk in authority_ids_of(user)


def can_transfer(user, zone: Zone, on: dt.date | None = None) -> bool:
    """May the user transfer the zone with effect from `on` (default: today)? Pages use it to offer the form."""
    return can_act_for_authority_on(user, zone, on or timezone.localdate())


def can_manage_operations(user, zone: Zone) -> bool:
    return is_platform_admin(user) or zone.pk in operated_zone_ids(user)


def require_platform_admin(user) -> None:
    if not is_platform_admin(user):
        raise NotAllowed(_("Only a platform administrator may do this."), code="platform_admin_required")


def require_authority_in_force(user, zone: Zone, on: dt.date) -> None:
    if not can_act_for_authority_on(user, zone, on):
        raise NotAllowed(
            _("Only the authority overseeing zone %(zone)s on %(date)s (or a platform administrator) may do this.")
            % {"zone": zone.code, "date": on.isoformat()},
            code="not_zone_authority",
        )


def require_operator_staff(user, zone: Zone) -> None:
    if not can_manage_operations(user, zone):
        raise NotAllowed(
            _("Only the operator staff of zone %(zone)s (or a platform administrator) may do this.")
            % {"zone": zone.code},
            code="not_zone_operator",
        )


def _holders(on: dt.date | None, **scope) -> list[User]:
    on = on or timezone.localdate()
    user_ids = (
        RoleAssignment.objects.filter(valid_from__lte=on, **scope)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def authority_officers(authority_ids, on: dt.date | None = None) -> list[User]:
    """Active officers of these authorities (who must hear of a transfer)."""
    return _holders(on, role=Role.AUTHORITY_OFFICER, authority_id__in=list(authority_ids))


def operator_staff(zone: Zone, on: dt.date | None = None) -> list[User]:
    return _holders(on, role=Role.OPERATOR_STAFF, zone=zone)
