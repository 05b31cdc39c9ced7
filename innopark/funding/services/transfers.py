"""transfer_create: the one way money moves (ADR 0040, 0042).

Inside one transaction: take the idempotency key's lock, return the earlier transfer for a repeated key (or refuse
a different payload under it), lock both accounts in id order, read their balances from their latest entries,
check the limits, then append the transfer, its two entries and the audit event. Nothing is ever updated, so a
crash at any point leaves either the whole transfer or none of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import orjson
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record
from innopark.core.errors import ApplicationError, Conflict, NotFound
from innopark.core.fastsql import hot_cursor
from innopark.core.money import CURRENCY, MAX_TIYN
from innopark.funding import rollup
from innopark.funding.events import FundingEvent
from innopark.funding.models import AccountKind, LedgerAccount, LedgerEntry, Transfer, TransferKind
from innopark.funding.permissions import require_acting_on_zone

EARLIEST_DATE = dt.date(2000, 1, 1)
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{8,128}$")
EARMARK = re.compile(r"^(grant|call):[\w.:/\-]{1,94}$")

# Which account kinds each transfer kind may connect (reversals mirror their original).
ROUTES = {
    TransferKind.CONTRIBUTION: ({AccountKind.FUNDER, AccountKind.IMPORTED_HISTORY}, {AccountKind.ZONE_FUND}),
    TransferKind.ALLOCATION: ({AccountKind.ZONE_FUND}, {AccountKind.GRANT}),
    TransferKind.DISBURSEMENT: ({AccountKind.GRANT}, {AccountKind.EXTERNAL}),
    TransferKind.REFUND: ({AccountKind.GRANT, AccountKind.EXTERNAL}, {AccountKind.ZONE_FUND}),
}


def _invalid(field: str, message, code: str):
    return ApplicationError(message, code=code, fields={field: [message]})


def _validate_amount(amount_tiyn) -> int:
    if isinstance(amount_tiyn, bool) or not isinstance(amount_tiyn, int):
        raise _invalid("amount_tiyn", _("The amount must be a whole number of tiyn."), "fraction_of_tiyn")
    if amount_tiyn <= 0:
        raise _invalid("amount_tiyn", _("The amount must be greater than zero."), "amount_not_positive")
    if amount_tiyn > MAX_TIYN:
        raise _invalid("amount_tiyn", _("This amount is too large."), "amount_too_large")
    return amount_tiyn


def _validate_request(
    *,
    kind,
    from_account,
    to_account,
    amount_tiyn,
    idempotency_key,
    reference,
    earmark,
    occurred_on,
    allocation_limit_tiyn,
    reverses,
    currency,
) -> None:
    if kind not in TransferKind.values:
        raise _invalid("kind", _("Unknown kind of transfer."), "invalid_kind")
    _validate_amount(amount_tiyn)
    if currency != CURRENCY:
        raise _invalid("currency", _("Only KZT transfers are accepted."), "currency")
    if not idempotency_key or not IDEMPOTENCY_KEY.match(idempotency_key):
        raise _invalid(
            "idempotency_key",
            _("An idempotency key of 8-128 visible ASCII characters is required."),
            "idempotency_key_required",
        )
    if from_account is None or to_account is None:
        raise _invalid(
            "from_account" if from_account is None else "to_account", _("Choose an account."), "account_required"
        )
    if from_account.pk == to_account.pk:
        raise _invalid("to_account", _("An account cannot transfer to itself."), "same_account")
    if len(reference) > 200:
        raise _invalid("reference", _("The reference is longer than 200 characters."), "reference_too_long")
    if earmark and (kind not in (TransferKind.CONTRIBUTION, TransferKind.ALLOCATION) or not EARMARK.match(earmark)):
        raise _invalid(
            "earmark", _('An earmark is "grant:<reference>" or "call:<code>" on a contribution.'), "invalid_earmark"
        )
    if not isinstance(occurred_on, dt.date) or isinstance(occurred_on, dt.datetime):
        raise _invalid("occurred_on", _("Give the date of the transfer."), "invalid_date")
    if not EARLIEST_DATE <= occurred_on <= timezone.localdate():
        raise _invalid("occurred_on", _("The date must be between 2000-01-01 and today."), "date_out_of_range")
    if allocation_limit_tiyn is not None:
        if kind not in (TransferKind.ALLOCATION, TransferKind.DISBURSEMENT):
            raise _invalid(
                "allocation_limit_tiyn",
                _("A limit applies to allocations and disbursements only."),
                "limit_not_applicable",
            )
        _validate_amount(allocation_limit_tiyn)
    if (kind == TransferKind.REVERSAL) != (reverses is not None):
        raise _invalid(
            "reverses", _("A reversal names the transfer it reverses, and only a reversal does."), "reversal_original"
        )


def _payload_hash(**payload) -> str:
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


_ACCOUNT = LedgerAccount._meta.db_table
_ENTRY = LedgerEntry._meta.db_table
_TRANSFER = Transfer._meta.db_table
_ZONE = LedgerAccount._meta.get_field("zone").related_model._meta.db_table

# The write path is raw SQL (ADR 0043): a transfer is the hottest write in the system and the ORM's query
# compilation cost more than the database work. Every statement below is plain SQL that SQLite and PostgreSQL share,
# except the row locks, which SQLite does not need (its IMMEDIATE transaction holds the one write lock).
_LATEST = f'(SELECT e."balance_after_tiyn" FROM "{_ENTRY}" e WHERE e."account_id" = %s ORDER BY e."id" DESC LIMIT 1)'
# Read after the locks are held, so that it sees every transfer committed before us on these accounts.
_STATE_SQL = f'SELECT {_LATEST}, {_LATEST}, (SELECT t."id" FROM "{_TRANSFER}" t WHERE t."idempotency_key" = %s)'
_TRANSFER_COLUMNS = (
    "kind",
    "from_account_id",
    "to_account_id",
    "amount_tiyn",
    "currency",
    "reference",
    "earmark",
    "occurred_on",
    "created_at",
    "actor_id",
    "idempotency_key",
    "payload_hash",
    "reverses_id",
)
_INSERT_TRANSFER_INTO = 'INSERT INTO "{}" ({})'.format(_TRANSFER, ", ".join(f'"{c}"' for c in _TRANSFER_COLUMNS))
_TRANSFER_ROW = "(" + ", ".join(["%s"] * len(_TRANSFER_COLUMNS)) + ")"
_INSERT_TRANSFER = f"{_INSERT_TRANSFER_INTO} VALUES {_TRANSFER_ROW}"
_INSERT_ENTRIES = (
    f'INSERT INTO "{_ENTRY}" ("transfer_id", "account_id", "amount_tiyn", "balance_after_tiyn") '
    "VALUES (%s, %s, %s, %s), (%s, %s, %s, %s)"
)
# On PostgreSQL the transfer, its two entries and its rollup rows (two, or three with a grant group's) go in one
# round trip.
_INSERT_ALL_PG = {
    rows: (
        f'WITH t AS ({_INSERT_TRANSFER} RETURNING "id"), e AS ('
        f'INSERT INTO "{_ENTRY}" ("transfer_id", "account_id", "amount_tiyn", "balance_after_tiyn") '
        'SELECT t."id", v.a, v.m, v.b FROM t, (VALUES (%s::bigint, %s::bigint, %s::bigint), '
        "(%s::bigint, %s::bigint, %s::bigint)) AS v(a, m, b)), "
        f"r AS ({upsert}) "
        'SELECT "id" FROM t'
    )
    for rows, upsert in rollup.UPSERT.items()
}


def lock_accounts(cursor, ids) -> dict[int, LedgerAccount]:
    """Lock the accounts in id order in one statement, so that two transfers (or batches) over the same accounts can
    never deadlock. Each account carries `zone_code` for the audit event."""
    ids = sorted(set(ids))
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f'SELECT a."id", a."kind", a."zone_id", a."is_closed", a."rollup_group", z."code" FROM "{_ACCOUNT}" a '
        f'LEFT JOIN "{_ZONE}" z ON z."id" = a."zone_id" WHERE a."id" IN ({marks}) ORDER BY a."id"'
    )
    if connection.vendor == "postgresql":
        sql += " FOR UPDATE OF a"
    cursor.execute(sql, ids)
    out = {}
    for pk, kind, zone_id, is_closed, rollup_group, zone_code in cursor.fetchall():
        account = LedgerAccount(pk=pk, kind=kind, zone_id=zone_id, is_closed=is_closed, rollup_group=rollup_group)
        account._state.adding = False
        account.zone_code = zone_code or ""
        out[pk] = account
    return out


def _existing(idempotency_key: str, payload_hash: str) -> Transfer | None:
    existing = Transfer.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.payload_hash != payload_hash:
        raise Conflict(
            _("This idempotency key was already used for a different transfer."),
            code="idempotency_key_reused",
            fields={"idempotency_key": [_("Already used for a different transfer.")]},
        )
    return existing


def _check_route(kind, source: LedgerAccount, target: LedgerAccount, reverses: Transfer | None) -> None:
    if kind == TransferKind.REVERSAL:
        if reverses.kind == TransferKind.REVERSAL:
            raise _invalid(
                "reverses", _("A reversal cannot itself be reversed; record a new transfer."), "reversal_of_reversal"
            )
        if reverses.from_account_id != target.pk or reverses.to_account_id != source.pk:
            raise _invalid(
                "reverses",
                _("A reversal moves the money back: from the original's destination to its source."),
                "reversal_accounts",
            )
        return
    sources, targets = ROUTES[kind]
    if source.kind not in sources:
        raise _invalid("from_account", _("This account cannot be the source of this kind of transfer."), "wrong_route")
    if target.kind not in targets:
        raise _invalid("to_account", _("This account cannot receive this kind of transfer."), "wrong_route")
    zones = {
        a.zone_id
        for a in (source, target)
        if a.kind in (AccountKind.ZONE_FUND, AccountKind.GRANT, AccountKind.IMPORTED_HISTORY)
    }
    if len(zones) > 1:
        raise _invalid(
            "to_account", _("Money moves between a zone's fund and that zone's own grants only."), "zone_mismatch"
        )


def _net_flow(account_id: int, *, kind: str, outgoing: bool) -> int:
    """Net amount of one kind of transfer into (or out of) an account, minus what was reversed of it."""
    side = "from_account_id" if outgoing else "to_account_id"
    reversed_side = "to_account_id" if outgoing else "from_account_id"
    gross = Transfer.objects.filter(kind=kind, **{side: account_id}).aggregate(s=Sum("amount_tiyn"))["s"] or 0
    back = (
        Transfer.objects.filter(
            kind=TransferKind.REVERSAL, reverses__kind=kind, **{reversed_side: account_id}
        ).aggregate(s=Sum("amount_tiyn"))["s"]
        or 0
    )
    return gross - back


def _check_limits(kind, source, target, amount, balances, reverses, allocation_limit_tiyn) -> None:
    for account in (source, target):
        if account.is_closed:
            field = "from_account" if account is source else "to_account"
            raise _invalid(field, _("This account is closed."), "account_closed")
    if reverses is not None:
        already = reverses.reversals.aggregate(s=Sum("amount_tiyn"))["s"] or 0
        if already + amount > reverses.amount_tiyn:
            message = _("A reversal cannot exceed what is left of the original transfer.")
            raise Conflict(message, code="reversal_exceeds_original", fields={"amount_tiyn": [message]})
    if source.must_stay_non_negative and balances[source.pk] - amount < 0:
        if source.kind == AccountKind.ZONE_FUND:
            message = _("The fund holds less than this amount; nothing was transferred.")
            raise Conflict(message, code="insufficient_funds", fields={"amount_tiyn": [message]})
        message = _("The grant would pay out more than was allocated to it; nothing was transferred.")
        raise Conflict(message, code="grant_overdrawn", fields={"amount_tiyn": [message]})
    if allocation_limit_tiyn is not None:
        if kind == TransferKind.ALLOCATION:
            # Net of what the grant gave back, so that an amendment can lower a grant and raise it again.
            done = _net_flow(target.pk, kind=TransferKind.ALLOCATION, outgoing=False) - _net_flow(
                target.pk, kind=TransferKind.REFUND, outgoing=True
            )
        else:
            done = _net_flow(source.pk, kind=TransferKind.DISBURSEMENT, outgoing=True)
        if done + amount > allocation_limit_tiyn:
            message = _("This would exceed the grant's approved amount; nothing was transferred.")
            raise Conflict(message, code="allocation_limit", fields={"amount_tiyn": [message]})


def transfer_create(
    *,
    actor,
    kind: str,
    from_account: LedgerAccount | None,
    to_account: LedgerAccount | None,
    amount_tiyn: int,
    idempotency_key: str,
    reference: str = "",
    earmark: str = "",
    occurred_on: dt.date | None = None,
    allocation_limit_tiyn: int | None = None,
    reverses: Transfer | None = None,
    currency: str = CURRENCY,
) -> Transfer:
    """Record one transfer. A retry with the same key and payload returns the first transfer; the same key with
    another payload raises Conflict (code idempotency_key_reused). For a reversal the accounts may be left None:
    they are the original's, swapped."""
    reference = (reference or "").strip()
    earmark = (earmark or "").strip()
    occurred_on = occurred_on or timezone.localdate()
    if kind == TransferKind.REVERSAL and reverses is not None:
        from_account = from_account or reverses.to_account
        to_account = to_account or reverses.from_account
    _validate_request(
        kind=kind,
        from_account=from_account,
        to_account=to_account,
        amount_tiyn=amount_tiyn,
        idempotency_key=idempotency_key,
        reference=reference,
        earmark=earmark,
        occurred_on=occurred_on,
        allocation_limit_tiyn=allocation_limit_tiyn,
        reverses=reverses,
        currency=currency,
    )
    payload_hash = _payload_hash(
        kind=kind,
        from_account=from_account.pk,
        to_account=to_account.pk,
        amount_tiyn=amount_tiyn,
        reference=reference,
        earmark=earmark,
        occurred_on=occurred_on.isoformat(),
        allocation_limit_tiyn=allocation_limit_tiyn,
        reverses=reverses.pk if reverses else None,
        currency=currency,
    )
    try:
        with transaction.atomic():
            return _record(
                actor,
                kind,
                from_account,
                to_account,
                amount_tiyn,
                idempotency_key,
                payload_hash,
                reference,
                earmark,
                occurred_on,
                allocation_limit_tiyn,
                reverses,
            )
    except IntegrityError:
        # Only reachable if another writer inserted the same key between our check and our insert without the
        # key lock (never on PostgreSQL or SQLite as configured); the answer is then the same as for a retry.
        existing = _existing(idempotency_key, payload_hash)
        if existing is None:
            raise
        return existing


