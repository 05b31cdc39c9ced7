"""transfers_create_batch: many transfers in one transaction (ADR 0043).

A bank statement, an import or a busy client sends transfers by the hundred. One at a time, each one waits for the
zone fund's lock and for the audit chain's lock until its own COMMIT has reached the disk, so the ledger can do no
more transfers per second than the disk can do flushes. A batch takes each lock once, checks every transfer against
the running balances in order, writes all of them with a handful of statements and flushes once.

The guarantees are those of `transfer_create`, item by item: the same validation, the same routes, permissions and
limits, idempotency keys (a retried item returns its first transfer; a key reused for another payload is a
conflict), one audit event per transfer. The batch is all or nothing: the first item that cannot be recorded
refuses the whole batch, naming the item, and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record_many
from innopark.core.errors import ApplicationError, Conflict, NotFound
from innopark.core.fastsql import hot_cursor
from innopark.core.money import CURRENCY
from innopark.funding.events import FundingEvent
from innopark.funding.models import LedgerAccount, Transfer, TransferKind
from innopark.funding.permissions import require_acting_on_zone
from innopark.funding.rollup import record_flows
from innopark.funding.services import transfers as single

MAX_BATCH = 500
_ENTRY_ROW = "(%s, %s, %s, %s)"


def _item_error(index: int, error: ApplicationError) -> ApplicationError:
    """The item's error, with its fields named `transfers[<index>].<field>` so a client can point at the row."""
    fields = {f"transfers[{index}].{name}": messages for name, messages in error.fields.items()}
    if not fields:
        fields = {f"transfers[{index}]": [error.message]}
    return type(error)(error.message, code=error.code, fields=fields)


def _prepare(index: int, item: dict) -> dict:
    """Validate one item as transfer_create would, and compute its payload hash."""
    kind = item.get("kind")
    if kind == TransferKind.REVERSAL or item.get("reverses") is not None:
        message = _("A reversal is recorded on its own, not in a batch.")
        raise ApplicationError(message, code="reversal_not_in_batch", fields={"kind": [message]})
    prepared = {
        "kind": kind,
        "from_account": item.get("from_account"),
        "to_account": item.get("to_account"),
        "amount_tiyn": item.get("amount_tiyn"),
        "idempotency_key": item.get("idempotency_key") or "",
        "reference": (item.get("reference") or "").strip(),
        "earmark": (item.get("earmark") or "").strip(),
        "occurred_on": item.get("occurred_on") or timezone.localdate(),
        "allocation_limit_tiyn": item.get("allocation_limit_tiyn"),
        "currency": item.get("currency", CURRENCY),
    }
    single._validate_request(reverses=None, **prepared)
    single._check_route(kind, prepared["from_account"], prepared["to_account"], None)
    prepared["payload_hash"] = single._payload_hash(
        kind=kind,
        from_account=prepared["from_account"].pk,
        to_account=prepared["to_account"].pk,
        amount_tiyn=prepared["amount_tiyn"],
        reference=prepared["reference"],
        earmark=prepared["earmark"],
        occurred_on=prepared["occurred_on"].isoformat(),
        allocation_limit_tiyn=prepared["allocation_limit_tiyn"],
        reverses=None,
        currency=prepared["currency"],
    )
    return prepared


def batch_size_check(count: int) -> None:
    if not count:
        message = _("Send at least one transfer.")
        raise ApplicationError(message, code="batch_empty", fields={"transfers": [message]})
    if count > MAX_BATCH:
        message = _("A batch holds at most 500 transfers.")
        raise ApplicationError(message, code="batch_too_large", fields={"transfers": [message]})


def _validate_all(items: list[dict]) -> list[dict]:
    batch_size_check(len(items))
    prepared, fields, seen = [], {}, {}
    for index, item in enumerate(items):
        try:
            entry = _prepare(index, item)
        except ApplicationError as error:
            fields.update(_item_error(index, error).fields)
            continue
        key = entry["idempotency_key"]
        if key in seen:
            message = _("This idempotency key is already used by another transfer of the batch.")
            fields[f"transfers[{index}].idempotency_key"] = [message]
            continue
        seen[key] = index
        prepared.append(entry)
    if fields:
        message = _("Some transfers of the batch are not valid; nothing was transferred.")
        raise ApplicationError(message, code="invalid_batch", fields=fields)
    return prepared


