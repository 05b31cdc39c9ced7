"""The ledger's public interface, for the projects and reports apps (and anything else that moves money).

from innopark.funding.ledger import transfer_create, ledger_account_open_grant, account_balance
"""

from innopark.funding.ledger_check import LedgerReport, ledger_check
from innopark.funding.models import AccountKind, LedgerAccount, LedgerEntry, Transfer, TransferKind
from innopark.funding.selectors import account_balance, funder_grants_reached, grant_funding_lineage
from innopark.funding.services.ledger_accounts import (
    ledger_account_close,
    ledger_account_external,
    ledger_account_for_funder,
    ledger_account_for_zone_fund,
    ledger_account_imported_history,
    ledger_account_open_grant,
)
from innopark.funding.services.transfer_batch import transfers_create_batch
from innopark.funding.services.transfers import transfer_create

__all__ = [
    "AccountKind",
    "LedgerAccount",
    "LedgerEntry",
    "LedgerReport",
    "Transfer",
    "TransferKind",
    "account_balance",
    "funder_grants_reached",
    "grant_funding_lineage",
    "ledger_account_close",
    "ledger_account_external",
    "ledger_account_for_funder",
    "ledger_account_for_zone_fund",
    "ledger_account_imported_history",
    "ledger_account_open_grant",
    "ledger_check",
    "transfer_create",
    "transfers_create_batch",
]