def _record(
    actor,
    kind,
    from_account: LedgerAccount,
    to_account: LedgerAccount,
    amount,
    idempotency_key,
    payload_hash,
    reference,
    earmark,
    occurred_on,
    allocation_limit_tiyn,
    reverses,
) -> Transfer:
    source_id, target_id = from_account.pk, to_account.pk
    # An account's kind and zone never change, so the route and the actor's right to move the zone's money are
    # checked on the caller's instances before any lock is taken: a zone fund's lock is held until COMMIT and
    # every transfer of the zone waits for it, so only what needs the lock happens under it.
    _check_route(kind, from_account, to_account, reverses)
    require_acting_on_zone(actor, _zone_of(from_account, to_account))
    # No lock on the key itself: a retry names the same accounts, so the account locks serialise it with the
    # first attempt; a reused key on other accounts collides on the unique index and is answered like a retry.
    with hot_cursor() as cursor:
        accounts = lock_accounts(cursor, (source_id, target_id))
        cursor.execute(_STATE_SQL, [source_id, target_id, idempotency_key])
        source_balance, target_balance, existing_id = cursor.fetchone()
    if existing_id is not None:
        return _existing(idempotency_key, payload_hash)
    if source_id not in accounts or target_id not in accounts:
        raise NotFound(_("Unknown account."), code="account_not_found")
    source, target = accounts[source_id], accounts[target_id]
    balances = {source_id: source_balance or 0, target_id: target_balance or 0}
    _check_limits(kind, source, target, amount, balances, reverses, allocation_limit_tiyn)
    transfer = Transfer(
        kind=kind,
        from_account_id=source_id,
        to_account_id=target_id,
        amount_tiyn=amount,
        currency=CURRENCY,
        reference=reference,
        earmark=earmark,
        occurred_on=occurred_on,
        created_at=timezone.now(),
        actor_id=actor.pk if getattr(actor, "pk", None) else None,
        idempotency_key=idempotency_key,
        payload_hash=payload_hash,
        reverses_id=reverses.pk if reverses else None,
    )
    _insert(transfer, source, target, reverses, balances[source_id] - amount, balances[target_id] + amount)
    audit_record(
        event_type=FundingEvent.TRANSFER_CREATED,
        actor=actor,
        subject_type=transfer._meta.label_lower,
        subject_id=transfer.pk,
        after={
            "kind": kind,
            "from_account": source_id,
            "to_account": target_id,
            "amount_tiyn": amount,
            "reference": reference,
            "earmark": earmark,
            "occurred_on": occurred_on.isoformat(),
            "idempotency_key": idempotency_key,
            "reverses": reverses.pk if reverses else None,
        },
        zone_code=source.zone_code or target.zone_code,
    )
    return transfer


