"""Which funders' money paid for which grant: a replay of a zone's transfers in order (ADR 0041).

The zone fund is a queue of lots (funder, amount, earmark). A contribution appends a lot. An allocation to a grant
takes first from lots earmarked for that grant ("grant:<reference>") or for the allocation's own earmark
("call:<code>"), then from unearmarked lots, first in first out, and only then from lots earmarked for something
else (the fund's balance, not the earmarks, is the limit the ledger enforces). Money a grant returns (refund,
reversal of an allocation) goes back to the end of the queue with the lineage it had, last allocated first returned.
Money recovered from outside, and money from imported history, has no funder: it appears as None.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from innopark.funding.models import AccountKind, LedgerAccount, Transfer


@dataclass
class Lot:
    funder_id: int | None
    amount: int
    earmark: str = ""
    transfer_id: int | None = None  # the contribution the money came with (a statement follows its own)


@dataclass
class ZoneLineage:
    fund: list[Lot]
    grants: dict[int, list[Lot]]  # grant account id -> pieces, in the order they were allocated


def _take(lots: list[Lot], amount: int, prefer: set[str], origin: int | None = None) -> list[Lot]:
    taken: list[Lot] = []

    def drain(predicate):
        nonlocal amount
        for lot in lots:
            if amount == 0:
                return
            if lot.amount and predicate(lot):
                piece = min(lot.amount, amount)
                lot.amount -= piece
                amount -= piece
                taken.append(Lot(lot.funder_id, piece, transfer_id=lot.transfer_id))

    if origin is not None:
        drain(lambda lot: lot.transfer_id == origin)
    drain(lambda lot: lot.earmark and lot.earmark in prefer)
    drain(lambda lot: not lot.earmark)
    drain(lambda lot: True)
    lots[:] = [lot for lot in lots if lot.amount]
    if amount:  # only possible in a ledger that check would reject; keep the arithmetic whole
        taken.append(Lot(None, amount))
    return taken


def _give_back(pieces: list[Lot], amount: int) -> list[Lot]:
    """Remove `amount` from a grant's pieces, last first; return what was removed."""
    back: list[Lot] = []
    while amount and pieces:
        last = pieces[-1]
        piece = min(last.amount, amount)
        last.amount -= piece
        amount -= piece
        back.append(Lot(last.funder_id, piece, transfer_id=last.transfer_id))
        if last.amount == 0:
            pieces.pop()
    if amount:
        back.append(Lot(None, amount))
    return back


def replay_zone(zone_id: int) -> ZoneLineage:
    accounts = {a["pk"]: a for a in LedgerAccount.objects.filter(zone_id=zone_id).values("pk", "kind", "reference")}
    fund_ids = {pk for pk, a in accounts.items() if a["kind"] == AccountKind.ZONE_FUND}
    lineage = ZoneLineage(fund=[], grants=defaultdict(list))
    rows = (
        (
            Transfer.objects.filter(Q(to_account_id__in=fund_ids) | Q(from_account_id__in=fund_ids))
            .order_by("id")
            .values_list(
                "id",
                "from_account_id",
                "to_account_id",
                "amount_tiyn",
                "earmark",
                "reverses_id",
                "from_account__kind",
                "from_account__organization_id",
                "to_account__kind",
            )
        )
        if fund_ids
        else []
    )
    for tid, src, dst, amount, earmark, reverses_id, src_kind, src_org, dst_kind in rows:
        if dst in fund_ids:
            if src_kind == AccountKind.FUNDER:
                lineage.fund.append(Lot(src_org, amount, earmark, tid))
            elif src_kind == AccountKind.GRANT:
                lineage.fund.extend(_give_back(lineage.grants[src], amount))
            else:  # imported history, recovered from outside
                lineage.fund.append(Lot(None, amount, earmark, tid))
        else:
            if dst_kind == AccountKind.GRANT:
                prefer = {f"grant:{accounts[dst]['reference']}", earmark} - {""}
                lineage.grants[dst].extend(_take(lineage.fund, amount, prefer))
            else:  # a reversed contribution or reversed external refund leaves the fund
                _take(lineage.fund, amount, set(), origin=reverses_id)
    return lineage


def _aggregate(pieces: list[Lot]) -> dict[int | None, int]:
    totals: dict[int | None, int] = defaultdict(int)
    for piece in pieces:
        totals[piece.funder_id] += piece.amount
    return {k: v for k, v in totals.items() if v}
