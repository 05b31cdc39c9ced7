"""The rollup of ledger flows (ADR 0070): written with each transfer, read by the statistics, checked by
`innopark ledger check`.

    record_flow(transfer, source=source, target=target, reverses=reverses)
                            # in transfer_create's transaction, right after the transfer is inserted
    flow_rows(transfer, source, target, reverses)
                            # the two rows' UPSERT parameters, to send them with other statements
    record_flows([(transfer, source, target), ...])
                            # the same for a batch of transfers, in one statement
    rollup_rebuild()        # after transfers were bulk-inserted without the service (bench/datagen.py)
    rollup_check()          # problems, as sentences; empty when the rollup equals a recomputation

Each transfer adds its amount to two rows of `funding_flowrollup`: its counterparty's row for the day and the
zone's total row for the month (see `FlowRollup`), and to a third when the counterparty is a grant account with a
rollup group: the group's total for the month (ADR 0073). A reversal subtracts from the rows of the kind it
reverses, on the reversal's own date, which is how the statistics have always counted it.
"""

from __future__ import annotations

from django.db import connection

from innopark.funding.models import AccountKind, FlowRollup, LedgerAccount, Transfer, TransferKind
from innopark.funding.models.rollup import ALL_PARTIES, GROUP_PARTY_KIND, group_party_id

R = FlowRollup._meta.db_table
T = Transfer._meta.db_table
A = LedgerAccount._meta.db_table
KEY = "zone_id, kind, party_kind, party_id, day"


def upsert_sql(rows: int) -> str:
    """One statement adding one transfer to `rows` rollup rows (its parameters: each row's key and amount).

    Django has no "insert or add to" (update_or_create reads then writes, which loses increments between two
    concurrent transfers of the same zone and month, and costs two round trips). INSERT ... ON CONFLICT DO UPDATE
    is atomic and written the same way on PostgreSQL and SQLite (3.24+): one statement for every row. The rows
    are locked in the order given, which `flow_rows` fixes."""
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, 1)"] * rows)
    return (
        f"INSERT INTO {R} ({KEY}, amount_tiyn, transfers) VALUES {values} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET amount_tiyn = {R}.amount_tiyn + excluded.amount_tiyn, "
        f"transfers = {R}.transfers + 1"
    )


# The two shapes a transfer has: without and with a group row. Built once, so that PostgreSQL's prepared
# statements are reused.
UPSERT = {2: upsert_sql(2), 3: upsert_sql(3)}


def _lock_rank(key: tuple) -> int:
    """Counterparty rows first, then group totals, then zone totals: the order every writer locks them in."""
    party_id = key[3]
    return 0 if party_id > 0 else 1 if party_id < 0 else 2


def _party(source: LedgerAccount, target: LedgerAccount) -> LedgerAccount:
    """The grant if either side is one, otherwise the side that is not the zone fund."""
    target_is_party = source.kind != AccountKind.GRANT and (
        target.kind == AccountKind.GRANT or source.kind == AccountKind.ZONE_FUND
    )
    return target if target_is_party else source


def flow_key(transfer: Transfer, source=None, target=None, reverses=None) -> tuple[int, str, str, int]:
    """(zone id, kind of flow, counterparty kind, counterparty account id) of a transfer.

    The rule is symmetric in the two accounts, so a reversal (the original's accounts swapped) lands on its
    original's rows: the grant if one side is a grant, otherwise the side that is not the zone fund.
    """
    source = source or transfer.from_account
    target = target or transfer.to_account
    party = _party(source, target)
    kind = transfer.kind
    if kind == TransferKind.REVERSAL:
        kind = (reverses or transfer.reverses).kind
    return source.zone_id or target.zone_id, str(kind), str(party.kind), party.pk


