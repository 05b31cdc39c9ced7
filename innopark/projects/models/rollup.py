"""The rollup of grants that the statistics read instead of the grants themselves (ADR 0071).

`innopark.projects.rollup.grant_rollup_add` adds each grant (and each change of its amount) to its row inside the
service's own transaction, so the rollup is exact at every commit; `grant_rollup_check` compares it with a
recomputation from the grants.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GrantRollup(models.Model):
    """Grants awarded in one zone, category and month (`month` is its first day): how many, and their current
    amount awarded. Every grant counts, whatever its origin or status, in the month of `awarded_on`."""

    # No index of its own: the unique key below starts with the zone.
    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="+", db_index=False)
    category = models.ForeignKey(
        "projects.Category", to_field="code", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    month = models.DateField()
    grants = models.IntegerField()
    amount_tiyn = models.BigIntegerField()

    class Meta:
        verbose_name = _("grant rollup")
        verbose_name_plural = _("grant rollups")
        constraints = [models.UniqueConstraint(fields=["zone", "category", "month"], name="grant_rollup_key")]
        # The whole country, or one category, over a range of months, read from the index alone.
        indexes = [
            models.Index(fields=["month", "category", "zone", "grants", "amount_tiyn"], name="grant_rollup_month")
        ]

    def __str__(self):
        return f"{self.zone_id} {self.category_id} {self.month} {self.grants} {self.amount_tiyn}"
