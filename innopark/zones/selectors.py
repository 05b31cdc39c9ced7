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
from innopark.zones.models import Authority, JurisdictionAssignment, Zone


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
