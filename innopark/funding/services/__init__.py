"""Every write of the funding app: ledger accounts and transfers, contracts, declarations, contributions, reports."""

from innopark.funding.services.ledger_accounts import (
    ledger_account_close,
    ledger_account_external,
    ledger_account_for_funder,
    ledger_account_for_zone_fund,
    ledger_account_imported_history,
    ledger_account_open_grant,
)
from innopark.funding.services.obligations import (
    base_declare,
    contract_register,
    contribution_record,
    direct_spending_report,
    fulfilment_report_submit,
)
from innopark.funding.services.transfer_batch import transfers_create_batch
from innopark.funding.services.transfers import transfer_create

__all__ = [
    "base_declare",
    "contract_register",
    "contribution_record",
    "direct_spending_report",
    "fulfilment_report_submit",
    "ledger_account_close",
    "ledger_account_external",
    "ledger_account_for_funder",
    "ledger_account_for_zone_fund",
    "ledger_account_imported_history",
    "ledger_account_open_grant",
    "transfer_create",
    "transfers_create_batch",
]
