"""Zones, their phases and their dated list of priority activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.core.identifiers import validate_oked
from innopark.core.money import MAX_TIYN
from innopark.zones.events import ZoneEvent
from innopark.zones.models import JurisdictionAssignment, PriorityActivity, Zone, ZonePhase
from innopark.zones.permissions import require_authority_in_force, require_operator_staff, require_platform_admin
from innopark.zones.services._common import clean, diff_snapshots, record, require_text, snapshot

ZONE_FIELDS = [
    "code",
    "kind",
    "name_kk",
    "name_ru",
    "name_en",
    "kato",
    "established_on",
    "expires_on",
    "legal_basis",
    "priority_income_threshold_pct",
    "report_period",
    "excludes_state_owned",
    "excludes_subsoil_users",
    "excludes_excisable",
    "is_fictitious",
]
ZONE_EDITABLE = set(ZONE_FIELDS) - {"code"}
PHASE_FIELDS = ["number", "name_kk", "name_ru", "name_en", "area_ha", "budget_tiyn", "status", "starts_on", "ends_on"]
ACTIVITY_FIELDS = ["oked", "title_kk", "title_ru", "title_en", "added_on", "removed_on", "basis"]
# Larger than any real park (Alatau: about 163 ha), small enough to catch a unit mix-up (m² typed as ha).
MAX_PHASE_AREA_HA = Decimal("100000")


def within_term(zone: Zone, on: dt.date, field: str) -> None:
    """Refuse a date outside the zone's term [established_on, expires_on)."""
    if not (zone.established_on <= on < zone.expires_on):
        message = _("The date must fall within the zone's term, from %(start)s to %(end)s.") % {
            "start": zone.established_on.isoformat(),
            "end": zone.expires_on.isoformat(),
        }
        raise ApplicationError(message, code="outside_term", fields={field: [message]})


@transaction.atomic
def zone_create(
    *,
    actor,
    code: str,
    kind: str,
    name_kk: str,
    name_ru: str,
    name_en: str,
    kato: str,
    established_on: dt.date,
    expires_on: dt.date,
    legal_basis: str = "",
    **settings,
) -> Zone:
    """A new zone. `settings` are the per-zone rules (priority_income_threshold_pct, report_period, excludes_*)."""
    unknown = set(settings) - ZONE_EDITABLE
    if unknown:
        raise ApplicationError(code="not_editable", fields={f: [_("Unknown field.")] for f in sorted(unknown)})
    zone = Zone(
        code=code,
        kind=kind,
        name_kk=name_kk,
        name_ru=name_ru,
        name_en=name_en,
        kato=kato,
        established_on=established_on,
        expires_on=expires_on,
        legal_basis=legal_basis,
        **settings,
    )
    _clean_zone(zone)
    require_platform_admin(actor)
    zone.save()
    record(ZoneEvent.ZONE_CREATED, actor=actor, subject=zone, zone_code=zone.code, after=snapshot(zone, ZONE_FIELDS))
    return zone


def _clean_zone(zone: Zone) -> None:
    # Our own checks first: they name the field, where the database constraint would only name itself.
    dates = (zone.established_on, zone.expires_on)
    if all(isinstance(d, dt.date) for d in dates) and zone.expires_on <= zone.established_on:
        message = _("The term must end after the zone is established.")
        raise ApplicationError(message, code="term_order", fields={"expires_on": [message]})
    if zone.priority_income_threshold_pct > 100:
        message = _("A share cannot exceed 100%.")
        raise ApplicationError(message, code="invalid", fields={"priority_income_threshold_pct": [message]})
    clean(zone)


@transaction.atomic
def zone_update(*, actor, zone: Zone, **changes) -> Zone:
    """Change a zone's facts or rules; the code is stable (URLs, other apps and open data refer to it)."""
    unknown = set(changes) - ZONE_EDITABLE
    if unknown:
        raise ApplicationError(code="not_editable", fields={f: [_("Not editable.")] for f in sorted(unknown)})
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    before = snapshot(zone, ZONE_FIELDS)
    for name, value in changes.items():
        setattr(zone, name, value)
    _clean_zone(zone)
    # The term must still hold every jurisdiction period that has begun.
    outside = JurisdictionAssignment.objects.filter(zone=zone).filter(
        Q(valid_from__lt=zone.established_on) | Q(valid_from__gte=zone.expires_on)
    )
    if outside.exists():
        message = _("The new term would leave a jurisdiction period outside the zone's term.")
        raise ApplicationError(message, code="term_excludes_jurisdiction", fields={"expires_on": [message]})
    require_platform_admin(actor)
    old, new = diff_snapshots(before, snapshot(zone, ZONE_FIELDS))
    if not old and not new:
        return zone
    zone.save(update_fields=[*changes, "updated_at"])
    record(ZoneEvent.ZONE_UPDATED, actor=actor, subject=zone, zone_code=zone.code, before=old, after=new)
    return zone


