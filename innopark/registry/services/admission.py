"""Admission: a representative drafts and submits an application; operator staff moderate it (5 working days,
may return it for revision); the commission decides (10 working days), and an approval admits the participant."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.core.workdays import add_working_days
from innopark.notifications.services import notify
from innopark.registry.eligibility import eligibility_problems
from innopark.registry.events import RegistryEvent
from innopark.registry.models import AdmissionApplication, Participant, ParticipantStatusChange
from innopark.registry.permissions import require_representative, require_zone_staff
from innopark.registry.services._common import (
    check_amounts,
    check_date,
    clean,
    record,
    refuse,
    representatives,
    require_text,
    snapshot,
    today,
    zone_staff,
)
from innopark.registry.workflow import (
    APPLICATION_TRANSITIONS,
    EDITABLE_APPLICATION_STATES,
    PARTICIPANT_TRANSITIONS,
    STEP_DEADLINES_WORKING_DAYS,
    ApplicationStatus,
    ParticipantStatus,
    require_transition,
)

A = ApplicationStatus
APPLICATION_FIELDS = [
    "project_title",
    "project_summary",
    "oked",
    "planned_investment_tiyn",
    "planned_jobs",
    "declares_true_data",
    "declares_no_bankruptcy",
    "declares_no_tax_debt",
]
DECLARATIONS = ["declares_true_data", "declares_no_bankruptcy", "declares_no_tax_debt"]


def _url(application) -> str:
    return reverse("registry:application", args=[application.pk])


def _raise_problems(problems) -> None:
    if problems:
        fields: dict[str, list[str]] = {}
        for problem in problems:
            fields.setdefault(problem.field, []).append(problem.message)
        raise ApplicationError(problems[0].message, code=problems[0].code, fields=fields)


def _check_project(values: dict) -> None:
    require_text(project_title=values.get("project_title"), project_summary=values.get("project_summary"))
    check_amounts(planned_investment_tiyn=values.get("planned_investment_tiyn"))
    jobs = values.get("planned_jobs")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 0 <= jobs <= 1_000_000:
        refuse("planned_jobs", _("Enter a whole number of jobs between 0 and 1,000,000."), "invalid")


def _locked(application: AdmissionApplication) -> AdmissionApplication:
    return (
        AdmissionApplication.objects.select_for_update().select_related("zone", "organization").get(pk=application.pk)
    )


def _move(application, target: str, event_type, *, actor, after: dict, update_fields: list[str]):
    before = {"status": application.status}
    require_transition(APPLICATION_TRANSITIONS, application.status, target)
    application.status = target
    application.save(update_fields=["status", *update_fields, "updated_at"])
    record(
        event_type,
        actor=actor,
        subject=application,
        zone_code=application.zone.code,
        before=before,
        after={"status": target, **after},
    )


@transaction.atomic
def application_create(
    *,
    actor,
    organization,
    zone,
    project_title: str,
    project_summary: str,
    oked: str,
    planned_investment_tiyn: int = 0,
    planned_jobs: int = 0,
    declares_true_data: bool = False,
    declares_no_bankruptcy: bool = False,
    declares_no_tax_debt: bool = False,
    on: dt.date | None = None,
) -> AdmissionApplication:
    """A draft. The activity must be on the zone's priority list today (checked again when submitting)."""
    on = on or today()
    values = {
        "project_title": (project_title or "").strip(),
        "project_summary": (project_summary or "").strip(),
        "oked": (oked or "").strip(),
        "planned_investment_tiyn": planned_investment_tiyn,
        "planned_jobs": planned_jobs,
        "declares_true_data": bool(declares_true_data),
        "declares_no_bankruptcy": bool(declares_no_bankruptcy),
        "declares_no_tax_debt": bool(declares_no_tax_debt),
    }
    _check_project(values)
    application = AdmissionApplication(organization=organization, zone=zone, **values)
    clean(application, exclude=["created_by"], validate_unique=False)
    _raise_problems(list(eligibility_problems(organization=organization, zone=zone, oked=values["oked"], on=on)))
    require_representative(actor, organization)
    if AdmissionApplication.objects.filter(
        organization=organization, zone=zone, status__in=[A.DRAFT, A.SUBMITTED, A.MODERATION, A.RETURNED, A.COMMISSION]
    ).exists():
        refuse("zone", _("This organization already has an open application to this zone."), "application_open")
    application.created_by = actor if getattr(actor, "pk", None) else None
    application.save()
    record(
        RegistryEvent.APPLICATION_CREATED,
        actor=actor,
        subject=application,
        zone_code=zone.code,
        after={"organization": organization.pk, **snapshot(application, APPLICATION_FIELDS)},
    )
    return application


