"""Jurisdiction over a zone: which authority oversees it, as effective-dated, half-open intervals (ADR 0004).

A transfer ends the open assignment on the effective date and opens the new one on the same date, so that on any
day exactly one authority oversees the zone. It never touches the operator, its assignment or its staff.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.notifications.services import notify
from innopark.zones.events import ZoneEvent
from innopark.zones.models import Authority, JurisdictionAssignment, Zone
from innopark.zones.permissions import (
    authority_officers,
    operator_staff,
    require_authority_in_force,
    require_platform_admin,
)
from innopark.zones.services._common import clean, record, require_text
from innopark.zones.services.zones import within_term


def _refuse(field: str, message, code: str):
    raise ApplicationError(message, code=code, fields={field: [message]})


@transaction.atomic
def jurisdiction_assign(
    *, actor, zone: Zone, authority: Authority, valid_from: dt.date, basis: str, illustrative: bool = False
) -> JurisdictionAssignment:
    """The first authority of a new zone. Later changes are transfers."""
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    require_text(basis=basis)
    if JurisdictionAssignment.objects.filter(zone=zone).exists():
        _refuse(
            "zone", _("This zone already has an authority: transfer it instead."), code="jurisdiction_already_assigned"
        )
    within_term(zone, valid_from, "valid_from")
    assignment = JurisdictionAssignment(
        zone=zone, authority=authority, valid_from=valid_from, basis=basis.strip(), illustrative=illustrative
    )
    clean(assignment)
    require_platform_admin(actor)
    assignment.save()
    record(
        ZoneEvent.JURISDICTION_ASSIGNED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        after={"authority": authority.code, "valid_from": valid_from, "basis": assignment.basis},
    )
    return assignment


@transaction.atomic
def jurisdiction_transfer(
    *,
    zone: Zone,
    to_authority: Authority,
    effective_on: dt.date,
    basis: str,
    actor,
    illustrative: bool = False,
) -> JurisdictionAssignment:
    """Hand the zone to another authority from `effective_on`.

    Refused: a missing basis, no current authority, a transfer to the current authority, an effective date on or
    before the start of the current assignment (it would rewrite a period already overseen) or outside the zone's
    term. Allowed to platform administrators and officers of the authority in force on the effective date.
    """
    # Lock the zone so that two transfers of the same zone are applied one after the other, never interleaved.
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    require_text(basis=basis)
    if to_authority is None:
        _refuse("to_authority", _("Choose the authority that takes the zone over."), code="required")
    current = (
        JurisdictionAssignment.objects.filter(zone=zone, valid_to__isnull=True).select_related("authority").first()
    )
    if current is None:
        _refuse("zone", _("This zone has no authority yet: assign one first."), code="no_jurisdiction")
    if current.authority_id == to_authority.pk:
        _refuse(
            "to_authority",
            _("%(authority)s already oversees this zone.") % {"authority": to_authority.name},
            code="same_authority",
        )
    if effective_on <= current.valid_from:
        _refuse(
            "effective_on",
            _("The transfer must take effect after the last change of jurisdiction (%(date)s).")
            % {"date": current.valid_from.isoformat()},
            code="backdated",
        )
    within_term(zone, effective_on, "effective_on")
    new = JurisdictionAssignment(
        zone=zone, authority=to_authority, valid_from=effective_on, basis=basis.strip(), illustrative=illustrative
    )
    clean(new, exclude=["zone"], validate_unique=False)
    require_authority_in_force(actor, zone, effective_on)

    current.valid_to = effective_on
    current.save(update_fields=["valid_to"])
    new.save()
    record(
        ZoneEvent.JURISDICTION_TRANSFERRED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        before={"authority": current.authority.code, "valid_from": current.valid_from, "valid_to": None},
        after={
            "authority": to_authority.code,
            "valid_from": effective_on,
            "basis": new.basis,
            "previous_valid_to": effective_on,
        },
    )
    params = {
        "zone": zone.code,
        "from": current.authority.name,
        "to": to_authority.name,
        "date": effective_on.isoformat(),
    }
    notify(
        recipients=[
            *authority_officers([current.authority_id, to_authority.pk]),
            *operator_staff(zone),
        ],
        kind=ZoneEvent.JURISDICTION_TRANSFERRED.value,
        subject=_("Zone %(zone)s passes from %(from)s to %(to)s on %(date)s"),
        body=_("The oversight of zone %(zone)s passes from %(from)s to %(to)s on %(date)s."),
        url=reverse("zones:detail", args=[zone.code]),
        params=params,
    )
    return new
