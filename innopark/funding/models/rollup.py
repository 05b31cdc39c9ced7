"""The rollup of ledger flows that the statistics read instead of the transfers (ADR 0070).

`innopark.funding.rollup.record_flow` adds each transfer to its rows inside the transfer's own transaction, so the
rollup is exact at every commit; `innopark ledger check` compares it with a recomputation from the transfers.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# `party_id` of the rows that total every counterparty of one kind in a zone over a month.
ALL_PARTIES = 0
# `party_kind` of the rows that total the grant accounts of one rollup group (a project category) in a zone over a
# month (ADR 0073). Their `party_id` is the group's number negated, so that it can never be taken for an account's
# id by a read that selects rows by account: accounts are > 0, ALL_PARTIES is 0, groups are < 0.
GROUP_PARTY_KIND = "grant_group"


def group_party_id(group: int) -> int:
    return -group


class FlowRollup(models.Model):
    """Net flow of one kind of transfer in one zone: per counterparty and day, and per month for all of them.

    - `kind` is the transfer kind the money moved as; a reversal is written under the kind it reverses, with a
      negative amount, on its own date.
    - The counterparty (`party_kind`, `party_id`) is the grant account for allocations, disbursements and refunds
      from a grant; the funder (or imported-history) account for contributions; the outside world for refunds
      from it.
    - Two rows per transfer: the counterparty's row for the transfer's `day`, and the zone's total row
      (`party_id` = ALL_PARTIES) for the month, whose `day` is the first of that month. A zone's yearly and
      quarterly figures read the monthly totals (12 rows a year per zone and kind); figures by funder or grant,
      and the days of a month split between two authorities, read the counterparty rows.
    - A third row when the counterparty is a grant account with a `rollup_group` (its project category): the
      group's total for the month (`party_kind` = GROUP_PARTY_KIND, `party_id` = the group negated), which the
      figures of one category read instead of the rows of every grant of that category (ADR 0073).
    """

    # No index of its own: the unique key below starts with the zone.
    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=20)
    party_kind = models.CharField(max_length=20)
    # Not a foreign key: 0 stands for "every account of party_kind" (a NULL would defeat the unique key that the
    # upsert relies on, as NULLs never conflict).
    party_id = models.BigIntegerField()
    day = models.DateField()
    amount_tiyn = models.BigIntegerField()
    transfers = models.IntegerField()

    class Meta:
        verbose_name = _("ledger flow rollup")
        verbose_name_plural = _("ledger flow rollups")
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind", "party_kind", "party_id", "day"], name="flow_rollup_key"),
            models.CheckConstraint(name="flow_rollup_kind_not_reversal", condition=~Q(kind="reversal")),
        ]
        # Rows found by counterparty first (a funder's or a grant's rows, and the monthly totals of every zone),
        # carrying the amount so that the statistics read the index alone, not the table.
        indexes = [models.Index(fields=["party_id", "kind", "zone", "day", "amount_tiyn"], name="flow_rollup_party")]

    def __str__(self):
        return f"{self.zone_id} {self.kind} {self.party_kind}:{self.party_id} {self.day} {self.amount_tiyn}"
