"""The registry's JSON API: the public register and certificate verification (no authentication), and the
admission workflow, participants, reports and compliance for signed-in users (bearer token or session).

Handlers parse, call a selector or a service, and shape the answer; the rules live in the services."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Status
from ninja.files import UploadedFile

from innopark.api import auth_required
from innopark.core.api_schemas import ERRORS, ErrorOut
from innopark.core.errors import ApplicationError, NotFound
from innopark.registry import schemas as s
from innopark.registry import selectors, services
from innopark.registry.eligibility import eligibility_problems
from innopark.registry.models import ApplicationDocument, ParticipantReport
from innopark.registry.public import RegisterFilter, parse_cursor, register_page
from innopark.registry.services.documents import read_upload

router = Router(tags=["registry"])
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _text_ok(**values) -> None:
    """Refuse NUL characters, which no database text column accepts, with a named field rather than a crash."""
    for name, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            message = _("This value contains a NUL character.")
            raise ApplicationError(message, code="invalid", fields={name: [message]})


# --- public --------------------------------------------------------------------------------------------------


@router.get("/participants", response={200: s.PublicParticipantPage, **PUBLIC_ERRORS}, auth=None)
def participants_public(
    request: HttpRequest,
    q: str = Query("", max_length=200, description="text in a name, or the start of a BIN"),
    zone: str = Query("", max_length=64),
    status: str = Query("", max_length=20, description="registered, active, suspended or excluded"),
    oked: str = Query("", max_length=5),
    admitted_from: dt.date | None = None,
    admitted_to: dt.date | None = None,
    after: str | None = Query(None, max_length=20, description="the `next` cursor of the previous page"),
    limit: int = Query(100, ge=1, le=500),
):
    """The public register: public fields only, keyset pagination (`after` = the previous page's `next`)."""
    _text_ok(q=q, zone=zone, status=status, oked=oked, after=after)
    flt = RegisterFilter(q=q, zone=zone, status=status, oked=oked, admitted_from=admitted_from, admitted_to=admitted_to)
    rows, next_cursor = register_page(flt, after=after, limit=limit)
    return {"items": rows, "next": next_cursor}


@router.get("/certificates/{number}", response={200: s.CertificateVerificationOut, **PUBLIC_ERRORS}, auth=None)
def certificate_verify(request: HttpRequest, number: str):
    """Whether a certificate is valid, suspended or revoked."""
    _text_ok(number=number)
    certificate = selectors.certificate_by_number(number)
    if certificate is None:
        raise NotFound(_("No certificate with this number was issued."), code="certificate_not_found")
    participant = certificate.participant
    replacement = certificate.replaced_by
    return {
        "number": certificate.number,
        "state": selectors.certificate_state(certificate),
        "issued_on": certificate.issued_on,
        "organization": participant.organization.name,
        "bin": participant.organization.bin,
        "zone": participant.zone.code,
        "register_entry_number": participant.register_entry_number,
        "replaced_by": replacement.number if replacement else None,
        "replaces": certificate.replaces.number if certificate.replaces_id else None,
    }


# --- organizations -------------------------------------------------------------------------------------------


def _organization_out(org) -> dict:
    return {
        **{f: getattr(org, f) for f in s.OrganizationOut.model_fields if f != "open_data_id"},
        "open_data_id": org.open_data_id,
    }


@router.post("/organizations", response={201: s.OrganizationOut, **ERRORS}, auth=auth_required)
def organization_create(request: HttpRequest, payload: s.OrganizationIn):
    """Create an organization. A second organization with the same BIN is refused (409) naming the first."""
    data = payload.dict()
    _text_ok(**data)
    org = services.organization_create(actor=request.user, **data)
    return Status(201, _organization_out(org))


@router.get("/organizations/{organization_id}", response={200: s.OrganizationOut, **ERRORS}, auth=auth_required)
def organization_get(request: HttpRequest, organization_id: int):
    return _organization_out(selectors.access_organization(request.user, organization_id))


# --- applications --------------------------------------------------------------------------------------------


def _application_out(app) -> dict:
    participant = getattr(app, "participant", None) if app.status == "approved" else None
    return {
        "id": app.pk,
        "organization_id": app.organization_id,
        "zone": app.zone.code,
        "status": app.status,
        "project_title": app.project_title,
        "oked": app.oked,
        "planned_investment_tiyn": app.planned_investment_tiyn,
        "planned_jobs": app.planned_jobs,
        "submitted_on": app.submitted_on,
        "step_due_on": app.step_due_on,
        "return_reason": app.return_reason,
        "decided_on": app.decided_on,
        "decision_reasons": app.decision_reasons,
        "participant_id": participant.pk if participant else None,
    }


@router.get("/applications", response={200: s.ApplicationPage, **ERRORS}, auth=auth_required)
def applications_list(
    request: HttpRequest,
    status: str = Query("", max_length=20),
    after: str | None = Query(None, max_length=20),
    limit: int = Query(100, ge=1, le=500),
):
    """Applications the user may see: own organization's (representatives), their zones' (staff, authorities)."""
    _text_ok(status=status, after=after)
    qs = selectors.applications_visible_to(request.user).filter(pk__gt=parse_cursor(after)).order_by("pk")
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.select_related("participant")[: limit + 1])
    next_cursor = str(rows[limit - 1].pk) if len(rows) > limit else None
    return {"items": [_application_out(a) for a in rows[:limit]], "next": next_cursor}


