"""API schemas: separate input and output shapes. Amounts are integer tiyn plus the tenge string for display."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class TransferIn(Schema):
    kind: str = Field(..., description="contribution, allocation, disbursement, refund or reversal", max_length=20)
    from_account: int | None = Field(None, description="Source account id (may be omitted for a reversal)")
    to_account: int | None = Field(None, description="Destination account id (may be omitted for a reversal)")
    amount_tiyn: int = Field(..., description="A positive whole number of tiyn (1 tenge = 100 tiyn)")
    currency: str = Field("KZT", max_length=8)
    reference: str = Field("", max_length=200)
    earmark: str = Field("", max_length=100, description='"grant:<reference>" or "call:<code>" (contributions)')
    occurred_on: dt.date | None = Field(None, description="Date of the transfer (default today, Asia/Almaty)")
    reverses: int | None = Field(None, description="For a reversal: the id of the transfer it compensates")
    allocation_limit_tiyn: int | None = Field(None, description="Cap on the grant's net allocation or disbursement")


class TransferBatchItem(Schema):
    kind: str = Field(..., description="contribution, allocation, disbursement or refund", max_length=20)
    from_account: int = Field(..., description="Source account id")
    to_account: int = Field(..., description="Destination account id")
    amount_tiyn: int = Field(..., description="A positive whole number of tiyn (1 tenge = 100 tiyn)")
    idempotency_key: str = Field(..., max_length=128, description="8-128 visible ASCII characters, unique per transfer")
    currency: str = Field("KZT", max_length=8)
    reference: str = Field("", max_length=200)
    earmark: str = Field("", max_length=100, description='"grant:<reference>" or "call:<code>" (contributions)')
    occurred_on: dt.date | None = Field(None, description="Date of the transfer (default today, Asia/Almaty)")
    allocation_limit_tiyn: int | None = Field(None, description="Cap on the grant's net allocation or disbursement")


class TransferBatchIn(Schema):
    transfers: list[TransferBatchItem] = Field(..., description="1 to 500 transfers, recorded in order, all or none")


class AccountRef(Schema):
    id: int
    kind: str
    label: str


class TransferOut(Schema):
    id: int
    kind: str
    from_account: AccountRef
    to_account: AccountRef
    amount_tiyn: int
    amount: str
    currency: str
    reference: str
    earmark: str
    occurred_on: dt.date
    created_at: dt.datetime
    idempotency_key: str
    reverses: int | None


class EntryOut(Schema):
    id: int
    transfer_id: int
    kind: str
    occurred_on: dt.date
    counterparty: AccountRef
    amount_tiyn: int
    balance_after_tiyn: int
    reference: str


class LineageOut(Schema):
    funder_bin: str | None
    funder_name: str | None
    amount_tiyn: int


class AccountOut(Schema):
    id: int
    kind: str
    label: str
    zone: str | None
    funder_bin: str | None
    reference: str
    currency: str
    is_closed: bool
    balance_tiyn: int
    balance: str
    entries: list[EntryOut]
    next_after: str | None
    lineage: list[LineageOut] | None = None


class FunderOut(Schema):
    id: int
    bin: str | None
    name: str
    is_fictitious: bool
    contracts: int


class FunderPage(Schema):
    items: list[FunderOut]
    next_after: str | None


class ContractOut(Schema):
    id: int
    number: str
    signed_on: dt.date
    mineral: str
    rd_rate: str
    base_kind: str


class YearOut(Schema):
    year: int
    status: str
    obligation_tiyn: int
    contributed_tiyn: int
    direct_tiyn: int
    carried_in_tiyn: int
    carried_out_tiyn: int
    shortfall_tiyn: int


class ObligationsOut(Schema):
    funder: FunderOut
    contracts: list[ContractOut]
    years: list[YearOut]
    grants_reached: list[dict[str, int | str]]


class TransferBatchOut(Schema):
    transfers: list[TransferOut]
