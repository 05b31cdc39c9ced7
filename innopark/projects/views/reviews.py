"""The expert's pages: their assignments, the declaration of interests, and the review with scores."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopark.projects import selectors, services
from innopark.projects.forms import DeclarationForm, ReviewForm
from innopark.projects.views._helpers import login_redirect, or_404, run_form
from innopark.projects.workflow import AssignmentStatus

S = AssignmentStatus


def review_list(request):
    if response := login_redirect(request):
        return response
    assignments = selectors.assignments_of_expert(request.user).order_by("-assigned_at")
    return render(request, "projects/reviews.html", {"assignments": assignments})


def _render(request, assignment, *, form=None, status=200):
    application = assignment.application
    mine = assignment.expert_id == request.user.pk
    # Before the declaration the expert sees the title and the applicant only.
    sees_application = assignment.status in (S.ACTIVE, S.SUBMITTED) or not mine
    context = {
        "assignment": assignment,
        "application": application,
        "sees_application": sees_application,
        "budget_lines": application.budget_lines.all() if sees_application else [],
        "milestones": application.planned_milestones.all() if sees_application else [],
        "review": getattr(assignment, "review", None),
        "declaration_form": None,
        "review_form": None,
    }
    if mine and assignment.status == S.AWAITING_DECLARATION:
        context["declaration_form"] = form or DeclarationForm()
    if mine and assignment.status == S.ACTIVE:
        context["review_form"] = form or ReviewForm(criteria=application.call.criteria.all())
    return render(request, "projects/review.html", context, status=status)


def review_detail(request, pk: int):
    if response := login_redirect(request):
        return response
    return _render(request, or_404(selectors.access_assignment, request.user, pk))


@require_POST
def review_declare(request, pk: int):
    if response := login_redirect(request):
        return response
    assignment = or_404(selectors.access_assignment, request.user, pk)
    form = DeclarationForm(request.POST)
    if run_form(
        request,
        form,
        lambda d: services.review_declare(
            actor=request.user, assignment=assignment, has_conflict=d["has_conflict"], statement=d["statement"]
        ),
    ):
        assignment.refresh_from_db()
        if assignment.status == S.RECUSED:
            messages.success(request, _("Your recusal is recorded; the operator will assign another expert."))
            return redirect("projects:reviews")
        messages.success(request, _("Thank you. The application is open for your review."))
        return redirect("projects:review", pk=pk)
    return _render(request, assignment, form=form, status=400)


@require_POST
def review_submit(request, pk: int):
    if response := login_redirect(request):
        return response
    assignment = or_404(selectors.access_assignment, request.user, pk)
    form = ReviewForm(request.POST, criteria=assignment.application.call.criteria.all())
    if run_form(
        request,
        form,
        lambda d: services.review_submit(
            actor=request.user,
            assignment=assignment,
            scores=form.scores(),
            recommendation=d["recommendation"],
            comment=d["comment"],
        ),
    ):
        messages.success(request, _("Your review is submitted."))
        return redirect("projects:reviews")
    assignment.refresh_from_db()
    return _render(request, assignment, form=form, status=400)
