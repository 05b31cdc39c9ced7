"""Each contract's yearly obligation and how it was fulfilled, with over-fulfilment carried forward.

For each year in order: available = contributions + direct spending + carried in; if there is an obligation,
the year is fulfilled when available covers it (the excess carries to the next year), partly fulfilled otherwise
(with the shortfall; nothing carries). A year without a declared base, or with a zero obligation, is not due, and
whatever was paid in it carries forward whole.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from innopark.funding.models import BaseDeclaration, Contribution, DirectSpending, SubsoilContract, Transfer

STATUS_LABELS = {
    "fulfilled": _("Fulfilled"),
    "partly": _("Partly fulfilled"),
    "not_due": _("Not due"),
}
STATUS_BADGES = {"fulfilled": "good", "partly": "bad", "not_due": "warn"}


@dataclass
class YearStatus:
    year: int
    obligation_tiyn: int = 0
    contributed_tiyn: int = 0
    direct_tiyn: int = 0
    carried_in_tiyn: int = 0
    carried_out_tiyn: int = 0
    shortfall_tiyn: int = 0
    declared: bool = False
    status: str = "not_due"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def fulfilled_tiyn(self) -> int:
        return self.contributed_tiyn + self.direct_tiyn + self.carried_in_tiyn


def contributed_by_year(contract_ids) -> dict[tuple[int, int], int]:
    """{(contract id, year): contributions net of their reversals}."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    rows = Contribution.objects.filter(contract_id__in=contract_ids).values_list(
        "contract_id", "year", "transfer__amount_tiyn", "transfer_id"
    )
    transfer_ids = []
    for contract_id, year, amount, transfer_id in rows:
        out[(contract_id, year)] += amount
        transfer_ids.append((transfer_id, contract_id, year))
    reversed_amounts = dict(
        Transfer.objects.filter(reverses_id__in=[t for t, _c, _y in transfer_ids])
        .values("reverses_id")
        .annotate(s=Sum("amount_tiyn"))
        .values_list("reverses_id", "s")
    )
    for transfer_id, contract_id, year in transfer_ids:
        out[(contract_id, year)] -= reversed_amounts.get(transfer_id, 0)
    return out


def contract_years(contract: SubsoilContract, *, through_year: int | None = None) -> list[YearStatus]:
    declarations = {d.year: d for d in BaseDeclaration.objects.filter(contract=contract)}
    contributed = contributed_by_year([contract.pk])
    direct = dict(
        DirectSpending.objects.filter(contract=contract)
        .values("year")
        .annotate(s=Sum("amount_tiyn"))
        .values_list("year", "s")
    )
    years = set(declarations) | {y for (_c, y) in contributed} | set(direct)
    if not years:
        return []
    last = max(max(years), through_year or 0)
    out = []
    carry = 0
    for year in range(min(years), last + 1):
        status = YearStatus(year=year, carried_in_tiyn=carry)
        status.contributed_tiyn = contributed.get((contract.pk, year), 0)
        status.direct_tiyn = direct.get(year, 0)
        declaration = declarations.get(year)
        available = status.fulfilled_tiyn
        if declaration is not None and declaration.obligation_tiyn > 0:
            status.declared = True
            status.obligation_tiyn = declaration.obligation_tiyn
            if available >= declaration.obligation_tiyn:
                status.status = "fulfilled"
                carry = available - declaration.obligation_tiyn
            else:
                status.status = "partly"
                status.shortfall_tiyn = declaration.obligation_tiyn - available
                carry = 0
        else:
            status.declared = declaration is not None
            carry = available
        status.carried_out_tiyn = carry
        out.append(status)
    return out


def funder_years(organization) -> list[YearStatus]:
    """The funder's years summed over its contracts (each contract carries forward on its own)."""
    by_year: dict[int, YearStatus] = {}
    for contract in SubsoilContract.objects.filter(organization=organization):
        for row in contract_years(contract):
            total = by_year.setdefault(row.year, YearStatus(year=row.year))
            for name in (
                "obligation_tiyn",
                "contributed_tiyn",
                "direct_tiyn",
                "carried_in_tiyn",
                "carried_out_tiyn",
                "shortfall_tiyn",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.declared = total.declared or row.declared
    for total in by_year.values():
        if total.obligation_tiyn == 0:
            total.status = "not_due"
        else:
            total.status = "partly" if total.shortfall_tiyn else "fulfilled"
    return [by_year[y] for y in sorted(by_year)]
