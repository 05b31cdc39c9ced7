from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneEvent(models.TextChoices):
    AUTHORITY_CREATED = "authority.created", _("Authority created")
    AUTHORITY_UPDATED = "authority.updated", _("Authority updated")
    ZONE_CREATED = "zone.created", _("Zone created")
    ZONE_UPDATED = "zone.updated", _("Zone updated")
    PHASE_SAVED = "zone.phase_saved", _("Zone phase saved")
    PRIORITY_ACTIVITY_ADDED = "zone.priority_activity_added", _("Priority activity added")
    PRIORITY_ACTIVITY_REMOVED = "zone.priority_activity_removed", _("Priority activity removed")
    OPERATOR_CREATED = "operator.created", _("Operator created")
    OPERATOR_ASSIGNED = "zone.operator_assigned", _("Operator assigned")
    HEADCOUNT_RECORDED = "zone.headcount_recorded", _("Operator headcount recorded")
    JURISDICTION_ASSIGNED = "zone.jurisdiction_assigned", _("Jurisdiction assigned")
    JURISDICTION_TRANSFERRED = "zone.jurisdiction_transferred", _("Jurisdiction transferred")
