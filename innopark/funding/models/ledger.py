"""The double-entry ledger: accounts, immutable transfers, and one entry per leg of each transfer.

A transfer moves a positive amount of tiyn from one account to another. It is written once with its two entries
(−amount on the source, +amount on the destination), each entry carrying the account's balance after it. The
balance of an account is therefore its latest entry's `balance_after_tiyn`: derived from the transfers, appended
under the account lock, never updated (ADR 0040). Transfers and entries are append-only by trigger.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innopark.core.money import CURRENCY, MAX_TIYN


class AccountKind(models.TextChoices):
    FUNDER = "funder", _("Funder")
    ZONE_FUND = "zone_fund", _("Zone fund")
    GRANT = "grant", _("Grant")
    EXTERNAL = "external", _("Outside world")
    IMPORTED_HISTORY = "imported_history", _("Imported history")


# Accounts that hold money and so may never go below zero; the others are sources and sinks whose balance is the
# negative of what came from them (a funder's balance is minus what it contributed).
NON_NEGATIVE_KINDS = frozenset({AccountKind.ZONE_FUND, AccountKind.GRANT})


class TransferKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    ALLOCATION = "allocation", _("Allocation to a grant")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REFUND = "refund", _("Refund")
    REVERSAL = "reversal", _("Reversal")


class LedgerAccount(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    organization = models.ForeignKey(
        "registry.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_accounts",
        verbose_name=_("funder"),
    )
    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_accounts"
    )
    # For grant accounts: the projects app's reference, e.g. "grant:ALT-2016-007".
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # For grant accounts: a number the owning app gives the account when it opens it (projects: the grant's
    # category), so that the flow rollup also totals the account's flows by that group each month (ADR 0073).
    # Set once at opening and never changed: the rollup's group rows were written under it.
    rollup_group = models.PositiveIntegerField(_("rollup group"), null=True, blank=True, editable=False)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY, editable=False)
    is_closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.CheckConstraint(name="ledger_account_currency_kzt", condition=Q(currency="KZT")),
            models.CheckConstraint(
                name="ledger_account_scope_matches_kind",
                condition=(
                    Q(kind="funder", organization__isnull=False, zone__isnull=True)
                    | Q(kind__in=["zone_fund", "imported_history"], zone__isnull=False, organization__isnull=True)
                    | Q(kind="grant", zone__isnull=False, organization__isnull=True) & ~Q(reference="")
                    | Q(kind="external", zone__isnull=True, organization__isnull=True)
                ),
            ),
            # Group 0 would read as ALL_PARTIES in the flow rollup, whose group rows are keyed by the group negated.
            models.CheckConstraint(
                name="ledger_account_rollup_group_of_a_grant",
                condition=Q(rollup_group__isnull=True) | Q(kind="grant", rollup_group__gte=1),
            ),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(kind="funder"), name="one_funder_account_per_organization"
            ),
            models.UniqueConstraint(
                fields=["kind", "zone"],
                condition=Q(kind__in=["zone_fund", "imported_history"]),
                name="one_fund_account_per_zone_and_kind",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=Q(kind="grant"), name="one_grant_account_per_reference"
            ),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="external"), name="one_external_account"),
        ]

    def __str__(self):
        if self.kind == AccountKind.FUNDER:
            return f"{self.get_kind_display()}: {self.organization}"
        if self.kind == AccountKind.GRANT:
            return f"{self.get_kind_display()}: {self.reference}"
        if self.zone_id:
            return f"{self.get_kind_display()}: {self.zone.code}"
        return str(self.get_kind_display())

    @property
    def must_stay_non_negative(self) -> bool:
        return self.kind in NON_NEGATIVE_KINDS


class Transfer(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=TransferKind.choices)
    from_account = models.ForeignKey(
        LedgerAccount,
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=pgettext_lazy("account", "from"),
    )
    to_account = models.ForeignKey(
        LedgerAccount, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("to")
    )
    amount_tiyn = models.BigIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY, editable=False)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    # "grant:<reference>" or "call:<code>": the contribution is reserved for that grant or call (ADR 0041).
    earmark = models.CharField(_("earmark"), max_length=100, blank=True)
    occurred_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=128, unique=True)
    # SHA-256 of the canonical request: a retry with the same key must carry the same payload (ADR 0042).
    payload_hash = models.CharField(max_length=64)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals", verbose_name=_("reverses")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(
                name="transfer_amount_positive", condition=Q(amount_tiyn__gt=0) & Q(amount_tiyn__lte=MAX_TIYN)
            ),
            models.CheckConstraint(name="transfer_not_to_itself", condition=~Q(from_account=F("to_account"))),
            models.CheckConstraint(name="transfer_currency_kzt", condition=Q(currency="KZT")),
            models.CheckConstraint(
                name="transfer_reversal_has_original",
                condition=Q(kind="reversal", reverses__isnull=False) | (~Q(kind="reversal") & Q(reverses__isnull=True)),
            ),
        ]
        indexes = [models.Index(fields=["occurred_on"], name="transfer_occurred_on_idx")]

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.amount_tiyn}"


class LedgerEntry(models.Model):
    """One leg of a transfer: the signed amount on one account and that account's balance after it."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    amount_tiyn = models.BigIntegerField()
    balance_after_tiyn = models.BigIntegerField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(fields=["transfer", "account"], name="one_entry_per_transfer_and_account"),
            models.CheckConstraint(name="ledger_entry_nonzero", condition=~Q(amount_tiyn=0)),
        ]
        # The balance of an account is its latest entry: this index finds it in one step.
        indexes = [models.Index(fields=["account", "-id"], name="ledger_entry_account_latest")]

    def __str__(self):
        return f"{self.account_id}: {self.amount_tiyn:+d} → {self.balance_after_tiyn}"
