"""The projects API (mounted at /api/v1/): calls, applications, reviews, decisions, grants and milestones, with
the same permissions as the pages (every write is a service call; every read goes through a selector)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Status

from innopark.api import auth_required
from innopark.core.api_schemas import ERRORS, ErrorOut
from innopark.core.errors import NotFound
from innopark.projects import selectors, services
from innopark.projects.eligibility import application_problems
from innopark.projects.models import Grant, GrantAmendment, Milestone
from innopark.projects.permissions import require_expert
from innopark.projects.schemas import (
    AffiliationIn,
    AffiliationOut,
    AmendmentDecisionIn,
    AmendmentIn,
    AmendmentOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    ApplicationPatch,
    AssignIn,
    AssignmentOut,
    AssignmentPage,
    CallIn,
    CallOut,
    CallPage,
    DecisionIn,
    DecisionOut,
    DeclarationIn,
    ExpertProfileIn,
    ExpertProfileOut,
    GrantOut,
    GrantPage,
    MilestoneOut,
    MilestoneReportIn,
    OutcomeIn,
    OutcomeOut,
    ProblemOut,
    ProposalIn,
    ProposalOut,
    PublicGrantPage,
    RankOut,
    ReasonIn,
    RemarksIn,
    ReviewIn,
    ReviewOut,
    TerminateIn,
)

router = Router(tags=["projects"])

Id = Path(..., ge=1, le=2**31 - 1)
CallCode = Path(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
After = Query(None, max_length=12, pattern=r"^[0-9]{1,10}$", description="The previous page's next_after.")
Limit = Query(50, ge=1, le=100)
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _page(qs, after: str | None, limit: int) -> dict:
    """Keyset pagination by primary key, newest first."""
    if after:
        qs = qs.filter(pk__lt=int(after))
    rows = list(qs.order_by("-pk")[: limit + 1])
    next_after = str(rows[limit - 1].pk) if len(rows) > limit else None
    return {"items": rows[:limit], "next_after": next_after}


def _found(model, pk: int, code: str):
    """The row with this primary key, or NotFound with the given code."""
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise NotFound(code=code)
    return row


# A step fetches its object through a selector (NotFound for what the user may not see), then the service, acting
# as the signed-in user, checks the rest and writes.
def _on_application(request, application_id: int, service, **kwargs):
    application = selectors.access_application(request.user, application_id)
    return service(actor=request.user, application=application, **kwargs)


def _on_assignment(request, assignment_id: int, service, **kwargs):
    assignment = selectors.access_assignment(request.user, assignment_id)
    return service(actor=request.user, assignment=assignment, **kwargs)


def _on_grant(request, grant_id: int, service, **kwargs):
    grant = selectors.access_grant(request.user, grant_id)
    return service(actor=request.user, grant=grant, **kwargs)


def _grant_part(request, model, pk: int, code: str):
    """A milestone or an amendment, found only if the user may see its grant."""
    part = _found(model, pk, code)
    selectors.access_grant(request.user, part.grant_id)
    return part


def _on_milestone(request, milestone_id: int, service, **kwargs):
    milestone = _grant_part(request, Milestone, milestone_id, "milestone_not_found")
    return service(actor=request.user, milestone=milestone, **kwargs)


# --- calls ----------------------------------------------------------------------------------------------------
@router.get("/projects/calls", response={200: CallPage, **PUBLIC_ERRORS}, auth=None, summary="List calls")
def list_calls(request, after: str | None = After, limit: int = Limit):
    """Published and closed calls (and, for the zone's staff, drafts)."""
    qs = selectors.calls_visible_to(request.user).prefetch_related("categories", "criteria")
    return _page(qs, after, limit)


@router.get("/projects/calls/{code}", response={200: CallOut, **PUBLIC_ERRORS}, auth=None, summary="One call")
def get_call(request, code: str = CallCode):
    return selectors.call_by_code(request.user, code)


@router.post("/projects/calls", response={201: CallOut, **ERRORS}, auth=auth_required, summary="Create a call")
def create_call(request, payload: CallIn):
    from innopark.zones.selectors import zone_by_code

    zone = zone_by_code(payload.zone)
    data = payload.dict(exclude={"zone", "criteria"})
    call = services.call_create(actor=request.user, zone=zone, criteria=[c.dict() for c in payload.criteria], **data)
    return Status(201, call)


@router.post("/projects/calls/{code}/publish", response={200: CallOut, **ERRORS}, auth=auth_required, summary="Publish")
def publish_call(request, code: str = CallCode):
    call = selectors.call_by_code(request.user, code)
    return services.call_publish(actor=request.user, call=call)


@router.get(
    "/projects/calls/{code}/ranking",
    response={200: list[RankOut], **ERRORS},
    auth=auth_required,
    summary="Ranked applications of a call (staff)",
)
def call_ranking(request, code: str = CallCode):
    call = selectors.call_by_code(request.user, code)
    zone_ids = selectors.internal_zone_ids(request.user)
    if zone_ids is not None and call.zone_id not in zone_ids:
        raise NotFound(code="call_not_found")
    return selectors.ranked_applications(call)


# --- applications ---------------------------------------------------------------------------------------------
@router.get("/projects/applications", response={200: ApplicationPage, **ERRORS}, auth=auth_required)
def list_applications(request, after: str | None = After, limit: int = Limit):
    qs = selectors.applications_visible_to(request.user).prefetch_related("budget_lines", "planned_milestones")
    return _page(qs, after, limit)


@router.post("/projects/applications", response={201: ApplicationOut, **ERRORS}, auth=auth_required)
def create_application(request, payload: ApplicationIn):
    from innopark.registry.models import Organization

    call = selectors.call_by_code(request.user, payload.call)
    organization = _found(Organization, payload.organization_id, "organization_not_found")
    data = payload.dict(exclude={"call", "organization_id"})
    application = services.application_create(actor=request.user, call=call, organization=organization, **data)
    return Status(201, application)


@router.get("/projects/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, auth=auth_required)
def get_application(request, application_id: int = Id):
    return selectors.access_application(request.user, application_id)


@router.patch("/projects/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, auth=auth_required)
def update_application(request, payload: ApplicationPatch, application_id: int = Id):
    data = payload.dict(exclude_unset=True)
    for key in ("budget_lines", "milestones"):
        if key in data and data[key] is None:
            data.pop(key)
    return _on_application(request, application_id, services.application_update, **data)


@router.get(
    "/projects/applications/{application_id}/problems",
    response={200: list[ProblemOut], **ERRORS},
    auth=auth_required,
    summary="What stands between the application and its submission",
)
def application_problem_list(request, application_id: int = Id):
    application = selectors.access_application(request.user, application_id)
    return application_problems(application, on=timezone.localdate())


@router.post(
    "/projects/applications/{application_id}/submit", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def submit_application(request, application_id: int = Id):
    return _on_application(request, application_id, services.application_submit)


@router.post(
    "/projects/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def withdraw_application(request, payload: RemarksIn, application_id: int = Id):
    return _on_application(request, application_id, services.application_withdraw, reason=payload.remarks)


@router.post(
    "/projects/applications/{application_id}/return", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def return_application(request, payload: RemarksIn, application_id: int = Id):
    return _on_application(request, application_id, services.application_return, remarks=payload.remarks)


@router.post(
    "/projects/applications/{application_id}/admit", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def admit_application(request, payload: RemarksIn, application_id: int = Id):
    return _on_application(request, application_id, services.application_admit, remarks=payload.remarks)


@router.post(
    "/projects/applications/{application_id}/ineligible", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def ineligible_application(request, payload: RemarksIn, application_id: int = Id):
    return _on_application(request, application_id, services.application_reject_ineligible, remarks=payload.remarks)


# --- review ---------------------------------------------------------------------------------------------------
@router.post(
    "/projects/applications/{application_id}/assignments",
    response={201: AssignmentOut, **ERRORS},
    auth=auth_required,
    summary="Assign an expert (operator staff)",
)
def assign_expert(request, payload: AssignIn, application_id: int = Id):
    from innopark.accounts.models import User

    application = selectors.access_application(request.user, application_id)
    expert = _found(User, payload.expert_id, "expert_not_found")
    return Status(201, services.review_assign(actor=request.user, application=application, expert=expert))


@router.post(
    "/projects/applications/{application_id}/assignments/automatic",
    response={201: list[AssignmentOut], **ERRORS},
    auth=auth_required,
    summary="Fill the free places with the least-loaded experts without conflicts",
)
def assign_automatic(request, application_id: int = Id):
    return Status(201, _on_application(request, application_id, services.review_assign_automatic))


@router.get("/projects/reviews", response={200: AssignmentPage, **ERRORS}, auth=auth_required, summary="My reviews")
def my_assignments(request, after: str | None = After, limit: int = Limit):
    return _page(selectors.assignments_of_expert(request.user), after, limit)


@router.get("/projects/reviews/{assignment_id}", response={200: AssignmentOut, **ERRORS}, auth=auth_required)
def get_assignment(request, assignment_id: int = Id):
    return selectors.access_assignment(request.user, assignment_id)


@router.post(
    "/projects/reviews/{assignment_id}/declaration",
    response={200: AssignmentOut, **ERRORS},
    auth=auth_required,
    summary="Declare interests (no conflict, or a conflict and recuse)",
)
def declare(request, payload: DeclarationIn, assignment_id: int = Id):
    return _on_assignment(
        request, assignment_id, services.review_declare, has_conflict=payload.has_conflict, statement=payload.statement
    )


@router.post(
    "/projects/reviews/{assignment_id}/withdraw",
    response={200: AssignmentOut, **ERRORS},
    auth=auth_required,
    summary="Withdraw an open assignment (operator staff)",
)
def revoke(request, payload: ReasonIn, assignment_id: int = Id):
    return _on_assignment(request, assignment_id, services.review_revoke, reason=payload.reason)


@router.post(
    "/projects/reviews/{assignment_id}/review",
    response={201: ReviewOut, **ERRORS},
    auth=auth_required,
    summary="Submit scores, justifications and a recommendation",
)
def submit_review(request, payload: ReviewIn, assignment_id: int = Id):
    scores = {s.criterion_id: {"score": s.score, "justification": s.justification} for s in payload.scores}
    review = _on_assignment(
        request,
        assignment_id,
        services.review_submit,
        scores=scores,
        recommendation=payload.recommendation,
        comment=payload.comment,
    )
    return Status(201, review)


# --- decisions ------------------------------------------------------------------------------------------------
@router.post(
    "/projects/applications/{application_id}/proposal",
    response={201: ProposalOut, **ERRORS},
    auth=auth_required,
    summary="Prepare a recommendation (operator staff)",
)
def prepare_proposal(request, payload: ProposalIn, application_id: int = Id):
    return Status(201, _on_application(request, application_id, services.proposal_prepare, **payload.dict()))


@router.post(
    "/projects/applications/{application_id}/decision",
    response={201: DecisionOut, **ERRORS},
    auth=auth_required,
    summary="Decide (someone other than the preparer of the recommendation)",
)
def make_decision(request, payload: DecisionIn, application_id: int = Id):
    return Status(201, _on_application(request, application_id, services.decision_make, **payload.dict()))


# --- grants ---------------------------------------------------------------------------------------------------
@router.get(
    "/projects/financed",
    response={200: PublicGrantPage, **PUBLIC_ERRORS},
    auth=None,
    summary="Financed projects (public): title, company, amount, dates, category, status",
)
def public_grant_list(request, after: str | None = After, limit: int = Limit):
    return _page(selectors.public_grants(), after, limit)


@router.get("/projects/grants", response={200: GrantPage, **ERRORS}, auth=auth_required)
def list_grants(request, after: str | None = After, limit: int = Limit):
    qs = selectors.grants_visible_to(request.user).prefetch_related("milestones")
    return _page(qs, after, limit)


def _with_milestones(grant: Grant) -> Grant:
    """GrantOut reads the milestones twice (their list and the paid sum): one query for both, as list_grants does."""
    prefetch_related_objects([grant], "milestones")
    return grant


@router.get("/projects/grants/{grant_id}", response={200: GrantOut, **ERRORS}, auth=auth_required)
def get_grant(request, grant_id: int = Id):
    return _with_milestones(selectors.access_grant(request.user, grant_id))


@router.post("/projects/grants/{grant_id}/suspend", response={200: GrantOut, **ERRORS}, auth=auth_required)
def suspend_grant(request, payload: ReasonIn, grant_id: int = Id):
    return _with_milestones(_on_grant(request, grant_id, services.grant_suspend, reason=payload.reason))


@router.post("/projects/grants/{grant_id}/resume", response={200: GrantOut, **ERRORS}, auth=auth_required)
def resume_grant(request, payload: ReasonIn, grant_id: int = Id):
    return _with_milestones(_on_grant(request, grant_id, services.grant_resume, reason=payload.reason))


@router.post("/projects/grants/{grant_id}/terminate", response={200: GrantOut, **ERRORS}, auth=auth_required)
def terminate_grant(request, payload: TerminateIn, grant_id: int = Id):
    grant = _on_grant(
        request, grant_id, services.grant_terminate, reason=payload.reason, recovered_tiyn=payload.recovered_tiyn
    )
    return _with_milestones(grant)


@router.post("/projects/grants/{grant_id}/complete", response={200: GrantOut, **ERRORS}, auth=auth_required)
def complete_grant(request, payload: RemarksIn, grant_id: int = Id):
    return _with_milestones(_on_grant(request, grant_id, services.grant_complete, note=payload.remarks))


@router.get("/projects/grants/{grant_id}/amendments", response={200: list[AmendmentOut], **ERRORS}, auth=auth_required)
def list_amendments(request, grant_id: int = Id):
    return selectors.access_grant(request.user, grant_id).amendments.all()


@router.post("/projects/grants/{grant_id}/amendments", response={201: AmendmentOut, **ERRORS}, auth=auth_required)
def propose_amendment(request, payload: AmendmentIn, grant_id: int = Id):
    data = payload.dict()
    if data["milestones"] is not None:
        data["milestones"] = [dict(m) for m in data["milestones"]]
    return Status(201, _on_grant(request, grant_id, services.grant_amendment_propose, **data))


@router.post("/projects/amendments/{amendment_id}/decision", response={200: AmendmentOut, **ERRORS}, auth=auth_required)
def decide_amendment(request, payload: AmendmentDecisionIn, amendment_id: int = Id):
    amendment = _grant_part(request, GrantAmendment, amendment_id, "amendment_not_found")
    return services.grant_amendment_decide(
        actor=request.user, amendment=amendment, approve=payload.approve, reasons=payload.reasons
    )


@router.post("/projects/grants/{grant_id}/outcomes", response={201: OutcomeOut, **ERRORS}, auth=auth_required)
def report_outcomes(request, payload: OutcomeIn, grant_id: int = Id):
    return Status(201, _on_grant(request, grant_id, services.outcome_report_submit, **payload.dict()))


@router.post("/projects/milestones/{milestone_id}/report", response={200: MilestoneOut, **ERRORS}, auth=auth_required)
def report_milestone(request, payload: MilestoneReportIn, milestone_id: int = Id):
    milestone = _grant_part(request, Milestone, milestone_id, "milestone_not_found")
    services.milestone_report(actor=request.user, milestone=milestone, text=payload.text, indicators=payload.indicators)
    milestone.refresh_from_db()
    return milestone


@router.post("/projects/milestones/{milestone_id}/accept", response={200: MilestoneOut, **ERRORS}, auth=auth_required)
def accept_milestone(request, payload: RemarksIn, milestone_id: int = Id):
    return _on_milestone(request, milestone_id, services.milestone_accept, remarks=payload.remarks)


@router.post("/projects/milestones/{milestone_id}/reject", response={200: MilestoneOut, **ERRORS}, auth=auth_required)
def reject_milestone(request, payload: ReasonIn, milestone_id: int = Id):
    return _on_milestone(request, milestone_id, services.milestone_reject, reasons=payload.reason)


@router.post(
    "/projects/milestones/{milestone_id}/disburse",
    response={200: MilestoneOut, **ERRORS},
    auth=auth_required,
    summary="Pay an accepted milestone's tranche (idempotent)",
)
def disburse_tranche(request, milestone_id: int = Id):
    return _on_milestone(request, milestone_id, services.tranche_disburse)


# --- the expert's own profile ---------------------------------------------------------------------------------
def _expert_profile(user) -> dict:
    from innopark.projects.models import ExpertAffiliation, ExpertProfile

    profile = ExpertProfile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "expertise": profile.expertise if profile else "",
        "max_open_reviews": profile.max_open_reviews if profile else None,
        "categories": sorted(profile.categories.values_list("code", flat=True)) if profile else [],
        "affiliations": ExpertAffiliation.objects.filter(expert=user).select_related("organization"),
    }


@router.get(
    "/projects/experts/me",
    response={200: ExpertProfileOut, **ERRORS},
    auth=auth_required,
    summary="The signed-in expert's profile and declared affiliations",
)
def my_expert_profile(request):
    require_expert(request.user)
    return _expert_profile(request.user)


@router.post(
    "/projects/experts/me",
    response={200: ExpertProfileOut, **ERRORS},
    auth=auth_required,
    summary="Update the signed-in expert's profile",
)
def update_my_expert_profile(request, payload: ExpertProfileIn):
    from innopark.core.errors import ApplicationError
    from innopark.projects.models import Category

    require_expert(request.user)
    categories = None
    if payload.categories is not None:
        codes = list(dict.fromkeys(payload.categories))
        categories = list(Category.objects.filter(code__in=codes, is_active=True))
        if len(categories) != len(codes):
            message = _("Unknown category.")
            raise ApplicationError(message, code="unknown_category", fields={"categories": [message]})
    services.expert_profile_update(
        actor=request.user,
        expertise=payload.expertise,
        max_open_reviews=payload.max_open_reviews,
        categories=categories,
    )
    return _expert_profile(request.user)


@router.post(
    "/projects/experts/me/affiliations",
    response={201: AffiliationOut, **ERRORS},
    auth=auth_required,
    summary="Declare an organization the signed-in expert belongs or belonged to",
)
def declare_my_affiliation(request, payload: AffiliationIn):
    require_expert(request.user)  # before the BIN lookup, so that non-experts learn nothing about organizations
    affiliation = services.expert_affiliation_declare(
        actor=request.user,
        organization=selectors.organization_by_bin(payload.organization_bin, field="organization_bin"),
        relation=payload.relation,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
    )
    return Status(201, affiliation)
