"""Milestones: the grantee reports, operator staff accept or reject with reasons, and an accepted milestone
releases its tranche as one ledger disbursement (idempotent: its key is the milestone's)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, Conflict
from innopark.funding import ledger
from innopark.notifications.services import notify
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Milestone, MilestoneDocument, MilestoneReport
from innopark.projects.permissions import require_representative, require_zone_operator
from innopark.projects.services._common import (
    audit,
    invalid,
    local_day,
    moment,
    organization_reps,
    require_text,
    zone_operators,
)
from innopark.projects.services.grants import grant_url
from innopark.projects.workflow import MILESTONE_TRANSITIONS, GrantStatus, MilestoneStatus, require_transition

MAX_INDICATORS = 30


def _lock(milestone: Milestone) -> Milestone:
    return (
        Milestone.objects.select_for_update()
        .select_related("grant__zone", "grant__organization", "grant__ledger_account")
        .get(pk=milestone.pk)
    )


def _clean_indicators(indicators) -> dict:
    if indicators in (None, ""):
        return {}
    if not isinstance(indicators, dict) or len(indicators) > MAX_INDICATORS:
        raise invalid("indicators", _("Indicators are up to 30 named numbers."), "invalid_indicators")
    cleaned = {}
    for name, value in indicators.items():
        name = str(name).strip()
        if not name or len(name) > 100:
            raise invalid("indicators", _("Each indicator needs a name of up to 100 characters."), "invalid_indicators")
        if isinstance(value, bool) or not isinstance(value, int | str) or len(str(value)) > 100:
            raise invalid("indicators", _("Each indicator's value is a number or a short text."), "invalid_indicators")
        cleaned[name] = value
    return cleaned


@transaction.atomic
def _checked_document(field: str, file) -> tuple[bytes, str]:
    """The same checks as every upload (size limit, PDF/PNG/JPEG by the first bytes), reported on the row's field."""
    from innopark.registry.services.documents import read_upload, sniff_type

    try:
        data = read_upload(file)
    except ApplicationError as error:
        raise invalid(field, error.message, error.code)
    sniffed = sniff_type(data[:16]) if data else None
    if sniffed is None:
        raise invalid(field, _("Only PDF, PNG and JPEG files are accepted."), "file_type")
    return data, sniffed[1]


def milestone_report(
    *,
    actor,
    milestone: Milestone,
    text: str,
    indicators: dict | None = None,
    documents: list | None = None,
    at: dt.datetime | None = None,
) -> MilestoneReport:
    """The grantee reports a milestone (again after a rejection). documents: [(title, uploaded file)]."""
    now = moment(actor, at)
    text = require_text("text", text)
    indicators = _clean_indicators(indicators)
    checked = []
    for index, (title, file) in enumerate(documents or [], start=1):
        if not (title or "").strip() or file is None:
            raise invalid(f"documents.{index}", _("Each document needs a title and a file."), "document_required")
        checked.append((title, _checked_document(f"documents.{index}", file)))
    milestone = _lock(milestone)
    grant = milestone.grant
    if grant.status != GrantStatus.ACTIVE:
        raise Conflict(_("Milestones of a grant that is not active cannot be reported."), code="grant_not_active")
    require_transition(MILESTONE_TRANSITIONS, milestone.status, MilestoneStatus.REPORTED)
    require_representative(actor, grant.organization)
    report = MilestoneReport.objects.create(milestone=milestone, text=text, indicators=indicators, submitted_by=actor)
    if at is not None:
        MilestoneReport.objects.filter(pk=report.pk).update(submitted_at=now)
    for title, (data, extension) in checked:
        document = MilestoneDocument(report=report, title=title.strip()[:200])
        # The user's file name is not trusted: a random name with the extension of the sniffed type.
        document.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
        document.save()
    old = milestone.status
    milestone.status = MilestoneStatus.REPORTED
    milestone.save(update_fields=["status"])
    audit(
        ProjectsEvent.MILESTONE_REPORTED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        before={"milestone": milestone.number, "status": old},
        after={"milestone": milestone.number, "status": milestone.status, "report": report.pk},
        at=at,
    )
    notify(
        recipients=zone_operators(grant.zone),
        kind="projects.milestone_reported",
        subject=_("Milestone %(n)s of grant %(number)s was reported: check it"),
        params={"n": milestone.number, "number": grant.agreement_number},
        url=grant_url(grant),
    )
    return report


def _pending_report(milestone) -> MilestoneReport:
    report = milestone.reports.filter(verdict=MilestoneReport.Verdict.PENDING).order_by("-submitted_at", "-id").first()
    if report is None:
        raise Conflict(_("There is no report awaiting a verdict."), code="no_pending_report")
    return report


