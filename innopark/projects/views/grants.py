"""Grant pages: the list, and a grant's page with its milestones and tranches, amendments with their history,
outcome reports, the funders whose money paid for it, and each role's actions."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innopark.funding import ledger
from innopark.projects import selectors, services
from innopark.projects.forms import (
    AmendmentDecisionForm,
    AmendmentForm,
    ConfirmForm,
    MilestoneReportForm,
    OutcomeForm,
    ReasonForm,
    RemarksForm,
    TerminateForm,
)
from innopark.projects.models import Milestone
from innopark.projects.permissions import can_decide_in_zone, is_zone_operator, represents
from innopark.projects.views._helpers import login_redirect, or_404, run_form
from innopark.projects.workflow import AmendmentStatus, GrantStatus, MilestoneStatus

G, M = GrantStatus, MilestoneStatus


def grant_list(request):
    if response := login_redirect(request):
        return response
    grants = selectors.grants_visible_to(request.user).order_by("-awarded_on", "agreement_number")[:300]
    return render(request, "projects/grants.html", {"grants": grants})


def _grant_actions(user, grant) -> dict:
    out = {}
    staff = is_zone_operator(user, grant.zone)
    own = represents(user, grant.organization)
    if staff and grant.status == G.ACTIVE:
        out["suspend"] = (_("Suspend the grant"), ReasonForm())
        out["complete"] = (_("Complete the grant"), RemarksForm())
    if staff and grant.status == G.SUSPENDED:
        out["resume"] = (_("Resume the grant"), ReasonForm())
    if can_decide_in_zone(user, grant.zone) and grant.status in (G.ACTIVE, G.SUSPENDED):
        out["terminate"] = (_("Terminate the grant"), TerminateForm())
    open_amendment = grant.amendments.filter(status=AmendmentStatus.PROPOSED).first()
    if (own or staff) and grant.status in (G.ACTIVE, G.SUSPENDED) and open_amendment is None:
        out["amend"] = (_("Propose an amendment"), AmendmentForm())
    if open_amendment and can_decide_in_zone(user, grant.zone) and open_amendment.proposed_by_id != user.pk:
        out["decide_amendment"] = (_("Decide on the amendment"), AmendmentDecisionForm())
    if (own or staff) and grant.status == G.COMPLETED:
        out["outcome"] = (_("Report outcome indicators"), OutcomeForm())
    return out


def _milestone_forms(user, grant) -> dict:
    """{milestone id: [(action, title, form)]}"""
    staff = is_zone_operator(user, grant.zone)
    own = represents(user, grant.organization)
    out = {}
    for milestone in grant.milestones.all():
        forms = []
        if grant.status == G.ACTIVE and own and milestone.status in (M.PLANNED, M.REJECTED):
            forms.append(("report", _("Report this milestone"), MilestoneReportForm()))
        if grant.status == G.ACTIVE and staff and milestone.status == M.REPORTED:
            forms.append(("accept", _("Accept and pay the tranche"), RemarksForm()))
            forms.append(("reject", _("Reject the report"), ReasonForm()))
        if grant.status == G.ACTIVE and staff and milestone.status == M.ACCEPTED:
            forms.append(("disburse", _("Pay the tranche"), ConfirmForm()))
        out[milestone.pk] = forms
    return out


def _render(request, grant, *, bound=None, status=200):
    user = request.user
    actions = _grant_actions(user, grant)
    milestone_forms = _milestone_forms(user, grant)
    if bound:
        kind, key, name, form = bound
        if kind == "grant":
            actions[name] = (actions.get(name, ("", None))[0], form)
        else:
            milestone_forms[key] = [(n, t, form if n == name else f) for n, t, f in milestone_forms.get(key, [])]
    milestones = list(grant.milestones.prefetch_related("reports"))
    for milestone in milestones:
        milestone.forms = milestone_forms.get(milestone.pk, [])
    context = {
        "grant": grant,
        "milestones": milestones,
        "paid_tiyn": (
            selectors.grant_paid_tiyn(grant)
            if grant.is_imported
            else sum(m.tranche_tiyn for m in milestones if m.status == M.PAID)
        ),
        "imported_payments": selectors.grant_imported_disbursements(grant),
        "balance_tiyn": ledger.account_balance(grant.ledger_account),
        "lineage": ledger.grant_funding_lineage(grant.ledger_account),
        "amendments": grant.amendments.select_related("proposed_by", "decided_by"),
        "outcomes": grant.outcome_reports.all(),
        "actions": actions,
        "subject_type": "projects.grant",
    }
    return render(request, "projects/grant.html", context, status=status)


def grant_detail(request, pk: int):
    if response := login_redirect(request):
        return response
    return _render(request, or_404(selectors.access_grant, request.user, pk))


GRANT_FORMS = {
    "suspend": ReasonForm,
    "resume": ReasonForm,
    "complete": RemarksForm,
    "terminate": TerminateForm,
    "amend": AmendmentForm,
    "decide_amendment": AmendmentDecisionForm,
    "outcome": OutcomeForm,
}
DONE = {
    "suspend": gettext_lazy("The grant is suspended."),
    "resume": gettext_lazy("The grant is resumed."),
    "complete": gettext_lazy("The grant is completed."),
    "terminate": gettext_lazy("The grant is terminated; the unspent money went back to the fund."),
    "amend": gettext_lazy("The amendment is proposed."),
    "decide_amendment": gettext_lazy("The decision on the amendment is recorded."),
    "outcome": gettext_lazy("The outcome indicators are recorded."),
    "report": gettext_lazy("The milestone report is sent."),
    "accept": gettext_lazy("The milestone is accepted and its tranche paid."),
    "reject": gettext_lazy("The milestone report is rejected."),
    "disburse": gettext_lazy("The tranche is paid."),
}


def _grant_service(name, user, grant, d):
    if name == "suspend":
        return services.grant_suspend(actor=user, grant=grant, reason=d["reason"])
    if name == "resume":
        return services.grant_resume(actor=user, grant=grant, reason=d["reason"])
    if name == "complete":
        return services.grant_complete(actor=user, grant=grant, note=d["remarks"])
    if name == "terminate":
        return services.grant_terminate(actor=user, grant=grant, reason=d["reason"], recovered_tiyn=d["recovered"] or 0)
    if name == "amend":
        return services.grant_amendment_propose(
            actor=user, grant=grant, reason=d["reason"], ends_on=d["ends_on"], milestones=d["milestones"] or None
        )
    if name == "decide_amendment":
        amendment = grant.amendments.filter(status=AmendmentStatus.PROPOSED).first()
        if amendment is None:
            from innopark.core.errors import Conflict

            raise Conflict(_("This amendment was already decided."), code="amendment_decided")
        return services.grant_amendment_decide(
            actor=user, amendment=amendment, approve=d["approve"], reasons=d["reasons"]
        )
    return services.outcome_report_submit(
        actor=user,
        grant=grant,
        period=d["period"],
        jobs=d["jobs"],
        products=d["products"],
        patents=d["patents"],
        revenue_tiyn=d["revenue"] or 0,
        exports_tiyn=d["exports"] or 0,
    )


@require_POST
def grant_action(request, pk: int, action: str):
    if response := login_redirect(request):
        return response
    grant = or_404(selectors.access_grant, request.user, pk)
    if action not in GRANT_FORMS:
        return redirect("projects:grant", pk=pk)
    form = GRANT_FORMS[action](request.POST)
    if run_form(request, form, lambda d: _grant_service(action, request.user, grant, d)):
        messages.success(request, DONE[action])
        return redirect("projects:grant", pk=pk)
    grant.refresh_from_db()
    return _render(request, grant, bound=("grant", None, action, form), status=400)


MILESTONE_FORMS = {"report": MilestoneReportForm, "accept": RemarksForm, "reject": ReasonForm, "disburse": ConfirmForm}


def _milestone_service(name, user, milestone, d, files):
    if name == "report":
        document = files.get("document")
        return services.milestone_report(
            actor=user,
            milestone=milestone,
            text=d["text"],
            indicators=d["indicators"],
            documents=[(document.name, document)] if document else [],
        )
    if name == "accept":
        return services.milestone_accept(actor=user, milestone=milestone, remarks=d["remarks"])
    if name == "reject":
        return services.milestone_reject(actor=user, milestone=milestone, reasons=d["reason"])
    return services.tranche_disburse(actor=user, milestone=milestone)


@require_POST
def milestone_action(request, pk: int, action: str):
    if response := login_redirect(request):
        return response
    milestone = Milestone.objects.filter(pk=pk).first()
    if milestone is None:
        from django.http import Http404

        raise Http404
    grant = or_404(selectors.access_grant, request.user, milestone.grant_id)
    if action not in MILESTONE_FORMS:
        return redirect("projects:grant", pk=grant.pk)
    form = MILESTONE_FORMS[action](request.POST, request.FILES)
    if run_form(request, form, lambda d: _milestone_service(action, request.user, milestone, d, request.FILES)):
        messages.success(request, DONE[action])
        return redirect("projects:grant", pk=grant.pk)
    grant.refresh_from_db()
    return _render(request, grant, bound=("milestone", milestone.pk, action, form), status=400)