def flow_rows(transfer: Transfer, source=None, target=None, reverses=None) -> list[tuple[tuple, int]]:
    """The rollup rows a transfer adds to, as (key, amount), in lock order: its counterparty's row for the day,
    the month's row of the grant account's rollup group if it has one, and the zone's total row for the month. The
    key is (zone_id, kind, party_kind, party_id, day) ready for the database. The accounts must carry
    `rollup_group` (accounts read without it would silently drop the group row: `rollup_check` would name it)."""
    source = source or transfer.from_account
    target = target or transfer.to_account
    zone_id, kind, party_kind, party_id = flow_key(transfer, source, target, reverses)
    amount = -transfer.amount_tiyn if transfer.kind == TransferKind.REVERSAL else transfer.amount_tiyn
    day = connection.ops.adapt_datefield_value(transfer.occurred_on)
    month = connection.ops.adapt_datefield_value(transfer.occurred_on.replace(day=1))
    rows = [((zone_id, kind, party_kind, party_id, day), amount)]
    group = _party(source, target).rollup_group if party_kind == AccountKind.GRANT else None
    if group:
        rows.append(((zone_id, kind, GROUP_PARTY_KIND, group_party_id(group), month), amount))
    rows.append(((zone_id, kind, party_kind, ALL_PARTIES, month), amount))
    return rows


def record_flow(
    transfer: Transfer,
    *,
    source: LedgerAccount | None = None,
    target: LedgerAccount | None = None,
    reverses: Transfer | None = None,
) -> None:
    """Add a newly inserted transfer to the rollup, in one statement. Call it inside the transaction that inserted
    the transfer. `source`, `target` (the transfer's accounts, with their kind and zone_id) and `reverses` (the
    original of a reversal) save reading them again when the caller has them. A second call for the same
    transfer instance does nothing (whoever writes the rows itself, e.g. in a combined statement, sets
    `transfer._flow_recorded = True`)."""
    if getattr(transfer, "_flow_recorded", False):
        return
    rows = flow_rows(transfer, source, target, reverses)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT[len(rows)], [value for key, amount in rows for value in (*key, amount)])
    transfer._flow_recorded = True


def record_flows(items) -> None:
    """Add many newly inserted transfers, given as (transfer, source, target), in one statement (per 2,000 rows).

    Rows with the same key are summed first (one statement may not update a row twice), and written counterparty
    rows first, then group totals, then zone totals, each in key order: the same lock order as `record_flow`, so a
    batch and single transfers cannot deadlock on the rollup."""
    sums: dict[tuple, list[int]] = {}
    recorded = []
    for transfer, source, target in items:
        if getattr(transfer, "_flow_recorded", False):
            continue
        for key, amount in flow_rows(transfer, source, target):
            entry = sums.setdefault(tuple(key), [0, 0])
            entry[0] += amount
            entry[1] += 1
        recorded.append(transfer)
    rows = sorted(sums.items(), key=lambda item: (_lock_rank(item[0]), item[0]))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            part = rows[start : start + 2000]
            cursor.execute(
                f"INSERT INTO {R} ({KEY}, amount_tiyn, transfers) VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(part))
                + f" ON CONFLICT ({KEY}) DO UPDATE SET amount_tiyn = {R}.amount_tiyn + excluded.amount_tiyn, "
                f"transfers = {R}.transfers + excluded.transfers",
                [value for key, (amount, count) in part for value in (*key, amount, count)],
            )
    for transfer in recorded:
        transfer._flow_recorded = True


# The counterparty rows recomputed from the transfers, with the same rule as flow_key, in one grouped query.
_PARTY = (
    "CASE WHEN s.kind = 'grant' THEN s.{c} WHEN d.kind = 'grant' THEN d.{c} "
    "WHEN s.kind = 'zone_fund' THEN d.{c} ELSE s.{c} END"
)
RECOMPUTED_PARTY_ROWS = f"""
    SELECT COALESCE(s.zone_id, d.zone_id) AS zone_id, COALESCE(o.kind, t.kind) AS kind,
        {_PARTY.format(c="kind")} AS party_kind, {_PARTY.format(c="id")} AS party_id, t.occurred_on AS day,
        SUM(CASE WHEN t.kind = 'reversal' THEN -t.amount_tiyn ELSE t.amount_tiyn END) AS amount_tiyn,
        COUNT(*) AS transfers
    FROM {T} t
    LEFT JOIN {T} o ON o.id = t.reverses_id
    JOIN {A} s ON s.id = t.from_account_id
    JOIN {A} d ON d.id = t.to_account_id
    GROUP BY COALESCE(s.zone_id, d.zone_id), COALESCE(o.kind, t.kind), {_PARTY.format(c="kind")},
        {_PARTY.format(c="id")}, t.occurred_on"""


