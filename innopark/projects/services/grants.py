"""Grants: the award (agreement, milestones, ledger account and allocation from the zone's fund), suspension,
termination with recovery to the fund, completion, and outcome reports."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import Conflict
from innopark.funding import ledger
from innopark.notifications.services import notify
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Decision, Grant, Milestone, OutcomeReport
from innopark.projects.permissions import represents, require_decider, require_zone_operator
from innopark.projects.rollup import grant_rollup_add
from innopark.projects.services._common import (
    audit,
    invalid,
    local_day,
    moment,
    organization_reps,
    require_amount,
    require_text,
)
from innopark.projects.workflow import (
    GRANT_TRANSITIONS,
    MILESTONE_TRANSITIONS,
    GrantStatus,
    MilestoneStatus,
    require_transition,
)

AGREEMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./\-]{2,38}$")
UNPAID = (MilestoneStatus.PLANNED, MilestoneStatus.REPORTED, MilestoneStatus.REJECTED, MilestoneStatus.ACCEPTED)


def grant_url(grant: Grant) -> str:
    return f"/projects/grants/{grant.pk}/"


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(candidate, day.day))
        except ValueError:
            continue
    raise ValueError(day)


def scaled_tranches(planned: list[int], amount: int) -> list[int]:
    """The planned tranches scaled to the approved amount, in whole tiyn; the last absorbs the rounding."""
    total = sum(planned)
    if total == amount:
        return list(planned)
    scaled = [tranche * amount // total for tranche in planned[:-1]]
    scaled.append(amount - sum(scaled))
    return scaled


def _next_agreement_number(zone, year: int) -> str:
    prefix = f"{zone.code.upper()}-{year}-"
    taken = set(Grant.objects.filter(agreement_number__startswith=prefix).values_list("agreement_number", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


def grant_award(
    *, actor, decision: Decision, agreement_number: str = "", starts_on: dt.date, at: dt.datetime | None = None
) -> Grant:
    """Called by decision_make inside its transaction: the grant agreement, its milestones, its ledger account and
    the allocation from the zone's fund (dated the day of the decision)."""
    application = decision.application
    zone = application.zone
    call = application.call
    awarded_on = decision.decided_on
    agreement_number = (agreement_number or "").strip() or _next_agreement_number(zone, awarded_on.year)
    if not AGREEMENT_NUMBER.match(agreement_number):
        raise invalid(
            "agreement_number",
            _("An agreement number is 3-40 Latin letters, digits, dots, slashes and hyphens."),
            "invalid_agreement_number",
        )
    if Grant.objects.filter(agreement_number=agreement_number).exists():
        raise invalid("agreement_number", _("This agreement number is already used."), "duplicate_agreement_number")
    account = ledger.ledger_account_open_grant(
        actor=actor, zone=zone, reference=f"grant:{agreement_number}", rollup_group=application.category.pk
    )
    grant = Grant.objects.create(
        application=application,
        decision=decision,
        call=call,
        zone=zone,
        organization=application.organization,
        recipient_kato=application.organization.kato,
        category_id=application.category_id,
        agreement_number=agreement_number,
        title=application.title,
        awarded_on=awarded_on,
        amount_tiyn=decision.amount_tiyn,
        starts_on=starts_on,
        ends_on=add_months(starts_on, application.duration_months),
        ledger_account=account,
    )
    grant_rollup_add(grant, grants=1, amount_tiyn=grant.amount_tiyn)  # the statistics' rollup (ADR 0071)
    planned = list(application.planned_milestones.all())
    tranches = scaled_tranches([m.tranche_tiyn for m in planned], grant.amount_tiyn)
    Milestone.objects.bulk_create(
        Milestone(grant=grant, number=i, deliverable=m.deliverable, due_on=m.due_on, tranche_tiyn=t)
        for i, (m, t) in enumerate(zip(planned, tranches, strict=True), start=1)
    )
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    allocation = ledger.transfer_create(
        actor=actor,
        kind=ledger.TransferKind.ALLOCATION,
        from_account=fund,
        to_account=account,
        amount_tiyn=grant.amount_tiyn,
        idempotency_key=f"projects:allocation:{grant.pk}:v1",
        reference=agreement_number,
        earmark=call.earmark if call.funding_source == call.FundingSource.EARMARKED else "",
        occurred_on=awarded_on,
        allocation_limit_tiyn=grant.amount_tiyn,
    )
    audit(
        ProjectsEvent.GRANT_AWARDED,
        actor=actor,
        obj=grant,
        zone=zone,
        after={
            "agreement_number": agreement_number,
            "amount_tiyn": grant.amount_tiyn,
            "awarded_on": awarded_on.isoformat(),
            "organization": grant.organization_id,
            "category": grant.category_id,
            "allocation": allocation.pk,
            "milestones": [[i, t] for i, t in enumerate(tranches, start=1)],
        },
        at=at,
    )
    return grant


