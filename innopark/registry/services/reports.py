"""Participant reports and the operator's compliance decisions."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, Conflict
from innopark.notifications.services import notify
from innopark.registry.events import RegistryEvent
from innopark.registry.models import ComplianceDecision, Participant, ParticipantReport
from innopark.registry.periods import Period
from innopark.registry.permissions import require_representative, require_zone_staff
from innopark.registry.services._common import check_amounts, record, refuse, today, zone_staff
from innopark.registry.services.participants import participant_exclude, participant_suspend
from innopark.registry.workflow import ParticipantStatus

REPORT_AMOUNTS = [
    "total_income_tiyn",
    "priority_income_tiyn",
    "investment_tiyn",
    "exports_tiyn",
    "digital_exports_tiyn",
    "tax_benefits_tiyn",
]
REPORTING_STATES = {ParticipantStatus.ACTIVE, ParticipantStatus.SUSPENDED, ParticipantStatus.REGISTERED}


def _check_counts(**counts) -> None:
    errors = {}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            errors[name] = [_("Enter a whole number between 0 and 1,000,000.")]
    if errors:
        raise ApplicationError(_("Some fields are not valid."), code="invalid", fields=errors)


def _check_period(participant: Participant, year, quarter, on: dt.date) -> Period:
    quarterly = participant.zone.report_period == "quarter"
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        refuse("year", _("Enter a year between 2000 and 2100."), "invalid")
    if quarterly and quarter not in (1, 2, 3, 4):
        refuse("quarter", _("This zone takes quarterly reports: give a quarter from 1 to 4."), "invalid_period")
    if not quarterly and quarter != 0:
        refuse("quarter", _("This zone takes annual reports: leave the quarter empty."), "invalid_period")
    period = Period(year, quarter)
    if period.end >= on:
        refuse("year", _("A report can be filed only after its period has ended."), "period_not_ended")
    start = participant.registered_on or participant.admitted_on
    if period.end < start:
        refuse("year", _("The period ended before the participant was entered in the register."), "period_before_entry")
    return period


def _checked_figures(*, headcount: int, new_jobs: int, **amounts: int) -> dict[str, int]:
    """The report's figures, checked alike for a first filing and a correction; returns the amounts."""
    check_amounts(**amounts)
    _check_counts(headcount=headcount, new_jobs=new_jobs)
    if amounts["priority_income_tiyn"] > amounts["total_income_tiyn"]:
        refuse("priority_income_tiyn", _("Priority income cannot exceed total income."), "invalid")
    if amounts["digital_exports_tiyn"] > amounts["exports_tiyn"]:
        refuse("digital_exports_tiyn", _("Digital exports cannot exceed exports."), "invalid")
    return amounts


@transaction.atomic
def report_file(
    *,
    actor,
    participant: Participant,
    year: int,
    quarter: int = 0,
    total_income_tiyn: int,
    priority_income_tiyn: int,
    headcount: int,
    new_jobs: int,
    investment_tiyn: int,
    exports_tiyn: int,
    digital_exports_tiyn: int,
    tax_benefits_tiyn: int,
    on: dt.date | None = None,
) -> ParticipantReport:
    """File one period's report. A period already reported is refused: file a correction (report_correct) instead."""
    on = on or today()
    participant = Participant.objects.select_for_update().select_related("zone", "organization").get(pk=participant.pk)
    amounts = _checked_figures(
        total_income_tiyn=total_income_tiyn,
        priority_income_tiyn=priority_income_tiyn,
        investment_tiyn=investment_tiyn,
        exports_tiyn=exports_tiyn,
        digital_exports_tiyn=digital_exports_tiyn,
        tax_benefits_tiyn=tax_benefits_tiyn,
        headcount=headcount,
        new_jobs=new_jobs,
    )
    period = _check_period(participant, year, quarter, on)
    if participant.status not in REPORTING_STATES:
        refuse("participant", _("This participant does not file reports in its current status."), "not_reporting")
    require_representative(actor, participant.organization)
    if ParticipantReport.objects.filter(participant=participant, year=year, quarter=quarter).exists():
        _refuse_duplicate(period)
    try:
        with transaction.atomic():
            report = ParticipantReport.objects.create(
                participant=participant,
                year=year,
                quarter=quarter,
                headcount=headcount,
                new_jobs=new_jobs,
                submitted_on=on,
                submitted_by=actor if getattr(actor, "pk", None) else None,
                **amounts,
            )
    except IntegrityError:
        _refuse_duplicate(period)
    record(
        RegistryEvent.REPORT_FILED,
        actor=actor,
        subject=participant,
        zone_code=participant.zone.code,
        after={"report": report.pk, "period": period.label, "headcount": headcount, "new_jobs": new_jobs, **amounts},
    )
    notify(
        recipients=zone_staff(participant.zone),
        kind="registry.report_filed",
        subject=_("%(org)s filed its report for %(period)s"),
        params={"org": participant.organization.name, "period": period.label},
        url=reverse("registry:participant", args=[participant.pk]),
        email=False,
    )
    return report