@router.post("/applications", response={201: s.ApplicationOut, **ERRORS}, auth=auth_required)
def application_create(request: HttpRequest, payload: s.ApplicationIn):
    from innopark.zones.models import Zone

    data = payload.dict()
    _text_ok(**data)
    organization = selectors.access_organization(request.user, data.pop("organization_id"))
    zone = Zone.objects.filter(code=data.pop("zone")).first()
    if zone is None:
        message = _("No zone has this code.")
        raise ApplicationError(message, code="zone_not_found", fields={"zone": [message]})
    application = services.application_create(actor=request.user, organization=organization, zone=zone, **data)
    return Status(201, _application_out(application))


@router.get("/applications/{application_id}", response={200: s.ApplicationOut, **ERRORS}, auth=auth_required)
def application_get(request: HttpRequest, application_id: int):
    return _application_out(selectors.access_application(request.user, application_id))


@router.get(
    "/applications/{application_id}/eligibility", response={200: s.EligibilityOut, **ERRORS}, auth=auth_required
)
def application_eligibility(request: HttpRequest, application_id: int, on: dt.date | None = None):
    """The automatic checks with their reasons, as they stand on a date (default today): see them before submitting."""
    from django.utils import timezone

    application = selectors.access_application(request.user, application_id)
    problems = eligibility_problems(
        organization=application.organization,
        zone=application.zone,
        oked=application.oked,
        on=on or timezone.localdate(),
    )
    return {"eligible": not problems, "problems": [p.__dict__ for p in problems]}


@router.post("/applications/{application_id}/documents", response={201: s.DocumentOut, **ERRORS}, auth=auth_required)
def document_upload(
    request: HttpRequest,
    application_id: int,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja declares parameters this way
    kind: str = Form(ApplicationDocument.Kind.OTHER, max_length=24),
):
    """Attach a PDF, PNG or JPEG (checked by content, at most MAX_UPLOAD_BYTES)."""
    application = selectors.access_application(request.user, application_id)
    document = services.document_upload(
        actor=request.user, application=application, name=file.name or "document", data=read_upload(file), kind=kind
    )
    return Status(201, document)


def _step(request, application_id: int, service, **kwargs):
    application = selectors.access_application(request.user, application_id)
    service(actor=request.user, application=application, **kwargs)
    application.refresh_from_db()
    return _application_out(application)


@router.post("/applications/{application_id}/submit", response={200: s.ApplicationOut, **ERRORS}, auth=auth_required)
def application_submit(request: HttpRequest, application_id: int):
    return _step(request, application_id, services.application_submit)


@router.post(
    "/applications/{application_id}/moderation", response={200: s.ApplicationOut, **ERRORS}, auth=auth_required
)
def application_moderation_start(request: HttpRequest, application_id: int):
    return _step(request, application_id, services.application_moderation_start)


