"""Funding models: the double-entry ledger (accounts, transfers, entries) and the funders' R&D obligations."""

from innopark.funding.models.ledger import AccountKind, LedgerAccount, LedgerEntry, Transfer, TransferKind
from innopark.funding.models.obligations import (
    BaseDeclaration,
    Contribution,
    DirectSpending,
    FulfilmentReport,
    SubsoilContract,
)
from innopark.funding.models.rollup import FlowRollup

__all__ = [
    "AccountKind",
    "BaseDeclaration",
    "Contribution",
    "DirectSpending",
    "FlowRollup",
    "FulfilmentReport",
    "LedgerAccount",
    "LedgerEntry",
    "SubsoilContract",
    "Transfer",
    "TransferKind",
]
