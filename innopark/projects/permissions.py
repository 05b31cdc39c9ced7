"""Who may do what with calls, applications, reviews, decisions and grants. Services call the `require_*` helpers
after validating and before writing; selectors use the same predicates to filter what a user sees.

- platform administrators: everything;
- operator staff of a zone: its calls, the checks of applications, expert assignment, recommendations, decisions,
  milestone verdicts, grant status changes;
- authority officers of the authority overseeing the zone today: decisions and amendments (read: every period
  they oversaw);
- participant representatives: their organization's applications, milestone reports and outcome reports;
- experts: the applications assigned to them, and only after they declared they have no conflict;
- funder representatives: the grants their money reached; the public: financed projects' public fields.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role
from innopark.accounts.permissions import (
    authority_ids_of,
    has_role,
    is_platform_admin,
    operated_zone_ids,
    organization_ids_of,
)
from innopark.core.errors import NotAllowed


def is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_zone_operator(user, zone) -> bool:
    """Operator staff of the zone (or a platform administrator): runs calls and checks, pays tranches."""
    return is_signed_in(user) and (is_platform_admin(user) or zone.pk in operated_zone_ids(user))


def can_decide_in_zone(user, zone) -> bool:
    """Operator staff, officers of the authority overseeing the zone today, platform administrators."""
    if not is_signed_in(user):
        return False
    if is_zone_operator(user, zone):
        return True
    authorities = authority_ids_of(user)
    if not authorities:
        return False
    from django.utils import timezone

    from innopark.zones.selectors import zone_ids_under_authorities

    return zone.pk in zone_ids_under_authorities(authorities, on=timezone.localdate())


def internal_zone_ids(user) -> set[int] | None:
    """Zones whose internal project records the user may read; None means all (platform administrator)."""
    if not is_signed_in(user):
        return set()
    if is_platform_admin(user):
        return None
    from innopark.zones.selectors import zone_ids_under_authorities

    ids = set(operated_zone_ids(user))
    authorities = authority_ids_of(user)
    if authorities:
        ids |= zone_ids_under_authorities(authorities)
    return ids


def represented_org_ids(user) -> set[int]:
    if not is_signed_in(user):
        return set()
    return organization_ids_of(user, Role.PARTICIPANT_REP)


def funder_org_ids(user) -> set[int]:
    if not is_signed_in(user):
        return set()
    return organization_ids_of(user, Role.FUNDER_REP)


def represents(user, organization) -> bool:
    return is_signed_in(user) and (is_platform_admin(user) or organization.pk in represented_org_ids(user))


def is_expert(user) -> bool:
    return is_signed_in(user) and has_role(user, Role.EXPERT)


def require_zone_operator(user, zone) -> None:
    if not is_zone_operator(user, zone):
        raise NotAllowed(
            _("Only the operator staff of zone %(zone)s may do this.") % {"zone": zone.code}, code="not_zone_operator"
        )


def require_decider(user, zone) -> None:
    if not can_decide_in_zone(user, zone):
        raise NotAllowed(
            _("Only the operator staff of zone %(zone)s or the authority overseeing it may decide.")
            % {"zone": zone.code},
            code="not_decider",
        )


def require_representative(user, organization) -> None:
    if not represents(user, organization):
        raise NotAllowed(
            _("Only a representative of this organization may do this."), code="not_organization_representative"
        )


def require_expert(user) -> None:
    if not is_expert(user):
        raise NotAllowed(_("Only experts may do this."), code="not_expert")