@router.post("/applications/{application_id}/return", response={200: s.ApplicationOut, **ERRORS}, auth=auth_required)
def application_return(request: HttpRequest, application_id: int, payload: s.ReasonIn):
    _text_ok(reason=payload.reason)
    return _step(request, application_id, services.application_return, reason=payload.reason)


@router.post(
    "/applications/{application_id}/commission", response={200: s.ApplicationOut, **ERRORS}, auth=auth_required
)
def application_moderation_pass(request: HttpRequest, application_id: int):
    return _step(request, application_id, services.application_moderation_pass)


@router.post("/applications/{application_id}/decision", response={200: s.ApplicationOut, **ERRORS}, auth=auth_required)
def application_decide(request: HttpRequest, application_id: int, payload: s.DecisionIn):
    _text_ok(reasons=payload.reasons)
    return _step(request, application_id, services.application_decide, approve=payload.approve, reasons=payload.reasons)


# --- participants --------------------------------------------------------------------------------------------


def _participant_out(p, user) -> dict:
    """The participant as the user may see it: a former authority sees it as it stood at the end of its oversight."""
    agreement = getattr(p, "agreement", None)
    view = selectors.participant_file(user, p)
    certificate = max(view.certificates, key=lambda c: (c.issued_on, c.pk), default=None)
    return {
        "id": p.pk,
        "organization_id": p.organization_id,
        "organization": p.organization.name,
        "bin": p.organization.bin,
        "zone": p.zone.code,
        "status": view.status,
        "oked": p.oked,
        "admitted_on": p.admitted_on,
        "register_entry_number": p.register_entry_number,
        "registered_on": p.registered_on,
        "suspended_on": view.suspended_on,
        "excluded_on": view.excluded_on,
        "exclusion_grounds": p.exclusion_grounds if view.excluded_on else "",
        "agreement": agreement,
        "certificate_number": certificate.number if certificate else None,
    }


@router.get("/participants/{participant_id}", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required)
def participant_get(request: HttpRequest, participant_id: int):
    """A participant's file (internal): representatives of the organization, the zone's staff and the authority in
    force; an authority that oversaw the zone before sees it as it stood at the end of its oversight (ADR 0021)."""
    return _participant_out(selectors.access_participant(request.user, participant_id), request.user)


def _participant_step(request, participant_id: int, service, **kwargs):
    participant = selectors.access_participant(request.user, participant_id)
    _text_ok(**{k: v for k, v in kwargs.items() if isinstance(v, str)})
    service(actor=request.user, participant=participant, **kwargs)
    return _participant_out(selectors.access_participant(request.user, participant_id), request.user)


@router.post("/participants/{participant_id}/agreement", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required)
def participant_agreement(request: HttpRequest, participant_id: int, payload: s.AgreementIn):
    return _participant_step(request, participant_id, services.agreement_sign, **payload.dict())


@router.post(
    "/participants/{participant_id}/register-entry", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required
)
def participant_register(request: HttpRequest, participant_id: int, payload: s.RegisterIn):
    return _participant_step(request, participant_id, services.participant_register, **payload.dict())


@router.post(
    "/participants/{participant_id}/certificate", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required
)
def participant_certificate(request: HttpRequest, participant_id: int, payload: s.CertificateIn):
    return _participant_step(request, participant_id, services.certificate_issue, issued_on=payload.issued_on)


@router.post("/participants/{participant_id}/suspend", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required)
def participant_suspend(request: HttpRequest, participant_id: int, payload: s.StatusChangeIn):
    return _participant_step(request, participant_id, services.participant_suspend, **payload.dict())


@router.post("/participants/{participant_id}/reinstate", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required)
def participant_reinstate(request: HttpRequest, participant_id: int, payload: s.StatusChangeIn):
    return _participant_step(request, participant_id, services.participant_reinstate, **payload.dict())


@router.post("/participants/{participant_id}/exclude", response={200: s.ParticipantOut, **ERRORS}, auth=auth_required)
def participant_exclude(request: HttpRequest, participant_id: int, payload: s.StatusChangeIn):
    return _participant_step(request, participant_id, services.participant_exclude, **payload.dict())