@transaction.atomic
def milestone_accept(
    *, actor, milestone: Milestone, remarks: str = "", at: dt.datetime | None = None, pay: bool = True
) -> Milestone:
    """Accept the reported milestone and release its tranche (a ledger disbursement) in the same transaction."""
    now = moment(actor, at)
    milestone = _lock(milestone)
    grant = milestone.grant
    require_transition(MILESTONE_TRANSITIONS, milestone.status, MilestoneStatus.ACCEPTED)
    if grant.status != GrantStatus.ACTIVE:
        raise Conflict(_("Milestones of a grant that is not active cannot be accepted."), code="grant_not_active")
    require_zone_operator(actor, grant.zone)
    report = _pending_report(milestone)
    report.verdict = MilestoneReport.Verdict.ACCEPTED
    report.verdict_reasons = (remarks or "").strip()
    report.reviewed_by = actor
    report.reviewed_at = now
    report.save(update_fields=["verdict", "verdict_reasons", "reviewed_by", "reviewed_at"])
    milestone.status = MilestoneStatus.ACCEPTED
    milestone.accepted_on = local_day(now)
    milestone.save(update_fields=["status", "accepted_on"])
    audit(
        ProjectsEvent.MILESTONE_ACCEPTED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        before={"milestone": milestone.number, "status": MilestoneStatus.REPORTED},
        after={"milestone": milestone.number, "status": MilestoneStatus.ACCEPTED, "remarks": report.verdict_reasons},
        at=at,
    )
    notify(
        recipients=organization_reps(grant.organization),
        kind="projects.milestone_accepted",
        subject=_("Milestone %(n)s of grant %(number)s was accepted"),
        params={"n": milestone.number, "number": grant.agreement_number},
        url=grant_url(grant),
    )
    if pay:
        tranche_disburse(actor=actor, milestone=milestone, paid_on=local_day(now), at=at)
        milestone.refresh_from_db()
    return milestone


@transaction.atomic
def milestone_reject(*, actor, milestone: Milestone, reasons: str) -> Milestone:
    reasons = require_text("reasons", reasons)
    milestone = _lock(milestone)
    grant = milestone.grant
    require_transition(MILESTONE_TRANSITIONS, milestone.status, MilestoneStatus.REJECTED)
    require_zone_operator(actor, grant.zone)
    report = _pending_report(milestone)
    report.verdict = MilestoneReport.Verdict.REJECTED
    report.verdict_reasons = reasons
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["verdict", "verdict_reasons", "reviewed_by", "reviewed_at"])
    milestone.status = MilestoneStatus.REJECTED
    milestone.save(update_fields=["status"])
    audit(
        ProjectsEvent.MILESTONE_REJECTED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        before={"milestone": milestone.number, "status": MilestoneStatus.REPORTED},
        after={"milestone": milestone.number, "status": MilestoneStatus.REJECTED, "reasons": reasons},
    )
    notify(
        recipients=organization_reps(grant.organization),
        kind="projects.milestone_rejected",
        subject=_("Milestone %(n)s of grant %(number)s was not accepted"),
        body=reasons,
        params={"n": milestone.number, "number": grant.agreement_number},
        url=grant_url(grant),
    )
    return milestone


@transaction.atomic
def tranche_disburse(
    *, actor, milestone: Milestone, paid_on: dt.date | None = None, at: dt.datetime | None = None
) -> Milestone:
    """Pay an accepted milestone's tranche: grant account → outside world. Paying it again changes nothing."""
    milestone = _lock(milestone)
    grant = milestone.grant
    if milestone.status == MilestoneStatus.PAID:
        require_zone_operator(actor, grant.zone)
        return milestone
    if milestone.status != MilestoneStatus.ACCEPTED:
        raise Conflict(
            _("Only an accepted milestone's tranche can be paid."),
            code="milestone_not_accepted",
            fields={"milestone": [_("Only an accepted milestone's tranche can be paid.")]},
        )
    if grant.status != GrantStatus.ACTIVE:
        raise Conflict(_("No tranche is paid while the grant is not active."), code="grant_not_active")
    require_zone_operator(actor, grant.zone)
    paid_on = paid_on or timezone.localdate()
    transfer = ledger.transfer_create(
        actor=actor,
        kind=ledger.TransferKind.DISBURSEMENT,
        from_account=grant.ledger_account,
        to_account=ledger.ledger_account_external(),
        amount_tiyn=milestone.tranche_tiyn,
        idempotency_key=milestone.idempotency_key,
        reference=f"{grant.agreement_number} #{milestone.number}",
        occurred_on=paid_on,
        allocation_limit_tiyn=grant.amount_tiyn,
    )
    milestone.status = MilestoneStatus.PAID
    milestone.disbursement = transfer
    milestone.disbursed_on = paid_on
    milestone.save(update_fields=["status", "disbursement", "disbursed_on"])
    audit(
        ProjectsEvent.TRANCHE_DISBURSED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        before={"milestone": milestone.number, "status": MilestoneStatus.ACCEPTED},
        after={
            "milestone": milestone.number,
            "status": MilestoneStatus.PAID,
            "amount_tiyn": milestone.tranche_tiyn,
            "transfer": transfer.pk,
            "paid_on": paid_on.isoformat(),
        },
        at=at,
    )
    notify(
        recipients=organization_reps(grant.organization),
        kind="projects.tranche_paid",
        subject=_("The tranche of milestone %(n)s of grant %(number)s was paid"),
        params={"n": milestone.number, "number": grant.agreement_number},
        url=grant_url(grant),
    )
    return milestone
