"""Funders' contracts, declared bases (with their documents), contributions, direct spending, quarterly reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record
from innopark.core.errors import ApplicationError, Conflict
from innopark.core.money import MAX_TIYN, Money
from innopark.funding.events import FundingEvent
from innopark.funding.models import (
    BaseDeclaration,
    Contribution,
    DirectSpending,
    FulfilmentReport,
    SubsoilContract,
    TransferKind,
)
from innopark.funding.models.obligations import FIRST_YEAR, LAST_YEAR
from innopark.funding.permissions import require_funder_actor
from innopark.funding.services.ledger_accounts import ledger_account_for_funder, ledger_account_for_zone_fund
from innopark.funding.services.transfers import transfer_create

DOCUMENT_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".docx", ".odt", ".ods"}


def _invalid(field: str, message, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]})


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error, code="invalid")


def _amount(value, field: str, *, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(field, _("The amount must be a whole number of tiyn."), "fraction_of_tiyn")
    if value < 0 or (value == 0 and not allow_zero):
        raise _invalid(field, _("The amount must be greater than zero."), "amount_not_positive")
    if value > MAX_TIYN:
        raise _invalid(field, _("This amount is too large."), "amount_too_large")
    return value


def _year(value, field: str = "year") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise _invalid(field, _("Give a year between 2009 and 2100."), "invalid_year")
    return value


def _quarter(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise _invalid("quarter", _("A quarter is 1, 2, 3 or 4."), "invalid_quarter")
    return value


def _document(file, field: str):
    """A supporting document is required: a non-empty file of an accepted type within the upload limit."""
    if file is None or not getattr(file, "name", ""):
        raise _invalid(field, _("Attach the supporting document."), "document_required")
    if PurePath(file.name).suffix.lower() not in DOCUMENT_EXTENSIONS:
        raise _invalid(field, _("Attach a PDF, image, XLSX, DOCX or ODF document."), "document_type")
    size = getattr(file, "size", None) or 0
    if size <= 0:
        raise _invalid(field, _("The document is empty."), "document_empty")
    if size > settings.MAX_UPLOAD_BYTES:
        raise _invalid(field, _("The document is larger than 10 MB."), "document_too_large")
    return file


def _audit(event_type, *, actor, subject, after: dict, zone_code: str = "") -> None:
    audit_record(
        event_type=event_type,
        actor=actor,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        after=after,
        zone_code=zone_code,
    )


@transaction.atomic
def contract_register(
    *,
    actor,
    organization,
    number: str,
    signed_on: dt.date,
    mineral: str,
    rd_rate=Decimal("0.01"),
    base_kind: str = SubsoilContract.Base.INCOME,
) -> SubsoilContract:
    try:
        rate = Decimal(str(rd_rate)) if not isinstance(rd_rate, float) else None
    except InvalidOperation:
        rate = None
    if rate is None:
        raise _invalid("rd_rate", _("Give the rate as a decimal share, e.g. 0.01 for 1%."), "invalid_rate")
    contract = SubsoilContract(
        organization=organization,
        number=(number or "").strip(),
        signed_on=signed_on,
        mineral=mineral,
        rd_rate=rate,
        base_kind=base_kind,
    )
    _clean(contract)
    require_funder_actor(actor, organization)
    contract.save()
    _audit(
        FundingEvent.CONTRACT_REGISTERED,
        actor=actor,
        subject=contract,
        after={
            "organization": organization.pk,
            "number": contract.number,
            "signed_on": signed_on,
            "mineral": mineral,
            "rd_rate": rate,
            "base_kind": base_kind,
        },
    )
    return contract


@transaction.atomic
def base_declare(*, actor, contract: SubsoilContract, year: int, base_tiyn: int, document) -> BaseDeclaration:
    """Declare the base for a year with its document; the obligation is rate × base, rounded half-up to the tiyn."""
    _year(year)
    _amount(base_tiyn, "base_tiyn", allow_zero=True)
    _document(document, "document")
    require_funder_actor(actor, contract.organization)
    if BaseDeclaration.objects.filter(contract=contract, year=year).exists():
        message = _("The base for this contract and year has already been declared.")
        raise Conflict(message, code="already_declared", fields={"year": [message]})
    obligation = Money(base_tiyn).apply_rate(contract.rd_rate).tiyn
    declaration = BaseDeclaration(
        contract=contract,
        year=year,
        base_tiyn=base_tiyn,
        rate=contract.rd_rate,
        obligation_tiyn=obligation,
        document=document,
        declared_by=actor if getattr(actor, "pk", None) else None,
    )
    _clean(declaration)
    declaration.save()
    _audit(
        FundingEvent.BASE_DECLARED,
        actor=actor,
        subject=declaration,
        after={
            "contract": contract.pk,
            "year": year,
            "base_tiyn": base_tiyn,
            "rate": contract.rd_rate,
            "obligation_tiyn": obligation,
        },
    )
    return declaration


@transaction.atomic
def contribution_record(
    *,
    actor,
    contract: SubsoilContract,
    year: int,
    zone,
    amount_tiyn: int,
    idempotency_key: str,
    occurred_on: dt.date | None = None,
    earmark: str = "",
    reference: str = "",
) -> Contribution:
    """Money a funder paid into a zone's fund for a contract's obligation year: a ledger contribution plus the
    link to the contract. Repeating the call with the same key returns the same contribution."""
    _year(year)
    transfer = transfer_create(
        actor=actor,
        kind=TransferKind.CONTRIBUTION,
        from_account=ledger_account_for_funder(organization=contract.organization),
        to_account=ledger_account_for_zone_fund(zone=zone),
        amount_tiyn=amount_tiyn,
        idempotency_key=idempotency_key,
        reference=reference or f"contract:{contract.number}:{year}",
        earmark=earmark,
        occurred_on=occurred_on,
    )
    existing = Contribution.objects.filter(transfer=transfer).first()
    if existing is not None:
        if existing.contract_id != contract.pk or existing.year != year:
            raise Conflict(
                _("This idempotency key was already used for a different transfer."), code="idempotency_key_reused"
            )
        return existing
    contribution = Contribution.objects.create(contract=contract, year=year, transfer=transfer)
    _audit(
        FundingEvent.CONTRIBUTION_RECORDED,
        actor=actor,
        subject=contribution,
        zone_code=zone.code,
        after={
            "contract": contract.pk,
            "year": year,
            "transfer": transfer.pk,
            "amount_tiyn": amount_tiyn,
        },
    )
    _notify_funder(
        contract,
        subject=_("Your contribution of %(amount)s was recorded"),
        params={"amount": Money(amount_tiyn).format()},
    )
    return contribution


@transaction.atomic
def direct_spending_report(
    *, actor, contract: SubsoilContract, year: int, quarter: int, amount_tiyn: int, description: str, evidence
) -> DirectSpending:
    _year(year)
    _quarter(quarter)
    _amount(amount_tiyn, "amount_tiyn")
    if not (description or "").strip():
        raise _invalid("description", _("Say what the money was spent on."), "required")
    _document(evidence, "evidence")
    require_funder_actor(actor, contract.organization)
    spending = DirectSpending(
        contract=contract,
        year=year,
        quarter=quarter,
        amount_tiyn=amount_tiyn,
        description=description.strip(),
        evidence=evidence,
        reported_by=actor if getattr(actor, "pk", None) else None,
    )
    _clean(spending)
    spending.save()
    _audit(
        FundingEvent.DIRECT_SPENDING_REPORTED,
        actor=actor,
        subject=spending,
        after={
            "contract": contract.pk,
            "year": year,
            "quarter": quarter,
            "amount_tiyn": amount_tiyn,
            "description": spending.description,
        },
    )
    return spending


@transaction.atomic
def fulfilment_report_submit(*, actor, contract: SubsoilContract, year: int, quarter: int) -> FulfilmentReport:
    """Freeze the year's figures as they stand at the end of a quarter into a report."""
    from innopark.funding.fulfilment import contract_years

    _year(year)
    _quarter(quarter)
    if dt.date(year, 3 * quarter - 2, 1) > timezone.localdate():
        raise _invalid("quarter", _("This quarter has not begun yet."), "quarter_in_future")
    require_funder_actor(actor, contract.organization)
    if FulfilmentReport.objects.filter(contract=contract, year=year, quarter=quarter).exists():
        message = _("The report for this quarter has already been submitted.")
        raise Conflict(message, code="already_reported", fields={"quarter": [message]})
    row = next((r for r in contract_years(contract, through_year=year) if r.year == year), None)
    report = FulfilmentReport.objects.create(
        contract=contract,
        year=year,
        quarter=quarter,
        obligation_tiyn=row.obligation_tiyn if row else 0,
        contributed_tiyn=row.contributed_tiyn if row else 0,
        direct_tiyn=row.direct_tiyn if row else 0,
        carried_in_tiyn=row.carried_in_tiyn if row else 0,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    _audit(
        FundingEvent.FULFILMENT_REPORTED,
        actor=actor,
        subject=report,
        after={
            "contract": contract.pk,
            "year": year,
            "quarter": quarter,
            "obligation_tiyn": report.obligation_tiyn,
            "contributed_tiyn": report.contributed_tiyn,
            "direct_tiyn": report.direct_tiyn,
            "carried_in_tiyn": report.carried_in_tiyn,
        },
    )
    return report


def _notify_funder(contract: SubsoilContract, *, subject, params: dict) -> None:
    from innopark.accounts.models import Role, User
    from innopark.notifications.services import notify

    reps = User.objects.filter(
        role_assignments__role=Role.FUNDER_REP, role_assignments__organization=contract.organization, is_active=True
    ).distinct()
    notify(
        recipients=list(reps),
        kind="funding.contribution",
        subject=subject,
        params=params,
        url=f"/funding/funders/{contract.organization.bin or contract.organization.pk}/",
    )
