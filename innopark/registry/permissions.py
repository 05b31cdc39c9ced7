"""Who may see and do what in the registry. Services call the `require_*` helpers after validating, before writing.

- platform administrators: everything;
- operator staff: the applications and participants of their zone, and every operator step of the workflow;
- authority officers: read the zones their authority oversees or oversaw; the authority in force may also act;
- participant representatives: their own organization's applications, participant file and reports;
- experts and the public: public fields only (the public register).
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


def internal_zone_ids(user) -> set[int] | None:
    """Zones whose internal records the user may read; None means every zone (platform admin)."""
    from innopark.zones.selectors import zone_ids_under_authorities

    if is_platform_admin(user):
        return None
    ids = set(operated_zone_ids(user))
    authority_ids = authority_ids_of(user)
    if authority_ids:
        ids |= zone_ids_under_authorities(authority_ids)
    return ids


def actionable_zone_ids(user) -> set[int] | None:
    """Zones where the user may carry out operator steps today; None means every zone."""
    from innopark.zones.selectors import zone_ids_under_authorities

    if is_platform_admin(user):
        return None
    ids = set(operated_zone_ids(user))
    authority_ids = authority_ids_of(user)
    if authority_ids:
        from django.utils import timezone

        ids |= zone_ids_under_authorities(authority_ids, on=timezone.localdate())
    return ids


def represented_org_ids(user) -> set[int]:
    return organization_ids_of(user, Role.PARTICIPANT_REP)


def is_registry_staff(user) -> bool:
    ids = internal_zone_ids(user)
    return ids is None or bool(ids)


def can_act_in_zone(user, zone) -> bool:
    ids = actionable_zone_ids(user)
    return ids is None or zone.pk in ids


def can_represent(user, organization) -> bool:
    return is_platform_admin(user) or organization.pk in represented_org_ids(user)


def require_zone_staff(user, zone) -> None:
    if not can_act_in_zone(user, zone):
        raise NotAllowed(
            _("Only the operator staff of zone %(zone)s or its authority may do this.") % {"zone": zone.code},
            code="not_zone_staff",
        )


def require_representative(user, organization) -> None:
    if not can_represent(user, organization):
        raise NotAllowed(
            _("Only a representative of this organization may do this."), code="not_organization_representative"
        )


def require_organization_editor(user) -> None:
    """Organizations are created and edited by platform admins, operator staff and authority officers."""
    if not (is_platform_admin(user) or operated_zone_ids(user) or authority_ids_of(user)):
        raise NotAllowed(_("You are not allowed to create or change organizations."), code="not_registry_staff")
