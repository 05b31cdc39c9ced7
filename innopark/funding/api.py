"""The funding API: ledger transfers and accounts, funders and their obligations (mounted at /api/v1/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Header, Path, Query, Router, Status

from innopark.api import auth_required
from innopark.core.api_schemas import ERRORS
from innopark.core.errors import NotFound
from innopark.core.money import tenge_string
from innopark.funding import selectors
from innopark.funding.fulfilment import funder_years
from innopark.funding.models import LedgerAccount, SubsoilContract, Transfer
from innopark.funding.schemas import (
    AccountOut,
    FunderPage,
    ObligationsOut,
    TransferBatchIn,
    TransferBatchOut,
    TransferIn,
    TransferOut,
)
from innopark.funding.services import transfer_create, transfers_create_batch
from innopark.funding.services.transfer_batch import batch_size_check

router = Router(tags=["funding"])

After = Query(None, max_length=20, pattern=r"^\d{1,18}$", description="The cursor from the previous page's next_after.")
Limit = Query(50, ge=1, le=100)
BinPath = Path(..., min_length=1, max_length=12, pattern=r"^\d{1,12}$", description="The funder's BIN")


def account_label(account: LedgerAccount) -> str:
    return str(account)


def _ref(account: LedgerAccount) -> dict:
    return {"id": account.pk, "kind": account.kind, "label": account_label(account)}


def transfer_item(transfer: Transfer) -> dict:
    return {
        "id": transfer.pk,
        "kind": transfer.kind,
        "from_account": _ref(transfer.from_account),
        "to_account": _ref(transfer.to_account),
        "amount_tiyn": transfer.amount_tiyn,
        "amount": tenge_string(transfer.amount_tiyn),
        "currency": transfer.currency,
        "reference": transfer.reference,
        "earmark": transfer.earmark,
        "occurred_on": transfer.occurred_on,
        "created_at": transfer.created_at,
        "idempotency_key": transfer.idempotency_key,
        "reverses": transfer.reverses_id,
    }


def _account_or_404(user, account_id, field: str):
    if account_id is None:
        return None
    try:
        return selectors.access_account(user, account_id)
    except NotFound:
        message = _("Unknown account.")
        raise NotFound(message, code="account_not_found", fields={field: [message]})


@router.post(
    "/ledger/transfers",
    response={200: TransferOut, 201: TransferOut, **ERRORS},
    auth=auth_required,
    summary="Record a transfer",
)
def create_transfer(request, payload: TransferIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    """Record one transfer. The `Idempotency-Key` header is required: a retry with the same key and payload answers
    200 with the first transfer; the same key with another payload answers 409 `idempotency_key_reused`."""
    user = request.auth
    reverses = None
    if payload.reverses is not None:
        reverses = Transfer.objects.filter(pk=payload.reverses).first() if 0 < payload.reverses < 2**63 else None
        if reverses is None or not selectors.can_view_transfer_history(user, reverses.pk):
            message = _("Unknown transfer.")
            raise NotFound(message, code="transfer_not_found", fields={"reverses": [message]})
    key = (idempotency_key or "").strip()
    replay = bool(key) and Transfer.objects.filter(idempotency_key=key).exists()
    transfer = transfer_create(
        actor=user,
        kind=payload.kind,
        from_account=_account_or_404(user, _id(payload.from_account), "from_account"),
        to_account=_account_or_404(user, _id(payload.to_account), "to_account"),
        amount_tiyn=payload.amount_tiyn,
        idempotency_key=key,
        reference=payload.reference,
        earmark=payload.earmark,
        occurred_on=payload.occurred_on,
        allocation_limit_tiyn=payload.allocation_limit_tiyn,
        reverses=reverses,
        currency=payload.currency,
    )
    return Status(200 if replay else 201, transfer_item(transfer))


@router.post(
    "/ledger/transfers/batch",
    response={200: TransferBatchOut, 201: TransferBatchOut, **ERRORS},
    auth=auth_required,
    summary="Record a batch of transfers",
)
def create_transfer_batch(request, payload: TransferBatchIn):
    """Record up to 500 transfers in one transaction, in order, all or none (for bank statements and imports).
    Each transfer carries its own `idempotency_key`: a retried batch answers 200 with the first transfers. Errors
    name the item: `transfers[<index>].<field>`. Reversals are recorded one at a time."""
    user = request.auth
    batch_size_check(len(payload.transfers))
    ids = {_id(i.from_account) for i in payload.transfers} | {_id(i.to_account) for i in payload.transfers}
    visible = selectors.accounts_visible_to(user).in_bulk([i for i in ids if i > 0])
    missing = {}
    for index, item in enumerate(payload.transfers):
        for field in ("from_account", "to_account"):
            if _id(getattr(item, field)) not in visible:
                missing[f"transfers[{index}].{field}"] = [_("Unknown account.")]
    if missing:
        raise NotFound(_("Unknown account."), code="account_not_found", fields=missing)
    keys = [item.idempotency_key.strip() for item in payload.transfers]
    replay = Transfer.objects.filter(idempotency_key__in=keys).count() == len(set(keys))
    transfers = transfers_create_batch(
        actor=user,
        transfers=[
            {
                **item.dict(exclude={"from_account", "to_account", "idempotency_key"}),
                "from_account": visible[_id(item.from_account)],
                "to_account": visible[_id(item.to_account)],
                "idempotency_key": key,
            }
            for item, key in zip(payload.transfers, keys, strict=True)
        ],
    )
    for transfer in transfers:  # the accounts are at hand: spare two queries per transfer in the answer
        transfer.from_account = visible[transfer.from_account_id]
        transfer.to_account = visible[transfer.to_account_id]
    return Status(200 if replay else 201, {"transfers": [transfer_item(t) for t in transfers]})


def _id(value):
    """Ids beyond a 64-bit integer cannot exist: treat them as unknown rather than fail in the database."""
    if value is None:
        return None
    return value if 0 < value < 2**63 else -1


@router.get(
    "/ledger/accounts/{account_id}",
    response={200: AccountOut, **ERRORS},
    auth=auth_required,
    summary="An account's balance and statement",
)
def get_account(
    request, account_id: int = Path(..., ge=1, le=2**63 - 1), after: str | None = After, limit: int = Limit
):
    """Balance and statement (newest entries first, keyset pagination by entry id); a grant also shows which
    funders' money paid for it."""
    account = selectors.access_account(request.auth, account_id)
    entries = selectors.account_entries(account, after=int(after) if after else None, limit=limit)
    items = []
    for entry in entries:
        t = entry.transfer
        other = t.to_account if t.from_account_id == account.pk else t.from_account
        items.append(
            {
                "id": entry.pk,
                "transfer_id": t.pk,
                "kind": t.kind,
                "occurred_on": t.occurred_on,
                "counterparty": _ref(other),
                "amount_tiyn": entry.amount_tiyn,
                "balance_after_tiyn": entry.balance_after_tiyn,
                "reference": t.reference,
            }
        )
    balance = selectors.account_balance(account)
    lineage = None
    if account.kind == "grant":
        lineage = [
            {"funder_bin": org.bin if org else None, "funder_name": org.name if org else None, "amount_tiyn": amount}
            for org, amount in selectors.grant_funding_lineage(account)
        ]
    return {
        "id": account.pk,
        "kind": account.kind,
        "label": account_label(account),
        "zone": account.zone.code if account.zone_id else None,
        "funder_bin": account.organization.bin if account.organization_id else None,
        "reference": account.reference,
        "currency": account.currency,
        "is_closed": account.is_closed,
        "balance_tiyn": balance,
        "balance": tenge_string(balance),
        "entries": items,
        "next_after": str(entries[-1].pk) if len(entries) == limit else None,
        "lineage": lineage,
    }


