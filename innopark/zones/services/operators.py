"""Operators (management companies), their dated assignment to zones and their staff headcount over time."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.zones.events import ZoneEvent
from innopark.zones.models import Operator, OperatorAssignment, StaffHeadcount, Zone
from innopark.zones.permissions import require_operator_staff, require_platform_admin
from innopark.zones.selectors import operator_on
from innopark.zones.services._common import clean, record, snapshot
from innopark.zones.services.zones import within_term

OPERATOR_FIELDS = ["bin", "name_kk", "name_ru", "name_en", "is_fictitious"]
# Far above any management company's staff; catches a typo before it bends the chart.
MAX_HEADCOUNT = 100_000


@transaction.atomic
def operator_create(
    *, actor, bin: str, name_kk: str, name_ru: str, name_en: str, is_fictitious: bool = False
) -> Operator:
    operator = Operator(
        bin=(bin or "").strip(), name_kk=name_kk, name_ru=name_ru, name_en=name_en, is_fictitious=is_fictitious
    )
    clean(operator)
    require_platform_admin(actor)
    operator.save()
    record(ZoneEvent.OPERATOR_CREATED, actor=actor, subject=operator, after=snapshot(operator, OPERATOR_FIELDS))
    return operator


@transaction.atomic
def operator_assign(
    *, actor, zone: Zone, operator: Operator, valid_from: dt.date, basis: str = ""
) -> OperatorAssignment:
    """Make `operator` the zone's management company from `valid_from`, ending the previous assignment."""
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    within_term(zone, valid_from, "valid_from")
    current = OperatorAssignment.objects.filter(zone=zone, valid_to__isnull=True).first()
    if current is not None and current.operator_id == operator.pk:
        message = _("This operator already runs the zone.")
        raise ApplicationError(message, code="same_operator", fields={"operator": [message]})
    latest = OperatorAssignment.objects.filter(zone=zone).order_by("-valid_from").first()
    if latest is not None and valid_from <= latest.valid_from:
        message = _("The date must come after the last change of operator (%(date)s).") % {
            "date": latest.valid_from.isoformat()
        }
        raise ApplicationError(message, code="backdated", fields={"valid_from": [message]})
    assignment = OperatorAssignment(zone=zone, operator=operator, valid_from=valid_from, basis=basis)
    # The open-assignment constraint is checked by the database after the previous one is closed below.
    clean(assignment, exclude=["zone"], validate_unique=False)
    require_platform_admin(actor)
    before = {}
    if current is not None:
        before = {"operator": current.operator_id, "valid_from": current.valid_from}
        current.valid_to = valid_from
        current.save(update_fields=["valid_to"])
    assignment.save()
    record(
        ZoneEvent.OPERATOR_ASSIGNED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        before=before,
        after={"operator": operator.pk, "valid_from": valid_from, "basis": basis, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def headcount_record(*, actor, zone: Zone, on_date: dt.date, headcount: int, note: str = "") -> StaffHeadcount:
    """The operator's staff at the zone on a date (recording the same day again corrects it)."""
    errors = {}
    if isinstance(headcount, bool) or not isinstance(headcount, int) or not 0 <= headcount <= MAX_HEADCOUNT:
        errors["headcount"] = [_("The headcount must be a whole number from 0 to 100 000.")]
    if on_date > timezone.localdate():
        errors["on_date"] = [_("A headcount is recorded for today or a past date.")]
    if errors:
        raise ApplicationError(_("Some fields are not valid."), code="invalid", fields=errors)
    assignment = operator_on(zone, on_date)
    if assignment is None:
        message = _("No operator ran the zone on that date.")
        raise ApplicationError(message, code="no_operator", fields={"on_date": [message]})
    require_operator_staff(actor, zone)
    row = (
        StaffHeadcount.objects.select_for_update()
        .filter(zone=zone, operator=assignment.operator, on_date=on_date)
        .first()
    )
    before = {"headcount": row.headcount, "note": row.note} if row else {}
    row = row or StaffHeadcount(zone=zone, operator=assignment.operator, on_date=on_date)
    row.headcount, row.note = headcount, note
    clean(row, validate_unique=False)
    if before == {"headcount": headcount, "note": note}:
        return row
    row.save()
    record(
        ZoneEvent.HEADCOUNT_RECORDED,
        actor=actor,
        subject=zone,
        zone_code=zone.code,
        before=before,
        after={"on_date": on_date, "headcount": headcount, "note": note, "operator": assignment.operator_id},
    )
    return row