def _latest_balances(cursor, ids: list[int]) -> dict[int, int]:
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f'SELECT e."account_id", e."balance_after_tiyn" FROM "{single._ENTRY}" e WHERE e."id" IN '
        f'(SELECT MAX("id") FROM "{single._ENTRY}" WHERE "account_id" IN ({marks}) GROUP BY "account_id")',
        ids,
    )
    balances = dict.fromkeys(ids, 0)
    balances.update(dict(cursor.fetchall()))
    return balances


def _existing(cursor, keys: list[str]) -> dict[str, tuple[int, str]]:
    marks = ", ".join(["%s"] * len(keys))
    cursor.execute(
        f'SELECT "idempotency_key", "id", "payload_hash" FROM "{single._TRANSFER}" '
        f'WHERE "idempotency_key" IN ({marks})',
        keys,
    )
    return {key: (pk, payload) for key, pk, payload in cursor.fetchall()}


class _Limits:
    """Net allocations and disbursements of the batch's grants: the database's figure plus the batch's own items,
    so that two items of one batch cannot together pass a grant's cap."""

    def __init__(self):
        self.allocated = defaultdict(int)
        self.disbursed = defaultdict(int)
        self.loaded_allocated, self.loaded_disbursed = set(), set()

    def check(self, entry: dict, source: LedgerAccount, target: LedgerAccount) -> None:
        kind, amount, limit = entry["kind"], entry["amount_tiyn"], entry["allocation_limit_tiyn"]
        if limit is None:
            return
        if kind == TransferKind.ALLOCATION:
            if target.pk not in self.loaded_allocated:
                self.allocated[target.pk] += single._net_flow(
                    target.pk, kind=TransferKind.ALLOCATION, outgoing=False
                ) - single._net_flow(target.pk, kind=TransferKind.REFUND, outgoing=True)
                self.loaded_allocated.add(target.pk)
            done = self.allocated[target.pk]
        elif kind == TransferKind.DISBURSEMENT:
            if source.pk not in self.loaded_disbursed:
                self.disbursed[source.pk] += single._net_flow(source.pk, kind=TransferKind.DISBURSEMENT, outgoing=True)
                self.loaded_disbursed.add(source.pk)
            done = self.disbursed[source.pk]
        else:
            return
        if done + amount > limit:
            message = _("This would exceed the grant's approved amount; nothing was transferred.")
            raise Conflict(message, code="allocation_limit", fields={"amount_tiyn": [message]})

    def add(self, entry: dict, source: LedgerAccount, target: LedgerAccount) -> None:
        kind, amount = entry["kind"], entry["amount_tiyn"]
        if kind == TransferKind.ALLOCATION:
            self.allocated[target.pk] += amount
        elif kind == TransferKind.REFUND:
            self.allocated[source.pk] -= amount
        elif kind == TransferKind.DISBURSEMENT:
            self.disbursed[source.pk] += amount


def transfers_create_batch(*, actor, transfers: list[dict]) -> list[Transfer]:
    """Record up to 500 transfers, all or nothing; returns them in the order given (an item whose idempotency key
    was already recorded with the same payload returns that earlier transfer). Each item takes transfer_create's
    keyword arguments except `reverses`. Errors name the item: `transfers[<index>].<field>`."""
    prepared = _validate_all(transfers)
    for index, entry in enumerate(prepared):
        try:
            require_acting_on_zone(actor, single._zone_of(entry["from_account"], entry["to_account"]))
        except ApplicationError as error:
            raise _item_error(index, error) from error
    with transaction.atomic():
        return _record_batch(actor, prepared)