def _insert(transfer: Transfer, source, target, reverses, source_after: int, target_after: int) -> None:
    """Append the transfer, its two entries and its rollup rows; sets transfer.pk."""
    ops = connection.ops
    values = [getattr(transfer, column) for column in _TRANSFER_COLUMNS]
    values[_TRANSFER_COLUMNS.index("occurred_on")] = ops.adapt_datefield_value(transfer.occurred_on)
    values[_TRANSFER_COLUMNS.index("created_at")] = ops.adapt_datetimefield_value(transfer.created_at)
    amount = transfer.amount_tiyn
    flows = rollup.flow_rows(transfer, source, target, reverses)
    with hot_cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                _INSERT_ALL_PG[len(flows)],
                [*values, source.pk, -amount, source_after, target.pk, amount, target_after]
                + [value for key, flow in flows for value in (*key, flow)],
            )
            transfer.pk = cursor.fetchone()[0]
            transfer._flow_recorded = True
        else:
            cursor.execute(_INSERT_TRANSFER + ' RETURNING "id"', values)
            transfer.pk = cursor.fetchone()[0]
            cursor.execute(
                _INSERT_ENTRIES,
                [transfer.pk, source.pk, -amount, source_after, transfer.pk, target.pk, amount, target_after],
            )
            rollup.record_flow(transfer, source=source, target=target, reverses=reverses)
    transfer._state.adding = False
    transfer._state.db = connection.alias


def _zone_of(source: LedgerAccount, target: LedgerAccount) -> int | None:
    return source.zone_id or target.zone_id
