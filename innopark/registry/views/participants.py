"""Staff pages: queues by workflow step with deadlines, a participant's file with its steps, reports and
compliance, the zone's list of breaches, the certificate PDF, and the bulk import page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopark.core.errors import ApplicationError
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token
from innopark.registry import selectors, services
from innopark.registry.certificates import certificate_pdf
from innopark.registry.compliance import breach_period, zone_breaches
from innopark.registry.forms import (
    QUEUE_STEPS,
    AgreementForm,
    CertificateForm,
    CertificateReissueForm,
    ComplianceDecisionForm,
    ImportForm,
    RegisterForm,
    ReportCorrectionForm,
    ReportForm,
    StatusChangeForm,
)
from innopark.registry.permissions import can_act_in_zone, can_represent, internal_zone_ids, is_registry_staff
from innopark.registry.services.documents import read_upload
from innopark.registry.services.imports import participants_import
from innopark.registry.services.participants import REISSUABLE_STATES
from innopark.registry.services.reports import REPORTING_STATES
from innopark.registry.views._helpers import history_panel_available, login_required_or_redirect, or_404, run_form
from innopark.registry.workflow import ApplicationStatus, ParticipantStatus

P = ParticipantStatus

# action → (form class, states it acts on)
ACTIONS = {
    "agreement": (AgreementForm, {P.APPROVED}),
    "register": (RegisterForm, {P.AGREEMENT_SIGNED}),
    "certificate": (CertificateForm, {P.REGISTERED}),
    "suspend": (StatusChangeForm, {P.ACTIVE}),
    "reinstate": (StatusChangeForm, {P.SUSPENDED}),
    "exclude": (StatusChangeForm, {P.ACTIVE, P.SUSPENDED}),
}


def _forbidden(request):
    return render(request, "registry/forbidden.html", status=403)


def queues(request):
    if response := login_required_or_redirect(request):
        return response
    if not is_registry_staff(request.user):
        return _forbidden(request)
    today = timezone.localdate()
    applications = selectors.applications_visible_to(request.user).order_by("step_due_on", "pk")
    steps = []
    for status in QUEUE_STEPS:
        items = [a for a in applications if a.status == status]
        for item in items:
            item.overdue = item.step_due_on is not None and item.step_due_on < today
        steps.append({"status": status, "label": ApplicationStatus(status).label, "items": items})
    pending = selectors.participants_visible_to(request.user).filter(
        status__in=[P.APPROVED, P.AGREEMENT_SIGNED, P.REGISTERED]
    )
    participants = selectors.participants_visible_to(request.user).filter(status__in=[P.ACTIVE, P.SUSPENDED])
    context = {"steps": steps, "pending": pending, "participants": participants.order_by("register_entry_number")}
    return render(request, "registry/queues.html", context)


def _render_participant(request, participant, *, bound: dict | None = None, status: int = 200):
    staff = can_act_in_zone(request.user, participant.zone)
    view = selectors.participant_file(request.user, participant)
    actions = {}
    if staff:
        for name, (form_class, states) in ACTIONS.items():
            if participant.status in states:
                actions[name] = form_class(initial={"on": timezone.localdate()})
    if bound:
        actions.update(bound)
    compliance = view.compliance
    decision_forms = []
    if staff:
        for breach in compliance.breaches:
            if breach.decision is None:
                decision_forms.append((breach, ComplianceDecisionForm(initial={"breach_key": breach.key})))
    reissue_form = None
    if staff and participant.status in REISSUABLE_STATES:
        reissue_form = (bound or {}).get("reissue") or CertificateReissueForm()
    current = participant.current_certificate
    context = {
        "participant": participant,
        "file": view,
        "organization": participant.organization,
        "agreement": getattr(participant, "agreement", None),
        "certificates": view.certificates,
        "current_certificate": current if reissue_form is not None else None,
        "reissue_form": reissue_form,
        "compliance": compliance,
        "decision_forms": decision_forms,
        "actions": actions,
        "can_report": can_represent(request.user, participant.organization) and participant.status in REPORTING_STATES,
        "status_changes": view.status_changes,
        "show_history": history_panel_available(),
        "subject_type": participant._meta.label_lower,
    }
    return render(request, "registry/participant.html", context, status=status)


def participant_detail(request, pk: int):
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    return _render_participant(request, participant)


@require_POST
def participant_action(request, pk: int, action: str):
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form = ACTIONS[action][0](request.POST)
    user = request.user

    def call(data):
        if action == "agreement":
            fields = {k: v for k, v in data.items() if k != "once"}
            services.agreement_sign(actor=user, participant=participant, **fields)
        elif action == "register":
            services.participant_register(
                actor=user,
                participant=participant,
                registered_on=data["registered_on"],
                entry_number=data["entry_number"],
            )
        elif action == "certificate":
            services.certificate_issue(actor=user, participant=participant, issued_on=data["issued_on"])
        else:
            service = {
                "suspend": services.participant_suspend,
                "reinstate": services.participant_reinstate,
                "exclude": services.participant_exclude,
            }[action]
            service(actor=user, participant=participant, on=data["on"], grounds=data["grounds"])

    if run_form(request, form, call):
        messages.success(request, _("Done."))
        return redirect("registry:participant", pk=participant.pk)
    participant.refresh_from_db()
    return _render_participant(request, participant, bound={action: form}, status=400)


@require_POST
def compliance_decide(request, pk: int):
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    form = ComplianceDecisionForm(request.POST)

    def call(data):
        services.compliance_decision_record(
            actor=request.user,
            participant=participant,
            breach_key=data["breach_key"],
            consequence=data["consequence"],
            note=data["note"],
        )

    if run_form(request, form, call):
        messages.success(request, _("The decision has been recorded."))
    else:
        errors = "; ".join(str(m) for messages_ in form.errors.values() for m in messages_)
        messages.error(request, errors)
    return redirect("registry:participant", pk=participant.pk)


@require_POST
def certificate_reissue(request, pk: int, number: str):
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    certificate = participant.certificates.filter(number=number).first()
    if certificate is None:
        raise Http404
    form = CertificateReissueForm(request.POST)
    holder = {}

    def call(data):
        holder["new"] = services.certificate_reissue(
            actor=request.user, certificate=certificate, reason=data["reason"], note=data["note"]
        )

    if run_form(request, form, call):
        messages.success(
            request,
            _("Certificate No. %(new)s was issued in place of No. %(old)s.")
            % {
                "new": holder["new"].number,
                "old": certificate.number,
            },
        )
        return redirect("registry:participant", pk=participant.pk)
    if not can_act_in_zone(request.user, participant.zone):
        return _forbidden(request)
    participant.refresh_from_db()
    return _render_participant(request, participant, bound={"reissue": form}, status=400)


def certificate_download(request, pk: int, number: str):
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    visible = selectors.participant_file(request.user, participant).certificates
    certificate = next((c for c in visible if c.number == number), None)
    if certificate is None:
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    return response


def report_new(request, pk: int):
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    if not can_represent(request.user, participant.organization):
        return _forbidden(request)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400

        def call(data):
            fields = {k: v for k, v in data.items() if k != "once"}
            services.report_file(actor=request.user, participant=participant, **fields)

        if run_form(request, form, call):
            messages.success(request, _("The report has been filed."))
            return redirect("registry:participant", pk=participant.pk)
    return render(request, "registry/report_new.html", {"form": form, "participant": participant}, status=status)


def _tenge(tiyn: int) -> str:
    return f"{tiyn // 100},{tiyn % 100:02d}"


CORRECTION_FIELDS = [
    "total_income_tiyn",
    "priority_income_tiyn",
    "headcount",
    "new_jobs",
    "investment_tiyn",
    "exports_tiyn",
    "digital_exports_tiyn",
    "tax_benefits_tiyn",
]


def report_detail(request, pk: int, report_id: int):
    """One report with all its versions (who filed each and when); the representative's correction form."""
    if response := login_required_or_redirect(request):
        return response
    participant = or_404(selectors.access_participant, request.user, pk)
    report = or_404(selectors.access_report, request.user, participant, report_id)
    versions = selectors.report_versions(participant, report)
    in_force = versions[-1]
    can_correct = can_represent(request.user, participant.organization) and participant.status in REPORTING_STATES
    form, status = None, 200
    if request.method == "POST":
        if not can_correct:
            return _forbidden(request)
        form, status = ReportCorrectionForm(request.POST), 400

        def call(data):
            fields = {k: v for k, v in data.items() if k != "once"}
            holder["correction"] = services.report_correct(actor=request.user, report=report, **fields)

        holder = {}
        if run_form(request, form, call):
            messages.success(request, _("The correction has been filed."))
            return redirect("registry:report", pk=participant.pk, report_id=holder["correction"].pk)
    elif can_correct:
        initial = {
            name: _tenge(getattr(in_force, name)) if name.endswith("_tiyn") else getattr(in_force, name)
            for name in CORRECTION_FIELDS
        }
        form = ReportCorrectionForm(initial=initial)
    context = {
        "participant": participant,
        "report": report,
        "in_force": in_force,
        "versions": versions,
        "form": form,
        "correcting": in_force,
    }
    return render(request, "registry/report.html", context, status=status)