@transaction.atomic
def report_correct(
    *,
    actor,
    report: ParticipantReport,
    reason: str,
    total_income_tiyn: int,
    priority_income_tiyn: int,
    headcount: int,
    new_jobs: int,
    investment_tiyn: int,
    exports_tiyn: int,
    digital_exports_tiyn: int,
    tax_benefits_tiyn: int,
    on: dt.date | None = None,
) -> ParticipantReport:
    """File a correction of a report already filed (ADR 0022). The original is kept; the correction supersedes it
    for compliance and statistics. Only the version in force can be corrected, once: a second correction of the
    same version (a double submit, or two people at once) is refused with `already_corrected`."""
    on = on or today()
    participant = (
        Participant.objects.select_for_update().select_related("zone", "organization").get(pk=report.participant_id)
    )
    report = ParticipantReport.versions.get(pk=report.pk)
    amounts = _checked_figures(
        total_income_tiyn=total_income_tiyn,
        priority_income_tiyn=priority_income_tiyn,
        investment_tiyn=investment_tiyn,
        exports_tiyn=exports_tiyn,
        digital_exports_tiyn=digital_exports_tiyn,
        tax_benefits_tiyn=tax_benefits_tiyn,
        headcount=headcount,
        new_jobs=new_jobs,
    )
    reason = (reason or "").strip()
    if not reason:
        refuse("reason", _("Say what the correction corrects."), "required")
    if participant.status not in REPORTING_STATES:
        refuse("participant", _("This participant does not file reports in its current status."), "not_reporting")
    require_representative(actor, participant.organization)
    newer = ParticipantReport.versions.filter(corrects=report).first()
    if newer is not None:
        _refuse_already_corrected(newer)
    values = {"headcount": headcount, "new_jobs": new_jobs, **amounts}
    if all(getattr(report, name) == value for name, value in values.items()):
        refuse("total_income_tiyn", _("The correction changes none of the figures."), "no_change")
    try:
        with transaction.atomic():
            correction = ParticipantReport.objects.create(
                participant=participant,
                year=report.year,
                quarter=report.quarter,
                submitted_on=on,
                submitted_by=actor if getattr(actor, "pk", None) else None,
                corrects=report,
                correction_reason=reason,
                **values,
            )
    except IntegrityError:
        _refuse_already_corrected(ParticipantReport.versions.filter(corrects=report).first())
    period = Period(report.year, report.quarter)
    record(
        RegistryEvent.REPORT_CORRECTED,
        actor=actor,
        subject=participant,
        zone_code=participant.zone.code,
        before={"report": report.pk, **{name: getattr(report, name) for name in values}},
        after={"report": correction.pk, "corrects": report.pk, "period": period.label, "reason": reason, **values},
    )
    notify(
        recipients=zone_staff(participant.zone),
        kind="registry.report_corrected",
        subject=_("%(org)s corrected its report for %(period)s"),
        body=_("Reason given: %(reason)s"),
        params={"org": participant.organization.name, "period": period.label, "reason": reason},
        url=reverse("registry:report", args=[participant.pk, correction.pk]),
    )
    return correction


def _refuse_already_corrected(newer):
    message = _("This version of the report has already been corrected (filed on %(date)s): correct the newest one.")
    date = newer.submitted_on.isoformat() if newer is not None else ""
    raise Conflict(message % {"date": date}, code="already_corrected", fields={"report": [message % {"date": date}]})


def _refuse_duplicate(period: Period):
    message = _("A report for %(period)s has already been filed: file a correction of it instead.") % {
        "period": period.label
    }
    raise Conflict(message, code="period_already_reported", fields={"quarter" if period.quarter else "year": [message]})


@transaction.atomic
def compliance_decision_record(
    *, actor, participant: Participant, breach_key: str, consequence: str, note: str, on: dt.date | None = None
) -> ComplianceDecision:
    """The operator decides the consequence of one listed breach; a suspension or exclusion is carried out too."""
    from innopark.registry.compliance import participant_compliance

    on = on or today()
    participant = Participant.objects.select_for_update().select_related("zone", "organization").get(pk=participant.pk)
    if consequence not in ComplianceDecision.Consequence.values:
        refuse("consequence", _("Choose a warning, a suspension or an exclusion."), "invalid")
    breaches = {b.key: b for b in participant_compliance(participant, today=on).breaches}
    if breach_key not in breaches:
        refuse("breach_key", _("There is no such breach for this participant."), "unknown_breach")
    if (note or "").strip() == "" and consequence != ComplianceDecision.Consequence.WARNING:
        refuse("note", _("Give the legal grounds."), "required")
    require_zone_staff(actor, participant.zone)
    if ComplianceDecision.objects.filter(participant=participant, breach_key=breach_key).exists():
        refuse("breach_key", _("A decision on this breach has already been recorded."), "already_decided", Conflict)
    decision = ComplianceDecision.objects.create(
        participant=participant,
        breach_key=breach_key,
        consequence=consequence,
        note=(note or "").strip(),
        decided_on=on,
        decided_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        RegistryEvent.COMPLIANCE_DECIDED,
        actor=actor,
        subject=participant,
        zone_code=participant.zone.code,
        after={"breach": breach_key, "consequence": consequence, "note": decision.note},
    )
    grounds = decision.note or str(breaches[breach_key].message)
    if consequence == ComplianceDecision.Consequence.SUSPENSION:
        participant_suspend(actor=actor, participant=participant, on=on, grounds=grounds)
    elif consequence == ComplianceDecision.Consequence.EXCLUSION:
        participant_exclude(actor=actor, participant=participant, on=on, grounds=grounds)
    return decision
