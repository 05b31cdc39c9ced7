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
from innopark.core.money import CURRENCY, MAX_TIYN
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


def _lock_key(idempotency_key: str) -> None:
    """Serialise callers using the same key (PostgreSQL; SQLite's IMMEDIATE transaction serialises all writers)."""
    if connection.vendor == "postgresql":
        digest = hashlib.sha256(b"ledger-key:" + idempotency_key.encode()).digest()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)])


def _lock_accounts(ids: list[int]) -> dict[int, LedgerAccount]:
    """Lock the accounts in id order, so two transfers over the same pair can never deadlock."""
    qs = LedgerAccount.objects.select_related("zone").filter(pk__in=ids).order_by("pk")
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(of=("self",))
    return {account.pk: account for account in qs}


def _balances(ids: list[int]) -> dict[int, int]:
    out = {}
    for account_id in ids:
        latest = (
            LedgerEntry.objects.filter(account_id=account_id)
            .order_by("-id")
            .values_list("balance_after_tiyn", flat=True)
        )[:1]
        out[account_id] = latest[0] if latest else 0
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
                from_account.pk,
                to_account.pk,
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
    source_id,
    target_id,
    amount,
    idempotency_key,
    payload_hash,
    reference,
    earmark,
    occurred_on,
    allocation_limit_tiyn,
    reverses,
) -> Transfer:
    _lock_key(idempotency_key)
    existing = _existing(idempotency_key, payload_hash)
    if existing is not None:
        require_acting_on_zone(actor, _zone_of(existing.from_account, existing.to_account))
        return existing
    accounts = _lock_accounts(sorted({source_id, target_id}))
    if source_id not in accounts or target_id not in accounts:
        raise NotFound(_("Unknown account."), code="account_not_found")
    source, target = accounts[source_id], accounts[target_id]
    _check_route(kind, source, target, reverses)
    zone_id = _zone_of(source, target)
    require_acting_on_zone(actor, zone_id)
    balances = _balances([source_id, target_id])
    _check_limits(kind, source, target, amount, balances, reverses, allocation_limit_tiyn)
    transfer = Transfer.objects.create(
        kind=kind,
        from_account=source,
        to_account=target,
        amount_tiyn=amount,
        reference=reference,
        earmark=earmark,
        occurred_on=occurred_on,
        actor=actor if getattr(actor, "pk", None) else None,
        idempotency_key=idempotency_key,
        payload_hash=payload_hash,
        reverses=reverses,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                transfer=transfer, account=source, amount_tiyn=-amount, balance_after_tiyn=balances[source_id] - amount
            ),
            LedgerEntry(
                transfer=transfer, account=target, amount_tiyn=amount, balance_after_tiyn=balances[target_id] + amount
            ),
        ]
    )
    zone = source.zone if source.zone_id else target.zone
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
        zone_code=zone.code if zone else "",
    )
    return transfer


def _zone_of(source: LedgerAccount, target: LedgerAccount) -> int | None:
    return source.zone_id or target.zone_id
