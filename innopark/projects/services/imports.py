"""Imported history: grants decided elsewhere (no call, application or decision in innopark) and their payments.

`grant_import` creates the grant, its ledger account and its money: a contribution from the zone's *imported
history* account into the zone fund, earmarked for the grant, and the allocation of the same amount from the fund to
the grant, so the fund's own balance ends where it started (ADR 0055). `grant_disbursement_import` records one
payment the grant made (grant → outside world) on its date. Both are idempotent: the same data again returns what
exists, unchanged; other data under the same identifier is refused naming the fields that differ.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, Conflict
from innopark.funding import ledger
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Category, Grant
from innopark.projects.permissions import require_zone_operator
from innopark.projects.rollup import grant_rollup_add
from innopark.projects.services._common import audit, invalid, require_amount, require_text
from innopark.projects.workflow import GrantStatus

EARLIEST_AWARD = dt.date(2000, 1, 1)
EXTERNAL_ID_MAX = 255
TITLE_MAX = 300
# Compared when the same external identifier is imported again.
COMPARED_FIELDS = (
    "organization_id",
    "title",
    "summary",
    "category_id",
    "awarded_on",
    "amount_tiyn",
    "starts_on",
    "ends_on",
)


def _require_date(field: str, value, *, required: bool = True) -> dt.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise invalid(field, _("Give a date."), "invalid_date")
    return value


def _require_past_date(field: str, value, *, earliest: dt.date) -> dt.date:
    value = _require_date(field, value)
    if not earliest <= value <= timezone.localdate():
        raise invalid(
            field,
            _("The date must be between %(earliest)s and today.") % {"earliest": earliest.isoformat()},
            "date_out_of_range",
        )
    return value


def _mismatch(fields: list[str]) -> Conflict:
    message = _("This identifier was imported before with other data; nothing was changed.")
    return Conflict(
        message,
        code="import_mismatch",
        fields={name: [_("Differs from what was imported before under this identifier.")] for name in fields},
    )


def _next_imported_number(zone) -> str:
    prefix = f"{zone.code.upper()[:24]}-IMP-"
    n = Grant.objects.filter(zone=zone, origin=Grant.Origin.IMPORTED).count() + 1
    while Grant.objects.filter(agreement_number=f"{prefix}{n:05d}").exists():
        n += 1
    return f"{prefix}{n:05d}"


@transaction.atomic
def grant_import(
    *,
    actor,
    zone,
    organization,
    title: str,
    summary: str = "",
    category_code: str,
    awarded_on: dt.date,
    amount_tiyn: int,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    external_id: str,
) -> Grant:
    """A grant decided elsewhere, as history of the zone: recipient, amount awarded, award date, planned term,
    category. Its money comes from the zone's imported-history account, so the zone fund's own balance is unchanged.
    Importing the same identifier again with the same data returns the grant unchanged."""
    external_id = require_text("external_id", external_id, max_length=EXTERNAL_ID_MAX)
    title = require_text("title", title, max_length=TITLE_MAX)
    summary = (summary or "").strip()
    if organization is None or getattr(organization, "pk", None) is None:
        raise invalid("organization", _("Choose the organization."), "organization_required")
    if zone is None or getattr(zone, "pk", None) is None:
        raise invalid("zone", _("Choose the zone."), "zone_required")
    category = Category.objects.filter(code=(category_code or "").strip()).first()
    if category is None:
        raise invalid("category_code", _("There is no project category with this code."), "unknown_category")
    require_amount("amount_tiyn", amount_tiyn)
    awarded_on = _require_past_date("awarded_on", awarded_on, earliest=EARLIEST_AWARD)
    starts_on = _require_date("starts_on", starts_on, required=False)
    ends_on = _require_date("ends_on", ends_on, required=False)
    if starts_on and ends_on and ends_on <= starts_on:
        raise invalid("ends_on", _("The end date must come after the start."), "term_order")
    require_zone_operator(actor, zone)

    values = {
        "organization_id": organization.pk,
        "title": title,
        "summary": summary,
        "category_id": category.code,
        "awarded_on": awarded_on,
        "amount_tiyn": amount_tiyn,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    existing = (
        Grant.objects.select_for_update()
        .filter(zone=zone, origin=Grant.Origin.IMPORTED, external_id=external_id)
        .first()
    )
    if existing is not None:
        differing = [name for name in COMPARED_FIELDS if getattr(existing, name) != values[name]]
        if differing:
            raise _mismatch(
                [name.removesuffix("_id") if name != "category_id" else "category_code" for name in differing]
            )
        return existing

    agreement_number = _next_imported_number(zone)
    account = ledger.ledger_account_open_grant(
        actor=actor, zone=zone, reference=f"grant:{agreement_number}", rollup_group=category.pk
    )
    grant = Grant.objects.create(
        origin=Grant.Origin.IMPORTED,
        status=GrantStatus.IMPORTED,
        external_id=external_id,
        zone=zone,
        agreement_number=agreement_number,
        ledger_account=account,
        recipient_kato=organization.kato,
        **values,
    )
    grant_rollup_add(grant, grants=1, amount_tiyn=grant.amount_tiyn)  # the statistics' rollup (ADR 0071)
    history = ledger.ledger_account_imported_history(zone=zone)
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    # Into the fund from imported history, earmarked for this grant (so the lineage says "imported history", not a
    # subsoil user), then out of the fund to the grant: net zero on the fund.
    contribution = ledger.transfer_create(
        actor=actor,
        kind=ledger.TransferKind.CONTRIBUTION,
        from_account=history,
        to_account=fund,
        amount_tiyn=amount_tiyn,
        idempotency_key=f"projects:import:{grant.pk}:history",
        reference=agreement_number,
        earmark=f"grant:{grant.ledger_reference}",
        occurred_on=awarded_on,
    )
    allocation = ledger.transfer_create(
        actor=actor,
        kind=ledger.TransferKind.ALLOCATION,
        from_account=fund,
        to_account=account,
        amount_tiyn=amount_tiyn,
        idempotency_key=f"projects:allocation:{grant.pk}:v1",
        reference=agreement_number,
        occurred_on=awarded_on,
        allocation_limit_tiyn=amount_tiyn,
    )
    audit(
        ProjectsEvent.GRANT_IMPORTED,
        actor=actor,
        obj=grant,
        zone=zone,
        after={
            "external_id": external_id,
            "agreement_number": agreement_number,
            "amount_tiyn": amount_tiyn,
            "awarded_on": awarded_on.isoformat(),
            "organization": organization.pk,
            "category": category.code,
            "starts_on": starts_on.isoformat() if starts_on else None,
            "ends_on": ends_on.isoformat() if ends_on else None,
            "transfers": [contribution.pk, allocation.pk],
        },
    )
    return grant


def _disbursement_key(grant: Grant, number: int) -> str:
    return f"projects:import:{grant.pk}:disbursement:{number}"


@transaction.atomic
def grant_disbursement_import(
    *, actor, grant: Grant, number: int, paid_on: dt.date, amount_tiyn: int, external_id: str = ""
):
    """Payment number `number` (1, 2, ...) of an imported grant: grant → outside world on `paid_on`. The same number
    with the same date and amount returns the transfer recorded before; other data is refused."""
    if not grant.is_imported:
        raise ApplicationError(
            _("Only imported grants take imported payments; tranches of other grants are paid by milestone."),
            code="not_imported",
            fields={"grant": [_("This grant was awarded in innopark.")]},
        )
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 10_000:
        raise invalid("number", _("Give a whole number from 1 to 10 000."), "invalid_number")
    require_amount("amount_tiyn", amount_tiyn)
    paid_on = _require_past_date("paid_on", paid_on, earliest=grant.awarded_on)
    external_id = (external_id or "").strip()
    if len(external_id) > EXTERNAL_ID_MAX:
        raise invalid("external_id", _("At most %(max)s characters, please.") % {"max": EXTERNAL_ID_MAX}, "too_long")
    require_zone_operator(actor, grant.zone)

    key = _disbursement_key(grant, number)
    existing = ledger.Transfer.objects.filter(idempotency_key=key).first()
    if existing is not None:
        differing = [
            name
            for name, same in (
                ("paid_on", existing.occurred_on == paid_on),
                ("amount_tiyn", existing.amount_tiyn == amount_tiyn),
            )
            if not same
        ]
        if differing:
            raise _mismatch(differing)
        return existing
    transfer = ledger.transfer_create(
        actor=actor,
        kind=ledger.TransferKind.DISBURSEMENT,
        from_account=grant.ledger_account,
        to_account=ledger.ledger_account_external(),
        amount_tiyn=amount_tiyn,
        idempotency_key=key,
        reference=(external_id or grant.agreement_number)[:200],
        occurred_on=paid_on,
        allocation_limit_tiyn=grant.amount_tiyn,
    )
    audit(
        ProjectsEvent.GRANT_DISBURSEMENT_IMPORTED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        after={
            "number": number,
            "paid_on": paid_on.isoformat(),
            "amount_tiyn": amount_tiyn,
            "external_id": external_id,
            "transfer": transfer.pk,
        },
    )
    return transfer
