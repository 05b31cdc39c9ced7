"""`innopark ledger check`: recompute every balance from the transfers and check every guarantee (ADR 0040).

Each check is one SQL aggregate over the whole ledger, so it stays linear in the number of transfers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from innopark.funding.models import LedgerAccount, LedgerEntry, Transfer
from innopark.funding.rollup import rollup_check

T = Transfer._meta.db_table
E = LedgerEntry._meta.db_table
A = LedgerAccount._meta.db_table


@dataclass
class LedgerReport:
    problems: list[str] = field(default_factory=list)
    transfers: int = 0
    accounts: int = 0
    totals_by_kind: dict[str, int] = field(default_factory=dict)
    balances_by_account_kind: dict[str, int] = field(default_factory=dict)
    sum_of_balances: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _first(rows, limit=5) -> str:
    return ", ".join(str(r[0]) for r in rows[:limit]) + (" …" if len(rows) > limit else "")


def ledger_check() -> LedgerReport:
    report = LedgerReport()
    report.transfers = _rows(f"SELECT COUNT(*) FROM {T}")[0][0]
    report.accounts = _rows(f"SELECT COUNT(*) FROM {A}")[0][0]
    # int(): PostgreSQL sums bigints as numeric (Decimal); amounts stay whole tiyn.
    report.totals_by_kind = {
        kind: int(total)
        for kind, total in _rows(f"SELECT kind, COALESCE(SUM(amount_tiyn), 0) FROM {T} GROUP BY kind ORDER BY kind")
    }

    # 1. Every transfer is whole: exactly two entries, −amount on the source and +amount on the destination.
    bad = _rows(
        f"""SELECT t.id FROM {T} t LEFT JOIN {E} e ON e.transfer_id = t.id GROUP BY t.id, t.amount_tiyn,
        t.from_account_id, t.to_account_id HAVING COUNT(e.id) <> 2
        OR SUM(CASE WHEN e.account_id = t.from_account_id AND e.amount_tiyn = -t.amount_tiyn THEN 1
                    WHEN e.account_id = t.to_account_id AND e.amount_tiyn = t.amount_tiyn THEN 1 ELSE 0 END) <> 2
        ORDER BY t.id"""
    )
    if bad:
        report.problems.append(f"{len(bad)} transfer(s) not written as exactly two matching entries: {_first(bad)}")
    orphans = _rows(f"SELECT e.id FROM {E} e LEFT JOIN {T} t ON t.id = e.transfer_id WHERE t.id IS NULL")
    if orphans:
        report.problems.append(f"{len(orphans)} entry(ies) without a transfer: {_first(orphans)}")

    # 2. Running balances: each entry's balance is the previous one plus its amount.
    broken = _rows(
        f"""SELECT id, account_id FROM (SELECT id, account_id, balance_after_tiyn - amount_tiyn AS before_tiyn,
        LAG(balance_after_tiyn, 1, 0) OVER (PARTITION BY account_id ORDER BY id) AS previous_tiyn FROM {E}) x
        WHERE before_tiyn <> previous_tiyn ORDER BY id"""
    )
    if broken:
        report.problems.append(f"{len(broken)} entry(ies) whose running balance does not follow: {_first(broken)}")

    # 3. Every stored balance equals the balance recomputed from the transfers.
    recomputed = {
        pk: int(value)
        for pk, value in _rows(
            f"""SELECT a.id, COALESCE((SELECT SUM(amount_tiyn) FROM {T} WHERE to_account_id = a.id), 0)
            - COALESCE((SELECT SUM(amount_tiyn) FROM {T} WHERE from_account_id = a.id), 0) FROM {A} a"""
        )
    }
    stored = dict(
        _rows(
            f"""SELECT e.account_id, e.balance_after_tiyn FROM {E} e JOIN (SELECT account_id, MAX(id) AS id FROM {E}
            GROUP BY account_id) last ON last.id = e.id"""
        )
    )
    wrong = sorted(pk for pk, value in recomputed.items() if stored.get(pk, 0) != value)
    if wrong:
        report.problems.append(
            f"{len(wrong)} account(s) whose balance differs from their transfers: {_first([(w,) for w in wrong])}"
        )

    # 4. Double entry: the balances sum to zero.
    report.sum_of_balances = sum(recomputed.values())
    if report.sum_of_balances != 0:
        report.problems.append(f"the balances sum to {report.sum_of_balances} tiyn, not zero")
    kinds = dict(_rows(f"SELECT id, kind FROM {A}"))
    for pk, value in recomputed.items():
        report.balances_by_account_kind[kinds[pk]] = report.balances_by_account_kind.get(kinds[pk], 0) + value

    # 5. Zone funds and grants never went below zero, at any point in their history.
    negative = _rows(
        f"""SELECT DISTINCT e.account_id FROM {E} e JOIN {A} a ON a.id = e.account_id
        WHERE a.kind IN ('zone_fund', 'grant') AND e.balance_after_tiyn < 0 ORDER BY e.account_id"""
    )
    if negative:
        report.problems.append(f"{len(negative)} fund or grant account(s) went below zero: {_first(negative)}")

    # 6. A grant never paid out more than was allocated to it (net of reversals and refunds).
    overpaid = _rows(
        f"""SELECT a.id FROM {A} a WHERE a.kind = 'grant' AND
        COALESCE((SELECT SUM(amount_tiyn) FROM {T} WHERE from_account_id = a.id AND kind = 'disbursement'), 0)
        - COALESCE((SELECT SUM(r.amount_tiyn) FROM {T} r JOIN {T} o ON o.id = r.reverses_id
                    WHERE r.to_account_id = a.id AND o.kind = 'disbursement'), 0)
        > COALESCE((SELECT SUM(amount_tiyn) FROM {T} WHERE to_account_id = a.id AND kind = 'allocation'), 0)
        - COALESCE((SELECT SUM(r.amount_tiyn) FROM {T} r JOIN {T} o ON o.id = r.reverses_id
                    WHERE r.from_account_id = a.id AND o.kind = 'allocation'), 0)
        - COALESCE((SELECT SUM(amount_tiyn) FROM {T} WHERE from_account_id = a.id AND kind = 'refund'), 0)
        + COALESCE((SELECT SUM(r.amount_tiyn) FROM {T} r JOIN {T} o ON o.id = r.reverses_id
                    WHERE r.to_account_id = a.id AND o.kind = 'refund'), 0)
        ORDER BY a.id"""
    )
    if overpaid:
        report.problems.append(f"{len(overpaid)} grant(s) paid out more than allocated: {_first(overpaid)}")

    # 7. Reversals mirror their original and never exceed it.
    reversals = _rows(
        f"""SELECT o.id FROM {T} o JOIN {T} r ON r.reverses_id = o.id GROUP BY o.id, o.amount_tiyn
        HAVING SUM(r.amount_tiyn) > o.amount_tiyn
        OR SUM(CASE WHEN r.from_account_id = o.to_account_id AND r.to_account_id = o.from_account_id
               THEN 0 ELSE 1 END) > 0 ORDER BY o.id"""
    )
    if reversals:
        report.problems.append(f"{len(reversals)} transfer(s) with wrong or excessive reversals: {_first(reversals)}")

    # 8. The flow rollup that the statistics read equals a recomputation from the transfers (ADR 0070).
    report.problems.extend(rollup_check())
    return report
