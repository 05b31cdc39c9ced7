"""Every write to zones, authorities, operators and jurisdiction (one path for writes, ADR 0001)."""

from innopark.zones.services.authorities import authority_create, authority_update
from innopark.zones.services.jurisdiction import jurisdiction_assign, jurisdiction_transfer
from innopark.zones.services.operators import headcount_record, operator_assign, operator_create
from innopark.zones.services.zones import (
    priority_activity_add,
    priority_activity_remove,
    zone_create,
    zone_phase_save,
    zone_update,
)

__all__ = [
    "authority_create",
    "authority_update",
    "headcount_record",
    "jurisdiction_assign",
    "jurisdiction_transfer",
    "operator_assign",
    "operator_create",
    "priority_activity_add",
    "priority_activity_remove",
    "zone_create",
    "zone_phase_save",
    "zone_update",
]