def month_start_sql(column: str, conn=None) -> str:
    """SQL for the first day of the month of a date column."""
    if (conn or connection).vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def totals_from_party_rows(conn=None) -> str:
    """The zones' monthly totals, from the counterparty rows of the table itself (party_id > 0: accounts)."""
    month = month_start_sql("day", conn)
    return f"""
    SELECT zone_id, kind, party_kind, {ALL_PARTIES} AS party_id, {month} AS day, SUM(amount_tiyn) AS amount_tiyn,
        SUM(transfers) AS transfers
    FROM {R} WHERE party_id > {ALL_PARTIES}
    GROUP BY zone_id, kind, party_kind, {month}"""


def groups_from_party_rows(conn=None) -> str:
    """The grant groups' monthly totals, from the grant accounts' rows of the table itself and each account's
    `rollup_group` (ADR 0073)."""
    month = month_start_sql("r.day", conn)
    return f"""
    SELECT r.zone_id AS zone_id, r.kind AS kind, '{GROUP_PARTY_KIND}' AS party_kind, -a.rollup_group AS party_id,
        {month} AS day, SUM(r.amount_tiyn) AS amount_tiyn, SUM(r.transfers) AS transfers
    FROM {R} r JOIN {A} a ON a.id = r.party_id
    WHERE r.party_kind = '{AccountKind.GRANT.value}' AND r.party_id > {ALL_PARTIES} AND a.rollup_group IS NOT NULL
    GROUP BY r.zone_id, r.kind, a.rollup_group, {month}"""


COLUMNS = f"{KEY}, amount_tiyn, transfers"


def rollup_rebuild(using=None) -> int:
    """Recompute the whole rollup from the transfers (for rows bulk-inserted without `transfer_create`, such as
    the benchmark data). Run it in a transaction with no transfer being written. Returns the number of rows."""
    conn = connection if using is None else using
    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {R}")
        cursor.execute(f"INSERT INTO {R} ({COLUMNS}) {RECOMPUTED_PARTY_ROWS}")
        cursor.execute(f"INSERT INTO {R} ({COLUMNS}) {groups_from_party_rows(conn)}")
        cursor.execute(f"INSERT INTO {R} ({COLUMNS}) {totals_from_party_rows(conn)}")
        cursor.execute(f"SELECT COUNT(*) FROM {R}")
        return cursor.fetchone()[0]


def _differences(cursor, stored: str, expected: str) -> tuple[int, list[tuple]]:
    """Keys whose stored amount or count differs from the expected rows (missing and extra rows included: every
    stored row counts at least one transfer), in one pass over both: the number, and the first three."""
    cursor.execute(
        f"""SELECT {KEY}, SUM(amount_tiyn), SUM(transfers) FROM (
            SELECT {COLUMNS} FROM ({stored}) stored
            UNION ALL SELECT {KEY}, -amount_tiyn, -transfers FROM ({expected}) expected
        ) both_sides GROUP BY {KEY} HAVING SUM(amount_tiyn) <> 0 OR SUM(transfers) <> 0
        ORDER BY zone_id, kind, party_id, day"""
    )
    rows = cursor.fetchall()
    return len(rows), rows[:3]


def rollup_check() -> list[str]:
    """Compare the rollup with a recomputation from the transfers: every counterparty row, and every zone total
    and grant group total with the sum of its counterparty rows. Returns the problems found (none when it is
    exact); each names the first keys that differ, with the stored minus the expected amount and count."""
    stored_party = f"SELECT {COLUMNS} FROM {R} WHERE party_id > {ALL_PARTIES}"
    stored_totals = f"SELECT {COLUMNS} FROM {R} WHERE party_id = {ALL_PARTIES}"
    stored_groups = f"SELECT {COLUMNS} FROM {R} WHERE party_id < {ALL_PARTIES}"
    problems = []
    with connection.cursor() as cursor:
        checks = [
            ("rollup row(s) differ from the transfers", stored_party, RECOMPUTED_PARTY_ROWS),
            ("zone total row(s) differ from their counterparty rows", stored_totals, totals_from_party_rows()),
            ("grant group row(s) differ from their grants' rows", stored_groups, groups_from_party_rows()),
        ]
        for label, stored, expected in checks:
            count, first = _differences(cursor, stored, expected)
            if count:
                problems.append(f"{count} {label} (ledger flow rollup): {', '.join(str(tuple(r)) for r in first)}")
    return problems