def _record_batch(actor, prepared: list[dict]) -> list[Transfer]:
    ids = sorted({e["from_account"].pk for e in prepared} | {e["to_account"].pk for e in prepared})
    with hot_cursor() as cursor:
        accounts = single.lock_accounts(cursor, ids)
        balances = _latest_balances(cursor, ids)
        existing = _existing(cursor, [e["idempotency_key"] for e in prepared])
    results: list[Transfer | int] = []
    new: list[tuple[Transfer, LedgerAccount, LedgerAccount, int, int]] = []
    limits = _Limits()
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    for index, entry in enumerate(prepared):
        try:
            earlier = existing.get(entry["idempotency_key"])
            if earlier is not None:
                if earlier[1] != entry["payload_hash"]:
                    raise Conflict(
                        _("This idempotency key was already used for a different transfer."),
                        code="idempotency_key_reused",
                        fields={"idempotency_key": [_("Already used for a different transfer.")]},
                    )
                results.append(earlier[0])
                continue
            source_id, target_id = entry["from_account"].pk, entry["to_account"].pk
            if source_id not in accounts or target_id not in accounts:
                message = _("Unknown account.")
                field = "from_account" if source_id not in accounts else "to_account"
                raise NotFound(message, code="account_not_found", fields={field: [message]})
            source, target = accounts[source_id], accounts[target_id]
            amount = entry["amount_tiyn"]
            single._check_limits(entry["kind"], source, target, amount, balances, None, None)
            limits.check(entry, source, target)
        except ApplicationError as error:
            raise _item_error(index, error) from error
        limits.add(entry, source, target)
        balances[source_id] -= amount
        balances[target_id] += amount
        transfer = Transfer(
            kind=entry["kind"],
            from_account_id=source_id,
            to_account_id=target_id,
            amount_tiyn=amount,
            currency=CURRENCY,
            reference=entry["reference"],
            earmark=entry["earmark"],
            occurred_on=entry["occurred_on"],
            created_at=now,
            actor_id=actor_id,
            idempotency_key=entry["idempotency_key"],
            payload_hash=entry["payload_hash"],
            reverses_id=None,
        )
        new.append((transfer, source, target, balances[source_id], balances[target_id]))
        results.append(transfer)
    if new:
        _insert_all(new)
        record_flows([(transfer, source, target) for transfer, source, target, _s, _t in new])
        audit_record_many(
            [
                {
                    "event_type": FundingEvent.TRANSFER_CREATED,
                    "actor": actor,
                    "subject_type": transfer._meta.label_lower,
                    "subject_id": transfer.pk,
                    "after": {
                        "kind": transfer.kind,
                        "from_account": transfer.from_account_id,
                        "to_account": transfer.to_account_id,
                        "amount_tiyn": transfer.amount_tiyn,
                        "reference": transfer.reference,
                        "earmark": transfer.earmark,
                        "occurred_on": transfer.occurred_on.isoformat(),
                        "idempotency_key": transfer.idempotency_key,
                        "reverses": None,
                    },
                    "zone_code": source.zone_code or target.zone_code,
                }
                for transfer, source, target, _after_source, _after_target in new
            ]
        )
    earlier_ids = [r for r in results if isinstance(r, int)]
    earlier = Transfer.objects.in_bulk(earlier_ids) if earlier_ids else {}
    return [earlier[r] if isinstance(r, int) else r for r in results]


def _insert_all(new: list[tuple[Transfer, LedgerAccount, LedgerAccount, int, int]]) -> None:
    """All transfers in one statement, then all their entries in another."""
    ops = connection.ops
    columns = single._TRANSFER_COLUMNS
    values = []
    for transfer, *_rest in new:
        for column in columns:
            value = getattr(transfer, column)
            if column == "occurred_on":
                value = ops.adapt_datefield_value(value)
            elif column == "created_at":
                value = ops.adapt_datetimefield_value(value)
            values.append(value)
    with hot_cursor() as cursor:
        cursor.execute(
            single._INSERT_TRANSFER_INTO
            + " VALUES "
            + ", ".join([single._TRANSFER_ROW] * len(new))
            + ' RETURNING "id", "idempotency_key"',
            values,
        )
        ids = {key: pk for pk, key in cursor.fetchall()}
        entries = []
        for transfer, source, target, source_after, target_after in new:
            transfer.pk = ids[transfer.idempotency_key]
            transfer._state.adding = False
            transfer._state.db = connection.alias
            amount = transfer.amount_tiyn
            entries += [transfer.pk, source.pk, -amount, source_after, transfer.pk, target.pk, amount, target_after]
        cursor.execute(
            f'INSERT INTO "{single._ENTRY}" ("transfer_id", "account_id", "amount_tiyn", "balance_after_tiyn") '
            "VALUES " + ", ".join([_ENTRY_ROW] * (2 * len(new))),
            entries,
        )