@transaction.atomic
def application_update(*, actor, application: AdmissionApplication, **changes) -> AdmissionApplication:
    """Edit a draft or a returned application."""
    unknown = set(changes) - set(APPLICATION_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed."), code="not_editable", fields={f: [_("Not editable.")] for f in unknown}
        )
    application = _locked(application)
    if application.status not in EDITABLE_APPLICATION_STATES:
        refuse("status", _("Only a draft or a returned application can be edited."), "not_editable")
    before = snapshot(application, APPLICATION_FIELDS)
    for name, value in changes.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    _check_project({name: getattr(application, name) for name in APPLICATION_FIELDS})
    clean(application, exclude=["created_by"], validate_unique=False)
    if "oked" in changes:
        problems = eligibility_problems(
            organization=application.organization, zone=application.zone, oked=application.oked, on=today()
        )
        _raise_problems([p for p in problems if p.field == "oked"])
    require_representative(actor, application.organization)
    after = snapshot(application, APPLICATION_FIELDS)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
        record(
            RegistryEvent.APPLICATION_UPDATED,
            actor=actor,
            subject=application,
            zone_code=application.zone.code,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return application


@transaction.atomic
def application_submit(*, actor, application: AdmissionApplication, on: dt.date | None = None) -> AdmissionApplication:
    """Submit (or resubmit after a return): declarations made, a document attached, eligible on that date."""
    on = on or today()
    application = _locked(application)
    require_transition(APPLICATION_TRANSITIONS, application.status, A.SUBMITTED)
    missing = {name: [_("This declaration is required.")] for name in DECLARATIONS if not getattr(application, name)}
    if missing:
        raise ApplicationError(_("Make every declaration before submitting."), code="declarations", fields=missing)
    if not application.documents.exists():
        refuse("documents", _("Attach at least one document (the business plan)."), "documents_required")
    _raise_problems(
        eligibility_problems(organization=application.organization, zone=application.zone, oked=application.oked, on=on)
    )
    require_representative(actor, application.organization)
    application.submitted_on = on
    application.step_started_on = on
    application.step_due_on = add_working_days(on, STEP_DEADLINES_WORKING_DAYS[A.SUBMITTED])
    application.return_reason = ""
    _move(
        application,
        A.SUBMITTED,
        RegistryEvent.APPLICATION_SUBMITTED,
        actor=actor,
        after={"submitted_on": on, "due_on": application.step_due_on},
        update_fields=["submitted_on", "step_started_on", "step_due_on", "return_reason"],
    )
    notify(
        recipients=zone_staff(application.zone),
        kind="registry.application_submitted",
        subject=_("New admission application from %(org)s"),
        body=_("Moderate it by %(due)s (5 working days)."),
        params={"org": application.organization.name, "due": application.step_due_on.isoformat()},
        url=_url(application),
    )
    return application


@transaction.atomic
def application_moderation_start(
    *, actor, application: AdmissionApplication, on: dt.date | None = None
) -> AdmissionApplication:
    """Operator staff take the application into moderation; the 5 working days run from the submission."""
    application = _locked(application)
    require_transition(APPLICATION_TRANSITIONS, application.status, A.MODERATION)
    require_zone_staff(actor, application.zone)
    _move(application, A.MODERATION, RegistryEvent.MODERATION_STARTED, actor=actor, after={}, update_fields=[])
    return application


@transaction.atomic
def application_return(
    *, actor, application: AdmissionApplication, reason: str, on: dt.date | None = None
) -> AdmissionApplication:
    """Return the application to the applicant for revision (documents or data), with the reason."""
    application = _locked(application)
    require_transition(APPLICATION_TRANSITIONS, application.status, A.RETURNED)
    require_text(reason=reason)
    require_zone_staff(actor, application.zone)
    application.return_reason = reason.strip()
    application.step_due_on = None
    _move(
        application,
        A.RETURNED,
        RegistryEvent.APPLICATION_RETURNED,
        actor=actor,
        after={"reason": application.return_reason},
        update_fields=["return_reason", "step_due_on"],
    )
    notify(
        recipients=representatives(application.organization),
        kind="registry.application_returned",
        subject=_("Your application to %(zone)s was returned for revision"),
        body=_("Reason: %(reason)s"),
        params={"zone": application.zone.code, "reason": application.return_reason},
        url=_url(application),
    )
    return application


@transaction.atomic
def application_moderation_pass(
    *, actor, application: AdmissionApplication, on: dt.date | None = None
) -> AdmissionApplication:
    """Moderation done: the application goes to the commission, which decides within 10 working days."""
    on = on or today()
    application = _locked(application)
    require_transition(APPLICATION_TRANSITIONS, application.status, A.COMMISSION)
    check_date("on", on, not_before=application.submitted_on)
    require_zone_staff(actor, application.zone)
    application.step_started_on = on
    application.step_due_on = add_working_days(on, STEP_DEADLINES_WORKING_DAYS[A.COMMISSION])
    _move(
        application,
        A.COMMISSION,
        RegistryEvent.MODERATION_PASSED,
        actor=actor,
        after={"due_on": application.step_due_on},
        update_fields=["step_started_on", "step_due_on"],
    )
    notify(
        recipients=representatives(application.organization),
        kind="registry.application_to_commission",
        subject=_("Your application to %(zone)s is before the commission"),
        body=_("The commission decides by %(due)s."),
        params={"zone": application.zone.code, "due": application.step_due_on.isoformat()},
        url=_url(application),
    )
    return application


@transaction.atomic
def application_decide(
    *, actor, application: AdmissionApplication, approve: bool, reasons: str, on: dt.date | None = None
) -> Participant | None:
    """The commission's decision, with reasons. An approval admits the organization: returns the Participant."""
    on = on or today()
    application = _locked(application)
    target = A.APPROVED if approve else A.REFUSED
    require_transition(APPLICATION_TRANSITIONS, application.status, target)
    require_text(reasons=reasons)
    check_date("on", on, not_before=application.submitted_on)
    if approve:
        # Facts may have changed since the submission (a share sold to the state, another zone joined).
        problems = eligibility_problems(
            organization=application.organization, zone=application.zone, oked=application.oked, on=on
        )
        _raise_problems([p for p in problems if p.field != "oked"])
    require_zone_staff(actor, application.zone)
    application.decided_on = on
    application.decision_reasons = reasons.strip()
    application.step_due_on = None
    _move(
        application,
        target,
        RegistryEvent.APPLICATION_APPROVED if approve else RegistryEvent.APPLICATION_REFUSED,
        actor=actor,
        after={"decided_on": on, "reasons": application.decision_reasons},
        update_fields=["decided_on", "decision_reasons", "step_due_on"],
    )
    participant = None
    if approve:
        require_transition(PARTICIPANT_TRANSITIONS, None, ParticipantStatus.APPROVED)
        participant = Participant.objects.create(
            organization=application.organization,
            zone=application.zone,
            application=application,
            status=ParticipantStatus.APPROVED,
            oked=application.oked,
            project_title=application.project_title,
            admitted_on=on,
        )
        ParticipantStatusChange.objects.create(participant=participant, status=participant.status, effective_on=on)
        record(
            RegistryEvent.PARTICIPANT_ADMITTED,
            actor=actor,
            subject=participant,
            zone_code=application.zone.code,
            after={"status": participant.status, "admitted_on": on, "application": application.pk},
        )
    notify(
        recipients=representatives(application.organization),
        kind="registry.application_decided",
        subject=_("The commission approved your application to %(zone)s")
        if approve
        else _("The commission refused your application to %(zone)s"),
        body=_("Reasons: %(reasons)s"),
        params={"zone": application.zone.code, "reasons": application.decision_reasons},
        url=_url(application),
    )
    return participant
