"""The append-only, hash-chained event log.

Each event's hash is SHA-256 over a canonical JSON of its fields plus the previous event's hash, so any edit,
removal or out-of-order insert breaks the chain at a point `innopark audit verify` names. Sequence numbers are
assigned under a lock and are contiguous. Database triggers (migration 0002) refuse UPDATE and DELETE.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innopark.audit.registry import event_type_label

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    seq = models.BigIntegerField(primary_key=True, verbose_name=_("sequence number"))
    occurred_at = models.DateTimeField(verbose_name=_("time"))
    # PROTECT: history is never deleted with the user who made it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    event_type = models.CharField(max_length=64, db_index=True)
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    # Context for row-level reading rules: which zone (if any) the event concerns, and on which date.
    zone_code = models.CharField(max_length=64, blank=True, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    correlation_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "seq"], name="audit_subject_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"#{self.seq} {self.event_type} {self.subject_type}:{self.subject_id}"

    @property
    def event_label(self) -> str:
        return event_type_label(self.event_type)

    def changed_fields(self) -> list[tuple[str, object, object]]:
        keys = sorted(set(self.before) | set(self.after))
        return [(k, self.before.get(k), self.after.get(k)) for k in keys]
