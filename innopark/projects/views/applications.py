"""Application pages: the applicant's form, the detail page with each role's actions (check, assignment of
experts, recommendation, decision), and the ranked list of a call."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innopark.accounts.models import User
from innopark.projects import selectors, services
from innopark.projects.conflicts import known_conflicts
from innopark.projects.eligibility import application_problems
from innopark.projects.forms import (
    ApplicationForm,
    AssignForm,
    AttachmentForm,
    ConfirmForm,
    DecisionForm,
    ReasonForm,
    RemarksForm,
)
from innopark.projects.models import Application, ApplicationAttachment, Call
from innopark.projects.permissions import can_decide_in_zone, is_zone_operator, represented_org_ids, represents
from innopark.projects.services.applications import attachment_content_type
from innopark.projects.services.reviews import expert_limit, expert_open_load, experts_on
from innopark.projects.views._helpers import login_redirect, or_404, run_form
from innopark.projects.workflow import EDITABLE_APPLICATION_STATUSES, ApplicationStatus

A = ApplicationStatus


def application_list(request):
    if response := login_redirect(request):
        return response
    qs = selectors.applications_visible_to(request.user).order_by("-pk")
    status = request.GET.get("status", "")
    if status in A.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "projects/applications.html",
        {"applications": qs[:200], "statuses": A.choices, "status": status},
    )


def application_new(request, code: str):
    if response := login_redirect(request):
        return response
    call = or_404(selectors.call_by_code, request.user, code)
    from innopark.registry.models import Organization

    organizations = list(Organization.objects.filter(pk__in=represented_org_ids(request.user)).order_by("name_ru"))
    form = ApplicationForm(request.POST or None, categories=call.categories.all())
    status = 200
    if request.method == "POST":
        status = 400
        holder = {}
        organization = next((o for o in organizations if str(o.pk) == request.POST.get("organization")), None)
        if organization is None and organizations:
            organization = organizations[0]

        def create(_data):
            holder["application"] = services.application_create(
                actor=request.user, call=call, organization=organization, **form.service_kwargs()
            )

        if organization is None:
            form.add_error(None, _("Only a participant's representative may apply."))
        elif run_form(request, form, create):
            messages.success(request, _("The draft is saved. Check the problems listed and submit it."))
            return redirect("projects:application", pk=holder["application"].pk)
    context = {"form": form, "call": call, "organizations": organizations}
    return render(request, "projects/application_form.html", context, status=status)


def application_edit(request, pk: int):
    if response := login_redirect(request):
        return response
    application = or_404(selectors.access_application, request.user, pk)
    initial = ApplicationForm.initial_from(application)
    form = ApplicationForm(request.POST or None, initial=initial, categories=application.call.categories.all())
    status = 200
    if request.method == "POST":
        status = 400
        if run_form(
            request,
            form,
            lambda _d: services.application_update(
                actor=request.user, application=application, **form.service_kwargs()
            ),
        ):
            messages.success(request, _("The application is saved."))
            return redirect("projects:application", pk=application.pk)
    context = {"form": form, "call": application.call, "application": application, "organizations": []}
    return render(request, "projects/application_form.html", context, status=status)


def _expert_choices(application) -> list:
    today = timezone.localdate()
    out = []
    for expert in experts_on(today).order_by("full_name", "email"):
        conflicts = known_conflicts(expert=expert, organization=application.organization, on=today)
        load = expert_open_load(expert)
        label = f"{expert} — {load}/{expert_limit(expert, application.call)}"
        if conflicts:
            label += " — " + _("known conflict")
        out.append((expert, label))
    return out


def _actions(user, application: Application) -> dict:
    """The forms this user may use on this application now: {name: (title, form)}."""
    out = {}
    status = application.status
    own = represents(user, application.organization)
    staff = is_zone_operator(user, application.zone)
    if own and status in EDITABLE_APPLICATION_STATUSES:
        out["submit"] = (_("Submit the application"), ConfirmForm())
    if own and status in (A.DRAFT, A.SUBMITTED, A.RETURNED, A.IN_REVIEW):
        out["withdraw"] = (_("Withdraw the application"), RemarksForm())
    if staff and status == A.SUBMITTED:
        out["admit"] = (_("Admit to expert review"), RemarksForm())
        out["return"] = (_("Return for correction"), ReasonForm())
        out["ineligible"] = (_("Find ineligible"), ReasonForm())
    reviewable = status == A.IN_REVIEW or application.needs_extra_expert
    if staff and reviewable:
        out["assign"] = (_("Assign an expert"), AssignForm(experts=_expert_choices(application)))
        out["assign_auto"] = (_("Assign experts automatically"), ConfirmForm())
    if staff and status in (A.REVIEWED, A.WAITLISTED):
        out["propose"] = (_("Prepare the recommendation"), DecisionForm())
    decidable = status in (A.REVIEWED, A.WAITLISTED) and application.proposals.exists()
    if decidable and can_decide_in_zone(user, application.zone):
        out["decide"] = (_("Decide"), DecisionForm())
    return out


def _render(request, application, *, bound: tuple | None = None, status: int = 200, attachment_form=None):
    user = request.user
    actions = _actions(user, application)
    if bound:
        name, form = bound
        actions[name] = (actions.get(name, ("", None))[0], form)
    staff_view = selectors.application_is_staff_view(user, application)
    problems = []
    if application.status in EDITABLE_APPLICATION_STATUSES:
        problems = application_problems(application, on=timezone.localdate())
    reviews = []
    if staff_view:
        reviews = [a for a in application.assignments.select_related("expert", "review") if hasattr(a, "review")]
    context = {
        "application": application,
        "budget_lines": application.budget_lines.all(),
        "milestones": application.planned_milestones.all(),
        "attachments": application.attachments.all(),
        "attachment_form": attachment_form or AttachmentForm(),
        "problems": problems,
        "actions": actions,
        "staff_view": staff_view,
        "can_edit": represents(user, application.organization) and application.status in EDITABLE_APPLICATION_STATUSES,
        "assignments": application.assignments.select_related("expert") if staff_view else [],
        "conflicts": application.conflicts.select_related("expert") if staff_view else [],
        "reviews": reviews,
        "proposals": application.proposals.select_related("prepared_by") if staff_view else [],
        "decisions": application.decisions.select_related("decided_by"),
        "grant": getattr(application, "grant", None) if application.status == A.APPROVED else None,
        "subject_type": "projects.application",
    }
    return render(request, "projects/application.html", context, status=status)


def application_detail(request, pk: int):
    if response := login_redirect(request):
        return response
    return _render(request, or_404(selectors.access_application, request.user, pk))


FORMS = {
    "submit": ConfirmForm,
    "withdraw": RemarksForm,
    "admit": RemarksForm,
    "return": ReasonForm,
    "ineligible": ReasonForm,
    "assign_auto": ConfirmForm,
    "propose": DecisionForm,
    "decide": DecisionForm,
}
DONE = {
    "submit": gettext_lazy("The application is submitted."),
    "withdraw": gettext_lazy("The application is withdrawn."),
    "admit": gettext_lazy("The application is admitted to expert review."),
    "return": gettext_lazy("The application is returned for correction."),
    "ineligible": gettext_lazy("The application is recorded as ineligible."),
    "assign": gettext_lazy("The expert is assigned."),
    "assign_auto": gettext_lazy("Experts are assigned."),
    "propose": gettext_lazy("The recommendation is recorded."),
    "decide": gettext_lazy("The decision is recorded."),
}


def _service(name, user, application, data):
    if name == "submit":
        return services.application_submit(actor=user, application=application)
    if name == "withdraw":
        return services.application_withdraw(actor=user, application=application, reason=data["remarks"])
    if name == "admit":
        return services.application_admit(actor=user, application=application, remarks=data["remarks"])
    if name == "return":
        return services.application_return(actor=user, application=application, remarks=data["reason"])
    if name == "ineligible":
        return services.application_reject_ineligible(actor=user, application=application, remarks=data["reason"])
    if name == "assign":
        expert = User.objects.filter(pk=data["expert"]).first()
        return services.review_assign(actor=user, application=application, expert=expert)
    if name == "assign_auto":
        return services.review_assign_automatic(actor=user, application=application)
    if name == "propose":
        return services.proposal_prepare(
            actor=user,
            application=application,
            outcome=data["outcome"],
            amount_tiyn=data["amount"] or 0,
            reasons=data["reasons"],
        )
    return services.decision_make(
        actor=user,
        application=application,
        outcome=data["outcome"],
        amount_tiyn=data["amount"] or 0,
        reasons=data["reasons"],
    )


@require_POST
def application_action(request, pk: int, action: str):
    if response := login_redirect(request):
        return response
    application = or_404(selectors.access_application, request.user, pk)
    if action == "assign":
        form = AssignForm(request.POST, experts=_expert_choices(application))
    elif action in FORMS:
        form = FORMS[action](request.POST)
    else:
        return redirect("projects:application", pk=pk)
    if run_form(request, form, lambda data: _service(action, request.user, application, data)):
        messages.success(request, DONE[action])
        return redirect("projects:application", pk=pk)
    application.refresh_from_db()
    return _render(request, application, bound=(action, form), status=400)


def call_ranking(request, code: str):
    if response := login_redirect(request):
        return response
    call: Call = or_404(selectors.call_by_code, request.user, code)
    zone_ids = selectors.internal_zone_ids(request.user)
    if zone_ids is not None and call.zone_id not in zone_ids:
        raise Http404
    rows = selectors.ranked_applications(call)
    for row in rows:
        row.mean_display = f"{row.mean_score / 100:.2f}" if row.mean_score is not None else "—"
    return render(request, "projects/ranking.html", {"call": call, "rows": rows})


# --- attachments ----------------------------------------------------------------------------------------------
def attachment_add(request, pk: int):
    """The applicant attaches a document to a draft or a returned application (PDF, PNG, JPEG; size-limited)."""
    if response := login_redirect(request):
        return response
    application = or_404(selectors.access_application, request.user, pk)
    if request.method != "POST":
        return redirect("projects:application", pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if run_form(
        request,
        form,
        lambda d: services.attachment_add(
            actor=request.user, application=application, title=d["title"], file=d["file"]
        ),
    ):
        messages.success(request, _("The document is attached."))
        return redirect("projects:application", pk=pk)
    application.refresh_from_db()
    return _render(request, application, attachment_form=form, status=400)


def attachment_download(request, pk: int):
    """Served only to those who may see the application (the file lives outside any web root)."""
    if response := login_redirect(request):
        return response
    attachment = ApplicationAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    # The application's own visibility rule decides; someone else's attachment is simply not found.
    or_404(selectors.access_application, request.user, attachment.application_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment_content_type(attachment))
    response["Content-Disposition"] = (
        f'attachment; filename="attachment-{attachment.pk}.{attachment.file.name.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