@router.post(
    "/participants/{participant_id}/certificates/{number}/reissue",
    response={200: s.ParticipantOut, **ERRORS},
    auth=auth_required,
)
def participant_certificate_reissue(
    request: HttpRequest,
    participant_id: int,
    payload: s.CertificateReissueIn,
    number: str = Path(..., max_length=40),  # noqa: B008 - django-ninja declares parameters this way
):
    """Reissue a certificate (operator staff): a new number; the old certificate becomes "replaced"."""
    participant = selectors.access_participant(request.user, participant_id)
    _text_ok(number=number, **{k: v for k, v in payload.dict().items() if isinstance(v, str)})
    certificate = participant.certificates.filter(number=number).first()
    if certificate is None:
        raise NotFound(_("No certificate with this number was issued."), code="certificate_not_found")
    services.certificate_reissue(actor=request.user, certificate=certificate, **payload.dict())
    return _participant_out(selectors.access_participant(request.user, participant_id), request.user)


def _report_out(report) -> dict:
    return {
        **{f: getattr(report, f) for f in s.ReportOut.model_fields if f not in ("superseded", "corrects_id")},
        "corrects_id": report.corrects_id,
        "superseded": report.is_superseded,
    }


@router.get("/participants/{participant_id}/reports", response={200: list[s.ReportOut], **ERRORS}, auth=auth_required)
def participant_reports(request: HttpRequest, participant_id: int, versions: bool = False):
    """The reports in force (a correction replaces what it corrects); `versions=true` lists superseded ones too.
    A former authority sees the reports whose period lies in the period it oversaw (ADR 0021)."""
    participant = selectors.access_participant(request.user, participant_id)
    visible = selectors.reports_visible_to(request.user).filter(participant=participant)
    if versions:
        periods = set(visible.values_list("year", "quarter"))
        rows = [
            r
            for r in ParticipantReport.versions.filter(participant=participant).order_by("year", "quarter", "id")
            if (r.year, r.quarter) in periods
        ]
    else:
        rows = list(visible.order_by("year", "quarter"))
    return [_report_out(r) for r in rows]


@router.post("/participants/{participant_id}/reports", response={201: s.ReportOut, **ERRORS}, auth=auth_required)
def participant_report_file(request: HttpRequest, participant_id: int, payload: s.ReportIn):
    """File a report. A period already reported is refused (409, code period_already_reported): correct it instead."""
    participant = selectors.access_participant(request.user, participant_id)
    report = services.report_file(actor=request.user, participant=participant, **payload.dict())
    return Status(201, _report_out(report))


@router.post(
    "/participants/{participant_id}/reports/{report_id}/correction",
    response={201: s.ReportOut, **ERRORS},
    auth=auth_required,
)
def participant_report_correct(
    request: HttpRequest, participant_id: int, report_id: int, payload: s.ReportCorrectionIn
):
    """File a correction of a report (the participant's representative). Only the version in force can be
    corrected, once (409 already_corrected otherwise); the original is kept and listed with `versions=true`."""
    participant = selectors.access_participant(request.user, participant_id)
    report = selectors.access_report(request.user, participant, report_id)
    _text_ok(reason=payload.reason)
    correction = services.report_correct(actor=request.user, report=report, **payload.dict())
    return Status(201, _report_out(correction))


@router.get("/participants/{participant_id}/compliance", response={200: s.ComplianceOut, **ERRORS}, auth=auth_required)
def participant_compliance_get(request: HttpRequest, participant_id: int):
    participant = selectors.access_participant(request.user, participant_id)
    result = selectors.participant_file(request.user, participant).compliance
    return {
        "threshold_pct": result.threshold_pct,
        "late_reports": result.late_count,
        "missing_reports": result.missing_count,
        "investment_actual_tiyn": result.investment_actual_tiyn,
        "jobs_actual": result.jobs_actual,
        "breaches": [
            {
                "key": b.key,
                "kind": b.kind,
                "message": b.message,
                "consequence": b.decision.consequence if b.decision else None,
            }
            for b in result.breaches
        ],
    }