def funder_item(org, contracts: int) -> dict:
    return {"id": org.pk, "bin": org.bin, "name": org.name, "is_fictitious": org.is_fictitious, "contracts": contracts}


@router.get("/funders", response={200: FunderPage, **ERRORS}, auth=auth_required, summary="List funders")
def list_funders(request, after: str | None = After, limit: int = Limit):
    """Funders (organizations with a subsoil-use contract) the user may see, by id; keyset pagination."""
    qs = selectors.funders_visible_to(request.auth).order_by("pk")
    if after:
        qs = qs.filter(pk__gt=int(after))
    page = list(qs[:limit])
    counts = {}
    for org_id in SubsoilContract.objects.filter(organization__in=page).values_list("organization_id", flat=True):
        counts[org_id] = counts.get(org_id, 0) + 1
    return {
        "items": [funder_item(org, counts.get(org.pk, 0)) for org in page],
        "next_after": str(page[-1].pk) if len(page) == limit else None,
    }


@router.get(
    "/funders/{bin}/obligations",
    response={200: ObligationsOut, **ERRORS},
    auth=auth_required,
    summary="A funder's contracts, yearly obligations and fulfilment",
)
def funder_obligations(request, bin: str = BinPath):
    funder = selectors.access_funder(request.auth, bin)
    contracts = list(SubsoilContract.objects.filter(organization=funder))
    return {
        "funder": funder_item(funder, len(contracts)),
        "contracts": [
            {
                "id": c.pk,
                "number": c.number,
                "signed_on": c.signed_on,
                "mineral": c.mineral,
                "rd_rate": str(c.rd_rate),
                "base_kind": c.base_kind,
            }
            for c in contracts
        ],
        "years": [
            {
                "year": y.year,
                "status": y.status,
                "obligation_tiyn": y.obligation_tiyn,
                "contributed_tiyn": y.contributed_tiyn,
                "direct_tiyn": y.direct_tiyn,
                "carried_in_tiyn": y.carried_in_tiyn,
                "carried_out_tiyn": y.carried_out_tiyn,
                "shortfall_tiyn": y.shortfall_tiyn,
            }
            for y in funder_years(funder)
        ],
        "grants_reached": [
            {"reference": ref, "amount_tiyn": amount} for ref, amount in selectors.funder_grants_reached(funder)
        ],
    }
