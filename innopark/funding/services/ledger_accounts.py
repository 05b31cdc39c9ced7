"""Ledger accounts: get-or-create by natural key (idempotent and race-safe), grant accounts, closing."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record
from innopark.core.errors import ApplicationError, Conflict
from innopark.funding.events import FundingEvent
from innopark.funding.models import AccountKind, LedgerAccount
from innopark.funding.permissions import require_acting_on_zone

GRANT_REFERENCE = re.compile(r"^[\w.:/\-]{1,100}$")


def _audit_opened(account: LedgerAccount, actor=None) -> None:
    audit_record(
        event_type=FundingEvent.ACCOUNT_OPENED,
        actor=actor,
        subject_type=account._meta.label_lower,
        subject_id=account.pk,
        after={
            "kind": account.kind,
            "organization": account.organization_id,
            "zone": account.zone_id,
            "reference": account.reference,
            **({"rollup_group": account.rollup_group} if account.rollup_group else {}),
        },
        zone_code=account.zone.code if account.zone_id else "",
    )


def _get_or_create(lookup: dict, actor=None, defaults: dict | None = None) -> LedgerAccount:
    """Find the account or create it (with `defaults` too); two callers racing both end with the one row (the
    loser re-reads it)."""
    account = LedgerAccount.objects.filter(**lookup).first()
    if account is not None:
        return account
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the unique constraint may refuse the insert
                account = LedgerAccount.objects.create(**lookup, **(defaults or {}))
        except IntegrityError:
            return LedgerAccount.objects.get(**lookup)
        _audit_opened(account, actor)
        return account


def ledger_account_for_funder(*, organization) -> LedgerAccount:
    if organization is None or organization.pk is None:
        raise ApplicationError(
            _("Choose a funder."), code="funder_required", fields={"organization": [_("Choose a funder.")]}
        )
    return _get_or_create({"kind": AccountKind.FUNDER, "organization": organization})


def ledger_account_for_zone_fund(*, zone) -> LedgerAccount:
    return _get_or_create({"kind": AccountKind.ZONE_FUND, "zone": zone})


def ledger_account_imported_history(*, zone) -> LedgerAccount:
    return _get_or_create({"kind": AccountKind.IMPORTED_HISTORY, "zone": zone})


def ledger_account_external() -> LedgerAccount:
    return _get_or_create({"kind": AccountKind.EXTERNAL})


def ledger_account_open_grant(*, actor, zone, reference: str, rollup_group: int | None = None) -> LedgerAccount:
    """The grant's account (the projects app keeps a foreign key to it). Opening it twice returns the same one;
    the same reference in another zone, or with a rollup group other than the one it was opened with, is refused.

    `rollup_group` (a positive number; projects gives the grant's category) makes the flow rollup total the
    account's flows by group each month too (ADR 0073). It is fixed at opening: the rollup's rows were written
    under it."""
    reference = (reference or "").strip()
    if not GRANT_REFERENCE.match(reference):
        message = _("A grant reference is 1-100 letters, digits and . : / - _ characters.")
        raise ApplicationError(message, code="invalid_reference", fields={"reference": [message]})
    if rollup_group is not None and (type(rollup_group) is not int or rollup_group < 1):
        message = _("A rollup group is a whole number from 1.")
        raise ApplicationError(message, code="invalid_rollup_group", fields={"rollup_group": [message]})
    require_acting_on_zone(actor, zone.pk)
    existing = LedgerAccount.objects.filter(kind=AccountKind.GRANT, reference=reference).first()
    if existing is None:
        lookup = {"kind": AccountKind.GRANT, "zone": zone, "reference": reference}
        existing = _get_or_create(lookup, actor, defaults={"rollup_group": rollup_group})
    if existing.zone_id != zone.pk:
        message = _("This grant reference is already used in another zone.")
        raise Conflict(message, code="grant_reference_taken", fields={"reference": [message]})
    if rollup_group is not None and existing.rollup_group != rollup_group:
        message = _("This grant account was opened for another group.")
        raise Conflict(message, code="grant_group_differs", fields={"rollup_group": [message]})
    return existing


@transaction.atomic
def ledger_account_close(*, actor, account: LedgerAccount) -> LedgerAccount:
    """Close a grant account (no more transfers in or out); only an empty account can be closed."""
    from innopark.funding.selectors import account_balance

    if account.kind != AccountKind.GRANT:
        raise ApplicationError(_("Only grant accounts can be closed."), code="not_closable")
    require_acting_on_zone(actor, account.zone_id)
    account = LedgerAccount.objects.select_for_update().get(pk=account.pk)
    if account.is_closed:
        return account
    if account_balance(account) != 0:
        raise Conflict(_("The account still holds money: refund it before closing."), code="account_not_empty")
    LedgerAccount.objects.filter(pk=account.pk).update(is_closed=True)
    account.is_closed = True
    audit_record(
        event_type=FundingEvent.ACCOUNT_CLOSED,
        actor=actor,
        subject_type=account._meta.label_lower,
        subject_id=account.pk,
        before={"is_closed": False},
        after={"is_closed": True},
        zone_code=account.zone.code,
    )
    return account
