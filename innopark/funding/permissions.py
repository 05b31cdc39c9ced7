"""Who may move money and who may read it.

- platform administrators: everything;
- operator staff of a zone: its fund, its grants, contributions into it (they see the bank statement);
- officers of the authority overseeing a zone: read its fund and grants; record transfers when in force;
- funder representatives: their own organization's contracts, declarations, reports, statements.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role
from innopark.accounts.permissions import (
    authority_ids_of,
    is_platform_admin,
    operated_zone_ids,
    organization_ids_of,
)
from innopark.core.errors import NotAllowed


def zone_ids_acting(user) -> set[int] | None:
    """Zones whose money the user may move today; None means every zone (platform administrator)."""
    if is_platform_admin(user):
        return None
    from innopark.zones.selectors import zones_actionable_by

    return set(zones_actionable_by(user).values_list("pk", flat=True))


def zone_ids_reading(user) -> set[int] | None:
    """Zones whose fund and grants the user may read; None means every zone."""
    if is_platform_admin(user):
        return None
    from innopark.zones.selectors import zone_ids_under_authorities

    ids = set(operated_zone_ids(user))
    authorities = authority_ids_of(user)
    if authorities:
        ids |= zone_ids_under_authorities(authorities)
    return ids


def funder_ids_of(user) -> set[int]:
    return organization_ids_of(user, role=Role.FUNDER_REP)


def is_staff_anywhere(user) -> bool:
    """Operator staff of some zone, an authority officer or a platform administrator."""
    return is_platform_admin(user) or bool(operated_zone_ids(user)) or bool(authority_ids_of(user))


def can_act_for_funder(user, organization) -> bool:
    """Funder representatives for their own organization; operator staff and admins for any funder."""
    if organization is None:
        return False
    if is_platform_admin(user) or operated_zone_ids(user):
        return True
    return organization.pk in funder_ids_of(user)


def can_read_funder(user, organization) -> bool:
    return can_act_for_funder(user, organization) or bool(authority_ids_of(user))


def require_acting_on_zone(user, zone_id: int) -> None:
    allowed = zone_ids_acting(user)
    if allowed is not None and zone_id not in allowed:
        raise NotAllowed(
            _("Only the zone's operator staff, the authority overseeing it or an administrator may move its money."),
            code="not_zone_money_manager",
        )


def require_funder_actor(user, organization) -> None:
    if not can_act_for_funder(user, organization):
        raise NotAllowed(
            _("Only the funder's representatives, operator staff or an administrator may do this."),
            code="not_funder_representative",
        )