def grant_balance_tiyn(grant: Grant) -> int:
    """What the grant's ledger account still holds: allocated, not yet paid out or returned."""
    return ledger.account_balance(grant.ledger_account)


def _lock(grant: Grant) -> Grant:
    return Grant.objects.select_for_update().select_related("zone", "organization", "ledger_account").get(pk=grant.pk)


def _status_change(*, actor, grant, new, event, reason, on, extra_after=None, at=None) -> Grant:
    require_transition(GRANT_TRANSITIONS, grant.status, new)
    old = grant.status
    grant.status = new
    grant.status_changed_on = on
    grant.status_reason = reason
    grant.save(update_fields=["status", "status_changed_on", "status_reason", "recovered_tiyn", "updated_at"])
    audit(
        event,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        before={"status": old},
        after={"status": new, "reason": reason, "on": on.isoformat(), **(extra_after or {})},
        at=at,
    )
    notify(
        recipients=organization_reps(grant.organization),
        kind=f"projects.{event}",
        subject=_("Grant %(number)s: %(status)s"),
        body=reason,
        params={"number": grant.agreement_number, "status": str(GrantStatus(new).label)},
        url=grant_url(grant),
    )
    return grant


@transaction.atomic
def grant_suspend(*, actor, grant: Grant, reason: str) -> Grant:
    """No tranche is paid while a grant is suspended; the applicant counts as having a grant in breach."""
    reason = require_text("reason", reason)
    grant = _lock(grant)
    require_transition(GRANT_TRANSITIONS, grant.status, GrantStatus.SUSPENDED)
    require_zone_operator(actor, grant.zone)
    return _status_change(
        actor=actor,
        grant=grant,
        new=GrantStatus.SUSPENDED,
        event=ProjectsEvent.GRANT_SUSPENDED,
        reason=reason,
        on=timezone.localdate(),
    )


@transaction.atomic
def grant_resume(*, actor, grant: Grant, reason: str) -> Grant:
    reason = require_text("reason", reason)
    grant = _lock(grant)
    require_transition(GRANT_TRANSITIONS, grant.status, GrantStatus.ACTIVE)
    require_zone_operator(actor, grant.zone)
    return _status_change(
        actor=actor,
        grant=grant,
        new=GrantStatus.ACTIVE,
        event=ProjectsEvent.GRANT_RESUMED,
        reason=reason,
        on=timezone.localdate(),
    )


