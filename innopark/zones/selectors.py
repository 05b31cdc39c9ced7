"""Reads with rules about zones and jurisdiction.

An authority officer sees the zones their authority oversees or oversaw. The authority in force today sees the
zone's whole history; an earlier authority keeps read access to the period it oversaw (ADR 0004).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from innopark.accounts.permissions import authority_ids_of, is_platform_admin, operated_zone_ids
from innopark.core.errors import NotFound
from innopark.zones.models import (
    Authority,
    JurisdictionAssignment,
    OperatorAssignment,
    PriorityActivity,
    StaffHeadcount,
    Zone,
)


def authority_on(zone: Zone, on: dt.date) -> Authority | None:
    """The authority overseeing the zone on that date, or None."""
    assignment = (
        JurisdictionAssignment.objects.select_related("authority")
        .filter(zone=zone, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .first()
    )
    return assignment.authority if assignment else None


def current_assignment(zone: Zone) -> JurisdictionAssignment | None:
    return JurisdictionAssignment.objects.filter(zone=zone).order_by("-valid_from").first()


def jurisdiction_timeline(zone: Zone) -> QuerySet[JurisdictionAssignment]:
    return JurisdictionAssignment.objects.select_related("authority").filter(zone=zone).order_by("valid_from")


def zone_ids_under_authorities(authority_ids, on: dt.date | None = None) -> set[int]:
    """Zones overseen by any of these authorities on the date (or at any time when `on` is None)."""
    qs = JurisdictionAssignment.objects.filter(authority_id__in=authority_ids)
    if on is not None:
        qs = qs.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return set(qs.values_list("zone_id", flat=True))


@dataclass(frozen=True)
class ZoneAccess:
    """What a user may see of one zone: everything, or only some periods (half-open date intervals)."""

    whole_history: bool
    periods: tuple[tuple[dt.date, dt.date | None], ...] = ()
    can_act: bool = False

    def covers(self, on: dt.date) -> bool:
        if self.whole_history:
            return True
        return any(start <= on and (end is None or on < end) for start, end in self.periods)


def zone_access(user, zone: Zone, today: dt.date | None = None) -> ZoneAccess | None:
    """The internal (non-public) access a user has to a zone, or None for public access only."""
    today = today or timezone.localdate()
    if is_platform_admin(user):
        return ZoneAccess(whole_history=True, can_act=True)
    if zone.pk in operated_zone_ids(user):
        return ZoneAccess(whole_history=True, can_act=True)
    authority_ids = authority_ids_of(user)
    if not authority_ids:
        return None
    periods = list(
        JurisdictionAssignment.objects.filter(zone=zone, authority_id__in=authority_ids)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to")
    )
    if not periods:
        return None
    current = authority_on(zone, today)
    if current is not None and current.pk in authority_ids:
        return ZoneAccess(whole_history=True, periods=tuple(periods), can_act=True)
    return ZoneAccess(whole_history=False, periods=tuple(periods), can_act=False)


def zones_visible_to(user) -> QuerySet[Zone]:
    """Every zone is public; this orders them and is the single entry point pages and the API use."""
    return Zone.objects.all().order_by("code")


def zones_internal_to(user) -> QuerySet[Zone]:
    """Zones whose internal records (queues, files, funds) the user may read, in whole or in part."""
    if is_platform_admin(user):
        return Zone.objects.all()
    ids = set(operated_zone_ids(user))
    authority_ids = authority_ids_of(user)
    if authority_ids:
        ids |= zone_ids_under_authorities(authority_ids)
    return Zone.objects.filter(pk__in=ids)


def zones_actionable_by(user, today: dt.date | None = None) -> QuerySet[Zone]:
    """Zones the user may act on today: operator staff of the zone, or officers of the authority in force."""
    today = today or timezone.localdate()
    if is_platform_admin(user):
        return Zone.objects.all()
    ids = set(operated_zone_ids(user))
    authority_ids = authority_ids_of(user)
    if authority_ids:
        ids |= zone_ids_under_authorities(authority_ids, on=today)
    return Zone.objects.filter(pk__in=ids)


def zone_by_code(code: str) -> Zone:
    zone = Zone.objects.filter(code=code).first()
    if zone is None:
        raise NotFound(code="zone_not_found")
    return zone


def priority_activities_on(zone: Zone, on: dt.date) -> QuerySet[PriorityActivity]:
    """The zone's priority list on a date (the registry checks a participant's eligibility against it)."""
    return (
        PriorityActivity.objects.filter(zone=zone, added_on__lte=on)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on))
        .order_by("oked")
    )


def operator_on(zone: Zone, on: dt.date) -> OperatorAssignment | None:
    """The operator assignment in force on a date, or None."""
    return (
        OperatorAssignment.objects.select_related("operator")
        .filter(zone=zone, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .first()
    )


def headcount_series(zone: Zone) -> QuerySet[StaffHeadcount]:
    return StaffHeadcount.objects.select_related("operator").filter(zone=zone).order_by("on_date")


def authorities_visible_to(user) -> QuerySet[Authority]:
    """Authorities are public bodies: everyone may list them."""
    return Authority.objects.select_related("successor").order_by("code")


def authority_by_code(code: str) -> Authority | None:
    return Authority.objects.filter(code=code).first()


def can_view_zone_history(user, subject_id) -> ZoneAccess | bool:
    """For the audit registry: platform admins, the zone's operator staff and every authority that oversaw it.

    Returns the ZoneAccess (truthy) so that a caller able to filter by date can keep a former authority to the
    periods it oversaw (`access.covers(day)`); False for everyone else.
    """
    if not str(subject_id).isdigit():
        return False
    zone = Zone.objects.filter(pk=int(subject_id)).first()
    if zone is None:
        return False
    return zone_access(user, zone) or False


def can_view_authority_history(user, subject_id) -> bool:
    if is_platform_admin(user):
        return True
    return str(subject_id) in {str(pk) for pk in authority_ids_of(user)}


def can_view_operator_history(user, subject_id) -> bool:
    if is_platform_admin(user):
        return True
    if not str(subject_id).isdigit():
        return False
    zone_ids = operated_zone_ids(user)
    return OperatorAssignment.objects.filter(operator_id=subject_id, zone_id__in=zone_ids).exists()
