"""The projects API (mounted at /api/v1/): calls, applications, reviews, decisions, grants and milestones, with
the same permissions as the pages (every write is a service call; every read goes through a selector)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Status

from innopark.api import auth_required
from innopark.core.api_schemas import ERRORS, ErrorOut
from innopark.core.errors import NotFound
from innopark.projects import selectors, services
from innopark.projects.eligibility import application_problems
from innopark.projects.models import Application, Call, Grant, GrantAmendment, Milestone, ReviewAssignment
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
from innopark.projects.services.calls import call_remaining_tiyn

router = Router(tags=["projects"])

Id = Path(..., ge=1, le=2**31 - 1)
CallCode = Path(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
After = Query(None, max_length=12, pattern=r"^[0-9]{1,10}$", description="The previous page's next_after.")
Limit = Query(50, ge=1, le=100)
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _page(qs, after: str | None, limit: int, item):
    """Keyset pagination by primary key, newest first."""
    if after:
        qs = qs.filter(pk__lt=int(after))
    rows = list(qs.order_by("-pk")[: limit + 1])
    next_after = str(rows[limit - 1].pk) if len(rows) > limit else None
    return {"items": [item(row) for row in rows[:limit]], "next_after": next_after}


# --- calls ----------------------------------------------------------------------------------------------------
def _call_out(call: Call) -> dict:
    return {
        "id": call.pk,
        "code": call.code,
        "zone": call.zone.code,
        "title": call.title,
        "title_kk": call.title_kk,
        "title_ru": call.title_ru,
        "title_en": call.title_en,
        "text": call.text,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "status": call.status,
        "is_open": call.is_open_at(timezone.now()),
        "budget_tiyn": call.budget_tiyn,
        "remaining_tiyn": call_remaining_tiyn(call),
        "categories": [c.code for c in call.categories.all()],
        "experts_per_application": call.experts_per_application,
        "criteria": [
            {"id": c.pk, "position": c.position, "title": c.title, "weight": c.weight, "scale_max": c.scale_max}
            for c in call.criteria.all()
        ],
    }


@router.get("/projects/calls", response={200: CallPage, **PUBLIC_ERRORS}, auth=None, summary="List calls")
def list_calls(request, after: str | None = After, limit: int = Limit):
    """Published and closed calls (and, for the zone's staff, drafts)."""
    qs = selectors.calls_visible_to(request.user).prefetch_related("categories", "criteria")
    return _page(qs, after, limit, _call_out)


@router.get("/projects/calls/{code}", response={200: CallOut, **PUBLIC_ERRORS}, auth=None, summary="One call")
def get_call(request, code: str = CallCode):
    return _call_out(selectors.call_by_code(request.user, code))


@router.post("/projects/calls", response={201: CallOut, **ERRORS}, auth=auth_required, summary="Create a call")
def create_call(request, payload: CallIn):
    from innopark.zones.selectors import zone_by_code

    zone = zone_by_code(payload.zone)
    data = payload.dict(exclude={"zone", "criteria"})
    call = services.call_create(actor=request.user, zone=zone, criteria=[c.dict() for c in payload.criteria], **data)
    return Status(201, _call_out(call))


@router.post("/projects/calls/{code}/publish", response={200: CallOut, **ERRORS}, auth=auth_required, summary="Publish")
def publish_call(request, code: str = CallCode):
    call = selectors.call_by_code(request.user, code)
    return _call_out(services.call_publish(actor=request.user, call=call))


@router.get(
    "/projects/calls/{code}/ranking",
    response={200: list[RankOut], **ERRORS},
    auth=auth_required,
    summary="Ranked applications of a call (staff)",
)
def call_ranking(request, code: str = CallCode):
    call = selectors.call_by_code(request.user, code)
    if selectors.internal_zone_ids(request.user) is not None and call.zone_id not in selectors.internal_zone_ids(
        request.user
    ):
        raise NotFound(code="call_not_found")
    return [
        {
            "application_id": a.pk,
            "number": a.number,
            "title": a.title,
            "applicant": a.organization.name,
            "status": a.status,
            "requested_tiyn": a.requested_tiyn,
            "mean_score_centipoints": round(a.mean_score) if a.mean_score is not None else None,
            "reviews": a.reviews,
            "needs_extra_expert": a.needs_extra_expert,
        }
        for a in selectors.ranked_applications(call)
    ]


# --- applications ---------------------------------------------------------------------------------------------
def _application_out(application: Application) -> dict:
    return {
        "id": application.pk,
        "number": application.number,
        "call": application.call.code,
        "organization": application.organization.name,
        "organization_id": application.organization_id,
        "title": application.title,
        "summary": application.summary,
        "language": application.language,
        "category": application.category_id,
        "requested_tiyn": application.requested_tiyn,
        "cofinancing_tiyn": application.cofinancing_tiyn,
        "duration_months": application.duration_months,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "operator_remarks": application.operator_remarks,
        "needs_extra_expert": application.needs_extra_expert,
        "budget_lines": [
            {"item": b.item, "requested_tiyn": b.requested_tiyn, "cofinancing_tiyn": b.cofinancing_tiyn}
            for b in application.budget_lines.all()
        ],
        "milestones": [
            {"deliverable": m.deliverable, "due_on": m.due_on, "tranche_tiyn": m.tranche_tiyn}
            for m in application.planned_milestones.all()
        ],
    }


@router.get("/projects/applications", response={200: ApplicationPage, **ERRORS}, auth=auth_required)
def list_applications(request, after: str | None = After, limit: int = Limit):
    qs = selectors.applications_visible_to(request.user).prefetch_related("budget_lines", "planned_milestones")
    return _page(qs, after, limit, _application_out)


@router.post("/projects/applications", response={201: ApplicationOut, **ERRORS}, auth=auth_required)
def create_application(request, payload: ApplicationIn):
    from innopark.registry.models import Organization

    call = selectors.call_by_code(request.user, payload.call)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise NotFound(code="organization_not_found")
    data = payload.dict(exclude={"call", "organization_id"})
    application = services.application_create(actor=request.user, call=call, organization=organization, **data)
    return Status(201, _application_out(application))


@router.get("/projects/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, auth=auth_required)
def get_application(request, application_id: int = Id):
    return _application_out(selectors.access_application(request.user, application_id))


@router.patch("/projects/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, auth=auth_required)
def update_application(request, payload: ApplicationPatch, application_id: int = Id):
    application = selectors.access_application(request.user, application_id)
    data = payload.dict(exclude_unset=True)
    for key in ("budget_lines", "milestones"):
        if key in data and data[key] is None:
            data.pop(key)
    application = services.application_update(actor=request.user, application=application, **data)
    return _application_out(application)


@router.get(
    "/projects/applications/{application_id}/problems",
    response={200: list[ProblemOut], **ERRORS},
    auth=auth_required,
    summary="What stands between the application and its submission",
)
def application_problem_list(request, application_id: int = Id):
    application = selectors.access_application(request.user, application_id)
    return [p.__dict__ for p in application_problems(application, on=timezone.localdate())]


def _step(request, application_id: int, service, **kwargs) -> dict:
    application = selectors.access_application(request.user, application_id)
    return _application_out(service(actor=request.user, application=application, **kwargs))


@router.post(
    "/projects/applications/{application_id}/submit", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def submit_application(request, application_id: int = Id):
    return _step(request, application_id, services.application_submit)


@router.post(
    "/projects/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def withdraw_application(request, payload: RemarksIn, application_id: int = Id):
    return _step(request, application_id, services.application_withdraw, reason=payload.remarks)


@router.post(
    "/projects/applications/{application_id}/return", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def return_application(request, payload: RemarksIn, application_id: int = Id):
    return _step(request, application_id, services.application_return, remarks=payload.remarks)


@router.post(
    "/projects/applications/{application_id}/admit", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def admit_application(request, payload: RemarksIn, application_id: int = Id):
    return _step(request, application_id, services.application_admit, remarks=payload.remarks)


@router.post(
    "/projects/applications/{application_id}/ineligible", response={200: ApplicationOut, **ERRORS}, auth=auth_required
)
def ineligible_application(request, payload: RemarksIn, application_id: int = Id):
    return _step(request, application_id, services.application_reject_ineligible, remarks=payload.remarks)


# --- review ---------------------------------------------------------------------------------------------------
def _assignment_out(a: ReviewAssignment) -> dict:
    return {
        "id": a.pk,
        "application_id": a.application_id,
        "application_number": a.application.number,
        "application_title": a.application.title,
        "applicant": a.application.organization.name,
        "expert_id": a.expert_id,
        "status": a.status,
        "is_automatic": a.is_automatic,
        "is_extra": a.is_extra,
        "declared_at": a.declared_at,
        "declaration": a.declaration,
    }


@router.post(
    "/projects/applications/{application_id}/assignments",
    response={201: AssignmentOut, **ERRORS},
    auth=auth_required,
    summary="Assign an expert (operator staff)",
)
def assign_expert(request, payload: AssignIn, application_id: int = Id):
    from innopark.accounts.models import User

    application = selectors.access_application(request.user, application_id)
    expert = User.objects.filter(pk=payload.expert_id).first()
    if expert is None:
        raise NotFound(code="expert_not_found")
    assignment = services.review_assign(actor=request.user, application=application, expert=expert)
    return Status(201, _assignment_out(assignment))


@router.post(
    "/projects/applications/{application_id}/assignments/automatic",
    response={201: list[AssignmentOut], **ERRORS},
    auth=auth_required,
    summary="Fill the free places with the least-loaded experts without conflicts",
)
def assign_automatic(request, application_id: int = Id):
    application = selectors.access_application(request.user, application_id)
    return Status(
        201, [_assignment_out(a) for a in services.review_assign_automatic(actor=request.user, application=application)]
    )


@router.get("/projects/reviews", response={200: AssignmentPage, **ERRORS}, auth=auth_required, summary="My reviews")
def my_assignments(request, after: str | None = After, limit: int = Limit):
    return _page(selectors.assignments_of_expert(request.user), after, limit, _assignment_out)


@router.get("/projects/reviews/{assignment_id}", response={200: AssignmentOut, **ERRORS}, auth=auth_required)
def get_assignment(request, assignment_id: int = Id):
    return _assignment_out(selectors.access_assignment(request.user, assignment_id))


@router.post(
    "/projects/reviews/{assignment_id}/declaration",
    response={200: AssignmentOut, **ERRORS},
    auth=auth_required,
    summary="Declare interests (no conflict, or a conflict and recuse)",
)
def declare(request, payload: DeclarationIn, assignment_id: int = Id):
    assignment = selectors.access_assignment(request.user, assignment_id)
    assignment = services.review_declare(
        actor=request.user, assignment=assignment, has_conflict=payload.has_conflict, statement=payload.statement
    )
    return _assignment_out(assignment)


@router.post(
    "/projects/reviews/{assignment_id}/withdraw",
    response={200: AssignmentOut, **ERRORS},
    auth=auth_required,
    summary="Withdraw an open assignment (operator staff)",
)
def revoke(request, payload: ReasonIn, assignment_id: int = Id):
    assignment = selectors.access_assignment(request.user, assignment_id)
    return _assignment_out(services.review_revoke(actor=request.user, assignment=assignment, reason=payload.reason))


@router.post(
    "/projects/reviews/{assignment_id}/review",
    response={201: ReviewOut, **ERRORS},
    auth=auth_required,
    summary="Submit scores, justifications and a recommendation",
)
def submit_review(request, payload: ReviewIn, assignment_id: int = Id):
    assignment = selectors.access_assignment(request.user, assignment_id)
    scores = {s.criterion_id: {"score": s.score, "justification": s.justification} for s in payload.scores}
    review = services.review_submit(
        actor=request.user,
        assignment=assignment,
        scores=scores,
        recommendation=payload.recommendation,
        comment=payload.comment,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "assignment_id": assignment.pk,
            "recommendation": review.recommendation,
            "total_centipoints": review.total_centipoints,
            "submitted_at": review.submitted_at,
        },
    )


# --- decisions ------------------------------------------------------------------------------------------------
@router.post(
    "/projects/applications/{application_id}/proposal",
    response={201: ProposalOut, **ERRORS},
    auth=auth_required,
    summary="Prepare a recommendation (operator staff)",
)
def prepare_proposal(request, payload: ProposalIn, application_id: int = Id):
    application = selectors.access_application(request.user, application_id)
    proposal = services.proposal_prepare(actor=request.user, application=application, **payload.dict())
    return Status(
        201,
        {
            "id": proposal.pk,
            "outcome": proposal.outcome,
            "amount_tiyn": proposal.amount_tiyn,
            "reasons": proposal.reasons,
            "prepared_by_id": proposal.prepared_by_id,
        },
    )


@router.post(
    "/projects/applications/{application_id}/decision",
    response={201: DecisionOut, **ERRORS},
    auth=auth_required,
    summary="Decide (someone other than the preparer of the recommendation)",
)
def make_decision(request, payload: DecisionIn, application_id: int = Id):
    application = selectors.access_application(request.user, application_id)
    decision = services.decision_make(actor=request.user, application=application, **payload.dict())
    grant = Grant.objects.filter(decision=decision).first()
    return Status(
        201,
        {
            "id": decision.pk,
            "outcome": decision.outcome,
            "amount_tiyn": decision.amount_tiyn,
            "reasons": decision.reasons,
            "decided_on": decision.decided_on,
            "grant_id": grant.pk if grant else None,
        },
    )


# --- grants ---------------------------------------------------------------------------------------------------
def _milestone_out(m: Milestone) -> dict:
    return {
        "id": m.pk,
        "number": m.number,
        "deliverable": m.deliverable,
        "due_on": m.due_on,
        "tranche_tiyn": m.tranche_tiyn,
        "status": m.status,
        "disbursed_on": m.disbursed_on,
    }


def _grant_out(grant: Grant) -> dict:
    milestones = list(grant.milestones.all())
    return {
        "id": grant.pk,
        "agreement_number": grant.agreement_number,
        "title": grant.title,
        "organization": grant.organization.name,
        "organization_id": grant.organization_id,
        "zone": grant.zone.code,
        "call": grant.call.code if grant.call_id else None,
        "category": grant.category_id,
        "awarded_on": grant.awarded_on,
        "amount_tiyn": grant.amount_tiyn,
        "paid_tiyn": (
            selectors.grant_paid_tiyn(grant)
            if grant.is_imported
            else sum(m.tranche_tiyn for m in milestones if m.status == "paid")
        ),
        "starts_on": grant.starts_on,
        "ends_on": grant.ends_on,
        "status": grant.status,
        "version": grant.version,
        "origin": grant.origin,
        "external_id": grant.external_id,
        "milestones": [_milestone_out(m) for m in milestones],
    }


@router.get(
    "/projects/financed",
    response={200: PublicGrantPage, **PUBLIC_ERRORS},
    auth=None,
    summary="Financed projects (public): title, company, amount, dates, category, status",
)
def public_grant_list(request, after: str | None = After, limit: int = Limit):
    def item(g: Grant) -> dict:
        return {
            "agreement_number": g.agreement_number,
            "title": g.title,
            "company": g.organization.name,
            "amount_tiyn": g.amount_tiyn,
            "awarded_on": g.awarded_on,
            "starts_on": g.starts_on,
            "ends_on": g.ends_on,
            "category": g.category_id,
            "status": g.status,
            "zone": g.zone.code,
        }

    return _page(selectors.public_grants(), after, limit, item)


@router.get("/projects/grants", response={200: GrantPage, **ERRORS}, auth=auth_required)
def list_grants(request, after: str | None = After, limit: int = Limit):
    qs = selectors.grants_visible_to(request.user).prefetch_related("milestones")
    return _page(qs, after, limit, _grant_out)


@router.get("/projects/grants/{grant_id}", response={200: GrantOut, **ERRORS}, auth=auth_required)
def get_grant(request, grant_id: int = Id):
    return _grant_out(selectors.access_grant(request.user, grant_id))


@router.post("/projects/grants/{grant_id}/suspend", response={200: GrantOut, **ERRORS}, auth=auth_required)
def suspend_grant(request, payload: ReasonIn, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    return _grant_out(services.grant_suspend(actor=request.user, grant=grant, reason=payload.reason))


@router.post("/projects/grants/{grant_id}/resume", response={200: GrantOut, **ERRORS}, auth=auth_required)
def resume_grant(request, payload: ReasonIn, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    return _grant_out(services.grant_resume(actor=request.user, grant=grant, reason=payload.reason))


@router.post("/projects/grants/{grant_id}/terminate", response={200: GrantOut, **ERRORS}, auth=auth_required)
def terminate_grant(request, payload: TerminateIn, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    grant = services.grant_terminate(
        actor=request.user, grant=grant, reason=payload.reason, recovered_tiyn=payload.recovered_tiyn
    )
    return _grant_out(grant)


@router.post("/projects/grants/{grant_id}/complete", response={200: GrantOut, **ERRORS}, auth=auth_required)
def complete_grant(request, payload: RemarksIn, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    return _grant_out(services.grant_complete(actor=request.user, grant=grant, note=payload.remarks))


def _amendment_out(a: GrantAmendment) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "status": a.status,
        "reason": a.reason,
        "before": a.before,
        "after": a.after,
        "resulting_version": a.resulting_version,
    }


@router.get("/projects/grants/{grant_id}/amendments", response={200: list[AmendmentOut], **ERRORS}, auth=auth_required)
def list_amendments(request, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    return [_amendment_out(a) for a in grant.amendments.all()]


@router.post("/projects/grants/{grant_id}/amendments", response={201: AmendmentOut, **ERRORS}, auth=auth_required)
def propose_amendment(request, payload: AmendmentIn, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    data = payload.dict()
    if data["milestones"] is not None:
        data["milestones"] = [dict(m) for m in data["milestones"]]
    return Status(201, _amendment_out(services.grant_amendment_propose(actor=request.user, grant=grant, **data)))


@router.post("/projects/amendments/{amendment_id}/decision", response={200: AmendmentOut, **ERRORS}, auth=auth_required)
def decide_amendment(request, payload: AmendmentDecisionIn, amendment_id: int = Id):
    amendment = GrantAmendment.objects.filter(pk=amendment_id).first()
    if amendment is None:
        raise NotFound(code="amendment_not_found")
    selectors.access_grant(request.user, amendment.grant_id)
    amendment = services.grant_amendment_decide(
        actor=request.user, amendment=amendment, approve=payload.approve, reasons=payload.reasons
    )
    return _amendment_out(amendment)


@router.post("/projects/grants/{grant_id}/outcomes", response={201: OutcomeOut, **ERRORS}, auth=auth_required)
def report_outcomes(request, payload: OutcomeIn, grant_id: int = Id):
    grant = selectors.access_grant(request.user, grant_id)
    report = services.outcome_report_submit(actor=request.user, grant=grant, **payload.dict())
    return Status(
        201,
        {
            "period": report.period,
            "jobs": report.jobs,
            "products": report.products,
            "patents": report.patents,
            "revenue_tiyn": report.revenue_tiyn,
            "exports_tiyn": report.exports_tiyn,
        },
    )


def _milestone(request, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound(code="milestone_not_found")
    selectors.access_grant(request.user, milestone.grant_id)
    return milestone


@router.post("/projects/milestones/{milestone_id}/report", response={200: MilestoneOut, **ERRORS}, auth=auth_required)
def report_milestone(request, payload: MilestoneReportIn, milestone_id: int = Id):
    milestone = _milestone(request, milestone_id)
    services.milestone_report(actor=request.user, milestone=milestone, text=payload.text, indicators=payload.indicators)
    milestone.refresh_from_db()
    return _milestone_out(milestone)


@router.post("/projects/milestones/{milestone_id}/accept", response={200: MilestoneOut, **ERRORS}, auth=auth_required)
def accept_milestone(request, payload: RemarksIn, milestone_id: int = Id):
    milestone = _milestone(request, milestone_id)
    return _milestone_out(services.milestone_accept(actor=request.user, milestone=milestone, remarks=payload.remarks))


@router.post("/projects/milestones/{milestone_id}/reject", response={200: MilestoneOut, **ERRORS}, auth=auth_required)
def reject_milestone(request, payload: ReasonIn, milestone_id: int = Id):
    milestone = _milestone(request, milestone_id)
    return _milestone_out(services.milestone_reject(actor=request.user, milestone=milestone, reasons=payload.reason))


@router.post(
    "/projects/milestones/{milestone_id}/disburse",
    response={200: MilestoneOut, **ERRORS},
    auth=auth_required,
    summary="Pay an accepted milestone's tranche (idempotent)",
)
def disburse_tranche(request, milestone_id: int = Id):
    milestone = _milestone(request, milestone_id)
    return _milestone_out(services.tranche_disburse(actor=request.user, milestone=milestone))


# --- the expert's own profile ---------------------------------------------------------------------------------
def _affiliation_out(affiliation) -> dict:
    organization = affiliation.organization
    return {
        "id": affiliation.pk,
        "organization_id": organization.pk,
        "organization_name": organization.name,
        "organization_bin": organization.bin,
        "relation": affiliation.relation,
        "valid_from": affiliation.valid_from,
        "valid_to": affiliation.valid_to,
        "declared_at": affiliation.declared_at,
    }


def _expert_profile_out(user) -> dict:
    from innopark.projects.models import ExpertAffiliation, ExpertProfile

    profile = ExpertProfile.objects.filter(user=user).first()
    affiliations = ExpertAffiliation.objects.filter(expert=user).select_related("organization")
    return {
        "email": user.email,
        "expertise": profile.expertise if profile else "",
        "max_open_reviews": profile.max_open_reviews if profile else None,
        "categories": sorted(profile.categories.values_list("code", flat=True)) if profile else [],
        "affiliations": [_affiliation_out(a) for a in affiliations],
    }


@router.get(
    "/projects/experts/me",
    response={200: ExpertProfileOut, **ERRORS},
    auth=auth_required,
    summary="The signed-in expert's profile and declared affiliations",
)
def my_expert_profile(request):
    require_expert(request.user)
    return _expert_profile_out(request.user)


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
    return _expert_profile_out(request.user)


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
    return Status(201, _affiliation_out(affiliation))