@transaction.atomic
def grant_terminate(
    *, actor, grant: Grant, reason: str, recovered_tiyn: int = 0, at: dt.datetime | None = None
) -> Grant:
    """End a grant early. What it still holds goes back to the fund (a refund), and `recovered_tiyn` of what it had
    paid out is recovered from the grantee (a refund from outside into the fund). Unpaid milestones are cancelled.
    Decided by someone who may decide in the zone (the same rule as approval: money moves)."""
    reason = require_text("reason", reason)
    require_amount("recovered_tiyn", recovered_tiyn, allow_zero=True)
    grant = _lock(grant)
    require_transition(GRANT_TRANSITIONS, grant.status, GrantStatus.TERMINATED)
    paid = sum(m.tranche_tiyn for m in grant.milestones.filter(status=MilestoneStatus.PAID))
    if recovered_tiyn > paid:
        raise invalid("recovered_tiyn", _("More cannot be recovered than was paid out."), "recovery_above_paid")
    require_decider(actor, grant.zone)
    today = local_day(moment(actor, at))
    fund = ledger.ledger_account_for_zone_fund(zone=grant.zone)
    unspent = grant_balance_tiyn(grant)
    transfers = []
    if unspent:
        transfers.append(
            ledger.transfer_create(
                actor=actor,
                kind=ledger.TransferKind.REFUND,
                from_account=grant.ledger_account,
                to_account=fund,
                amount_tiyn=unspent,
                idempotency_key=f"projects:termination:{grant.pk}:unspent",
                reference=grant.agreement_number,
                occurred_on=today,
            ).pk
        )
    if recovered_tiyn:
        transfers.append(
            ledger.transfer_create(
                actor=actor,
                kind=ledger.TransferKind.REFUND,
                from_account=ledger.ledger_account_external(),
                to_account=fund,
                amount_tiyn=recovered_tiyn,
                idempotency_key=f"projects:termination:{grant.pk}:recovered",
                reference=grant.agreement_number,
                occurred_on=today,
            ).pk
        )
    for milestone in grant.milestones.filter(status__in=UNPAID):
        require_transition(MILESTONE_TRANSITIONS, milestone.status, MilestoneStatus.CANCELLED)
    grant.milestones.filter(status__in=UNPAID).update(status=MilestoneStatus.CANCELLED)
    grant.recovered_tiyn = unspent + recovered_tiyn
    return _status_change(
        actor=actor,
        grant=grant,
        new=GrantStatus.TERMINATED,
        event=ProjectsEvent.GRANT_TERMINATED,
        reason=reason,
        on=today,
        extra_after={"returned_to_fund_tiyn": grant.recovered_tiyn, "transfers": transfers},
        at=at,
    )


@transaction.atomic
def grant_complete(*, actor, grant: Grant, note: str = "", at: dt.datetime | None = None) -> Grant:
    """Every milestone's tranche is paid: the grant is complete and outcome reporting begins."""
    now = moment(actor, at)
    grant = _lock(grant)
    require_transition(GRANT_TRANSITIONS, grant.status, GrantStatus.COMPLETED)
    if grant.milestones.exclude(status__in=[MilestoneStatus.PAID, MilestoneStatus.CANCELLED]).exists():
        raise Conflict(_("Every milestone must be paid before the grant is completed."), code="milestones_open")
    require_zone_operator(actor, grant.zone)
    return _status_change(
        actor=actor,
        grant=grant,
        new=GrantStatus.COMPLETED,
        event=ProjectsEvent.GRANT_COMPLETED,
        reason=(note or "").strip(),
        on=local_day(now),
        at=at,
    )


@transaction.atomic
def outcome_report_submit(
    *,
    actor,
    grant: Grant,
    period: str,
    jobs: int = 0,
    products: int = 0,
    patents: int = 0,
    revenue_tiyn: int = 0,
    exports_tiyn: int = 0,
    note: str = "",
    at: dt.datetime | None = None,
) -> OutcomeReport:
    """Outcome indicators at completion and for each of the three years after it (one report per period)."""
    now = moment(actor, at)
    if period not in OutcomeReport.Period.values:
        raise invalid("period", _("Choose the period."), "invalid_period")
    for name, value in (("jobs", jobs), ("products", products), ("patents", patents)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise invalid(name, _("Give a whole number from 0 to 1 000 000."), "invalid_count")
    require_amount("revenue_tiyn", revenue_tiyn, allow_zero=True)
    require_amount("exports_tiyn", exports_tiyn, allow_zero=True)
    grant = _lock(grant)
    if grant.status != GrantStatus.COMPLETED:
        raise Conflict(_("Outcomes are reported once the grant is completed."), code="grant_not_completed")
    if grant.outcome_reports.filter(period=period).exists():
        raise Conflict(_("The outcomes for this period were already reported."), code="outcome_already_reported")
    if not represents(actor, grant.organization):
        require_zone_operator(actor, grant.zone)
    report = OutcomeReport.objects.create(
        grant=grant,
        period=period,
        jobs=jobs,
        products=products,
        patents=patents,
        revenue_tiyn=revenue_tiyn,
        exports_tiyn=exports_tiyn,
        note=(note or "").strip(),
        submitted_by=actor,
    )
    if at is not None:
        OutcomeReport.objects.filter(pk=report.pk).update(submitted_at=now)
    audit(
        ProjectsEvent.OUTCOME_REPORTED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        after={
            "period": period,
            "jobs": jobs,
            "products": products,
            "patents": patents,
            "revenue_tiyn": revenue_tiyn,
            "exports_tiyn": exports_tiyn,
        },
        at=at,
    )
    return report