@transaction.atomic
def zone_phase_save(
    *,
    actor,
    zone: Zone,
    number: int,
    name_kk: str,
    name_ru: str,
    name_en: str,
    area_ha: Decimal,
    budget_tiyn: int,
    status: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> ZonePhase:
    """Create phase `number` of the zone or update it (the number identifies a phase within its zone)."""
    phase = ZonePhase.objects.select_for_update().filter(zone=zone, number=number).first()
    before = snapshot(phase, PHASE_FIELDS) if phase else {}
    phase = phase or ZonePhase(zone=zone, number=number)
    values = {
        "name_kk": name_kk,
        "name_ru": name_ru,
        "name_en": name_en,
        "area_ha": area_ha,
        "budget_tiyn": budget_tiyn,
        "status": status,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    for name, value in values.items():
        setattr(phase, name, value)
    _check_phase(phase)
    clean(phase, validate_unique=False)
    require_operator_staff(actor, zone)
    old, new = diff_snapshots(before, snapshot(phase, PHASE_FIELDS))
    if before and not old and not new:
        return phase
    phase.save()
    record(
        ZoneEvent.PHASE_SAVED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        before=old,
        after={**new, "phase": phase.number},
    )
    return phase


def _check_phase(phase: ZonePhase) -> None:
    errors = {}
    if not isinstance(phase.number, int) or isinstance(phase.number, bool) or not 1 <= phase.number <= 99:
        errors["number"] = [_("A phase number is between 1 and 99.")]
    if isinstance(phase.budget_tiyn, bool) or not isinstance(phase.budget_tiyn, int):
        errors["budget_tiyn"] = [_("The budget must be a whole number of tiyn.")]
    elif not 0 <= phase.budget_tiyn <= MAX_TIYN:
        errors["budget_tiyn"] = [_("The budget must be between zero and 10 trillion tenge.")]
    try:
        area = Decimal(str(phase.area_ha))
    except ArithmeticError:
        area = None
    if area is None or not area.is_finite() or not Decimal(0) < area <= MAX_PHASE_AREA_HA:
        errors["area_ha"] = [_("The area must be more than 0 and at most 100 000 ha.")]
    if phase.starts_on and phase.ends_on and phase.ends_on < phase.starts_on:
        errors["ends_on"] = [_("A phase cannot end before it starts.")]
    if errors:
        raise ApplicationError(_("Some fields are not valid."), code="invalid", fields=errors)


@transaction.atomic
def priority_activity_add(
    *,
    actor,
    zone: Zone,
    oked: str,
    title_kk: str,
    title_ru: str,
    title_en: str,
    added_on: dt.date,
    basis: str = "",
) -> PriorityActivity:
    """Put an OKED code on the zone's priority list from `added_on` (the authority in force that day decides)."""
    try:
        oked = validate_oked(oked)
    except Exception as error:  # ValidationError: name the field
        raise ApplicationError(error.messages[0], code="oked", fields={"oked": error.messages})
    within_term(zone, added_on, "added_on")
    existing = PriorityActivity.objects.select_for_update().filter(zone=zone, oked=oked)
    if existing.filter(Q(removed_on__isnull=True) | Q(removed_on__gt=added_on)).exists():
        message = _("OKED %(oked)s is already on this zone's priority list on that date.") % {"oked": oked}
        raise ApplicationError(message, code="already_listed", fields={"oked": [message]})
    activity = PriorityActivity(
        zone=zone, oked=oked, title_kk=title_kk, title_ru=title_ru, title_en=title_en, added_on=added_on, basis=basis
    )
    clean(activity)
    require_authority_in_force(actor, zone, added_on)
    activity.save()
    record(
        ZoneEvent.PRIORITY_ACTIVITY_ADDED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        after={**snapshot(activity, ACTIVITY_FIELDS), "activity": activity.pk},
    )
    return activity


@transaction.atomic
def priority_activity_remove(
    *, actor, activity: PriorityActivity, removed_on: dt.date, basis: str = ""
) -> PriorityActivity:
    """Take an OKED code off the list from `removed_on` (the first day it no longer counts as priority)."""
    activity = PriorityActivity.objects.select_for_update().select_related("zone").get(pk=activity.pk)
    zone = activity.zone
    if activity.removed_on is not None:
        message = _("This activity was already removed on %(date)s.") % {"date": activity.removed_on.isoformat()}
        raise ApplicationError(message, code="already_removed", fields={"removed_on": [message]})
    if removed_on <= activity.added_on:
        message = _("The removal date must come after the date the activity was added.")
        raise ApplicationError(message, code="backdated", fields={"removed_on": [message]})
    if removed_on > zone.expires_on:
        within_term(zone, removed_on, "removed_on")
    require_text(basis=basis)
    require_authority_in_force(actor, zone, removed_on)
    activity.removed_on = removed_on
    activity.save(update_fields=["removed_on"])
    record(
        ZoneEvent.PRIORITY_ACTIVITY_REMOVED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        before={"removed_on": None},
        after={"activity": activity.pk, "oked": activity.oked, "removed_on": removed_on, "basis": basis},
    )
    return activity