def compliance_zone(request, code: str):
    from innopark.zones.models import Zone

    if response := login_required_or_redirect(request):
        return response
    zone = Zone.objects.filter(code=code).first()
    zone_ids = internal_zone_ids(request.user)
    if zone is None or (zone_ids is not None and zone.pk not in zone_ids):
        raise Http404
    breaches = zone_breaches(zone)
    scope = selectors.user_scope(request.user)
    periods = scope.partial.get(zone.pk) if not (scope.everything or zone.pk in scope.whole) else None
    if periods is not None:
        # A former authority: the breaches of the periods it oversaw (ADR 0021).
        def covered(participant, breach):
            period, due = breach_period(breach, getattr(participant, "agreement", None))
            if period is not None:
                return selectors.period_within(period, periods)
            return due is not None and any(s <= due and (e is None or due < e) for s, e in periods)

        breaches = [(p, b) for p, b in breaches if covered(p, b)]
    return render(request, "registry/compliance.html", {"zone": zone, "breaches": breaches})


def import_page(request):
    if response := login_required_or_redirect(request):
        return response
    if not is_registry_staff(request.user):
        return _forbidden(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = read_upload(upload)
                from django.db import transaction

                with transaction.atomic():
                    consume_form_token(form.cleaned_data["once"], user=request.user)
                    result = participants_import(actor=request.user, data=data, name=upload.name)
                status = 200
            except ApplicationError as error:
                apply_error_to_form(form, error)
    return render(request, "registry/import.html", {"form": form, "result": result}, status=status)
