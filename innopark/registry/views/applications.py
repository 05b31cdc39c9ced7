"""The applicant's pages (my organizations, a new application, documents, submission) and the staff's steps on an
application (moderation, return, commission decision)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopark.core.errors import ApplicationError
from innopark.core.forms import apply_error_to_form
from innopark.registry import selectors, services
from innopark.registry.eligibility import eligibility_problems
from innopark.registry.forms import ApplicationForm, ConfirmForm, DecisionForm, DocumentForm, ReasonForm
from innopark.registry.models import Organization
from innopark.registry.permissions import can_act_in_zone, can_represent, represented_org_ids
from innopark.registry.services.documents import document_open, read_upload
from innopark.registry.views._helpers import history_panel_available, login_required_or_redirect, or_404, run_form
from innopark.registry.workflow import EDITABLE_APPLICATION_STATES, ApplicationStatus

A = ApplicationStatus

# action name → (form class, the state it acts on, who acts: "rep" or "staff")
ACTIONS = {
    "submit": (ConfirmForm, EDITABLE_APPLICATION_STATES, "rep"),
    "moderate": (ConfirmForm, {A.SUBMITTED}, "staff"),
    "return": (ReasonForm, {A.MODERATION}, "staff"),
    "pass": (ConfirmForm, {A.MODERATION}, "staff"),
    "decide": (DecisionForm, {A.COMMISSION}, "staff"),
}


def my_page(request):
    if response := login_required_or_redirect(request):
        return response
    org_ids = represented_org_ids(request.user)
    organizations = Organization.objects.filter(pk__in=org_ids).order_by("name_ru")
    applications = selectors.applications_visible_to(request.user).filter(organization_id__in=org_ids)
    participants = selectors.participants_visible_to(request.user).filter(organization_id__in=org_ids)
    context = {"organizations": organizations, "applications": applications, "participants": participants}
    return render(request, "registry/my.html", context)


def application_new(request):
    from innopark.zones.selectors import zones_visible_to

    if response := login_required_or_redirect(request):
        return response
    organizations = Organization.objects.filter(pk__in=represented_org_ids(request.user)).order_by("name_ru")
    form = ApplicationForm(request.POST or None, organizations=organizations, zones=zones_visible_to(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        holder = {}

        def create(data):
            fields = {k: v for k, v in data.items() if k != "once"}
            holder["application"] = services.application_create(actor=request.user, **fields)

        if run_form(request, form, create):
            messages.success(request, _("The draft application has been saved. Attach documents and submit it."))
            return redirect("registry:application", pk=holder["application"].pk)
    return render(request, "registry/application_new.html", {"form": form}, status=status)


def _available_actions(user, application) -> dict:
    out = {}
    for name, (form_class, states, who) in ACTIONS.items():
        if application.status not in states:
            continue
        if who == "rep" and can_represent(user, application.organization):
            out[name] = form_class()
        if who == "staff" and can_act_in_zone(user, application.zone):
            out[name] = form_class()
    return out


def _render_application(request, application, *, bound: dict | None = None, status: int = 200):
    actions = _available_actions(request.user, application)
    if bound:
        actions.update(bound)
    is_rep = can_represent(request.user, application.organization)
    editable = application.status in EDITABLE_APPLICATION_STATES and is_rep
    problems = []
    if application.status in EDITABLE_APPLICATION_STATES:
        problems = eligibility_problems(
            organization=application.organization,
            zone=application.zone,
            oked=application.oked,
            on=timezone.localdate(),
        )
    participant = getattr(application, "participant", None) if application.status == A.APPROVED else None
    context = {
        "application": application,
        "documents": application.documents.all(),
        "actions": actions,
        "document_form": (bound or {}).get("document") or (DocumentForm() if editable else None),
        "problems": problems,
        "participant": participant,
        "today": timezone.localdate(),
        "show_history": history_panel_available(),
        "subject_type": application._meta.label_lower,
    }
    return render(request, "registry/application.html", context, status=status)


def application_detail(request, pk: int):
    if response := login_required_or_redirect(request):
        return response
    application = or_404(selectors.access_application, request.user, pk)
    return _render_application(request, application)


@require_POST
def application_action(request, pk: int, action: str):
    if response := login_required_or_redirect(request):
        return response
    application = or_404(selectors.access_application, request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form = ACTIONS[action][0](request.POST)
    user = request.user

    def call(data):
        if action == "submit":
            services.application_submit(actor=user, application=application)
        elif action == "moderate":
            services.application_moderation_start(actor=user, application=application)
        elif action == "return":
            services.application_return(actor=user, application=application, reason=data["reason"])
        elif action == "pass":
            services.application_moderation_pass(actor=user, application=application)
        elif action == "decide":
            services.application_decide(
                actor=user, application=application, approve=data["decision"] == "approve", reasons=data["reasons"]
            )

    if run_form(request, form, call):
        messages.success(request, _("Done."))
        return redirect("registry:application", pk=application.pk)
    application.refresh_from_db()
    return _render_application(request, application, bound={action: form}, status=400)


@require_POST
def document_add(request, pk: int):
    if response := login_required_or_redirect(request):
        return response
    application = or_404(selectors.access_application, request.user, pk)
    form = DocumentForm(request.POST, request.FILES)

    def call(data):
        upload = data["file"]
        services.document_upload(
            actor=request.user, application=application, name=upload.name, data=read_upload(upload), kind=data["kind"]
        )

    try:
        ok = run_form(request, form, call)
    except ApplicationError as error:  # read_upload refuses an oversized file before the transaction
        apply_error_to_form(form, error)
        ok = False
    if ok:
        messages.success(request, _("The document has been attached."))
        return redirect("registry:application", pk=application.pk)
    return _render_application(request, application, bound={"document": form}, status=400)


def document_download(request, pk: int):
    if response := login_required_or_redirect(request):
        return response
    document = or_404(selectors.access_document, request.user, pk)
    response = FileResponse(document_open(document), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="document-{document.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
