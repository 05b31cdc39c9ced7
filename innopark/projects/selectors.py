"""Reads with rules. Each `*_visible_to(user)` returns only what the user may see; `access_*` fetches and
authorizes in one step and answers NotFound for what the user may not see (ids of others' objects stay hidden).

Experts see an application only through an assignment: its title and applicant before they declare their
interests, the whole application after declaring no conflict, nothing once recused or withdrawn.
"""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy

from innopark.core.errors import ApplicationError, NotFound
from innopark.projects.models import Application, Call, Grant, Milestone, ReviewAssignment
from innopark.projects.permissions import funder_org_ids, internal_zone_ids, is_signed_in, represented_org_ids
from innopark.projects.workflow import ApplicationStatus, AssignmentStatus, CallStatus

PUBLIC_CALL_STATUSES = (CallStatus.PUBLISHED, CallStatus.CLOSED)
EXPERT_READS = (AssignmentStatus.ACTIVE, AssignmentStatus.SUBMITTED)


# --- calls ----------------------------------------------------------------------------------------------------
def calls_visible_to(user) -> QuerySet[Call]:
    """Published and closed calls for everyone; drafts and cancelled ones for the zone's staff."""
    qs = Call.objects.select_related("zone")
    public = Q(status__in=PUBLIC_CALL_STATUSES)
    zone_ids = internal_zone_ids(user)
    if zone_ids is None:
        return qs
    return qs.filter(public | Q(zone_id__in=zone_ids))


def access_call(user, call_id) -> Call:
    call = calls_visible_to(user).filter(pk=call_id).first()
    if call is None:
        raise NotFound(code="call_not_found")
    return call


def call_by_code(user, code: str) -> Call:
    call = calls_visible_to(user).filter(code=code).first()
    if call is None:
        raise NotFound(code="call_not_found")
    return call


# --- applications ---------------------------------------------------------------------------------------------
def _application_filter(user) -> Q | None:
    """None: everything (platform administrator)."""
    zone_ids = internal_zone_ids(user)
    if zone_ids is None:
        return None
    expert_apps = ReviewAssignment.objects.filter(expert=user, status__in=EXPERT_READS).values("application_id")
    return Q(zone_id__in=zone_ids) | (Q(organization_id__in=represented_org_ids(user))) | Q(pk__in=expert_apps)


def applications_visible_to(user) -> QuerySet[Application]:
    qs = Application.objects.select_related("call", "zone", "organization", "category")
    if not is_signed_in(user):
        return qs.none()
    condition = _application_filter(user)
    return qs if condition is None else qs.filter(condition)


def access_application(user, application_id) -> Application:
    application = applications_visible_to(user).filter(pk=application_id).first()
    if application is None:
        raise NotFound(code="application_not_found")
    return application


def application_is_staff_view(user, application) -> bool:
    zone_ids = internal_zone_ids(user)
    return zone_ids is None or application.zone_id in zone_ids


def application_is_own(user, application) -> bool:
    return application.organization_id in represented_org_ids(user)


# --- assignments (the expert's side) --------------------------------------------------------------------------
def assignments_of_expert(user) -> QuerySet[ReviewAssignment]:
    if not is_signed_in(user):
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.filter(expert=user).select_related(
        "application__call", "application__organization", "application__zone"
    )


def access_assignment(user, assignment_id) -> ReviewAssignment:
    """The expert's own assignment (operator staff of the zone may also open it)."""
    assignment = (
        ReviewAssignment.objects.select_related(
            "application__call", "application__organization", "application__zone", "expert"
        )
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFound(code="assignment_not_found")
    if assignment.expert_id == getattr(user, "pk", None):
        return assignment
    zone_ids = internal_zone_ids(user)
    if zone_ids is None or assignment.application.zone_id in zone_ids:
        return assignment
    raise NotFound(code="assignment_not_found")


# --- ranking --------------------------------------------------------------------------------------------------
def ranked_applications(call: Call) -> list[Application]:
    """Reviewed (and decided) applications of a call, best mean weighted score first; ties by submission time."""
    qs = (
        call.applications.filter(
            status__in=[
                ApplicationStatus.REVIEWED,
                ApplicationStatus.WAITLISTED,
                ApplicationStatus.APPROVED,
                ApplicationStatus.REFUSED,
                ApplicationStatus.IN_REVIEW,
            ]
        )
        .annotate(
            mean_score=Avg(
                "assignments__review__total_centipoints",
                filter=Q(assignments__status=AssignmentStatus.SUBMITTED),
            ),
            reviews=Count("assignments__review"),
        )
        .select_related("organization", "category")
        .order_by("-mean_score", "submitted_at", "pk")
    )
    return list(qs)


# --- grants ---------------------------------------------------------------------------------------------------
def funder_grant_references(user) -> set[str]:
    """Ledger references ("grant:<agreement>") of the grants the user's funder organizations' money reached."""
    from innopark.funding.ledger import funder_grants_reached
    from innopark.registry.models import Organization

    references: set[str] = set()
    for organization in Organization.objects.filter(pk__in=funder_org_ids(user)):
        references |= {reference for reference, _amount in funder_grants_reached(organization)}
    return references


def grants_visible_to(user) -> QuerySet[Grant]:
    """Internal grant records: the zone's staff, the recipient's representatives, and funders whose money
    reached the grant. (Everyone sees the public fields through public_grants.)"""
    qs = Grant.objects.select_related("zone", "organization", "category", "call", "ledger_account")
    if not is_signed_in(user):
        return qs.none()
    zone_ids = internal_zone_ids(user)
    if zone_ids is None:
        return qs
    condition = Q(zone_id__in=zone_ids) | Q(organization_id__in=represented_org_ids(user))
    if funder_org_ids(user):
        condition |= Q(ledger_account__reference__in=funder_grant_references(user))
    return qs.filter(condition)


def access_grant(user, grant_id) -> Grant:
    grant = grants_visible_to(user).filter(pk=grant_id).first()
    if grant is None:
        raise NotFound(code="grant_not_found")
    return grant


def public_grants() -> QuerySet[Grant]:
    """Financed projects for the public: title, company, amount, dates, category, status."""
    return Grant.objects.select_related("organization", "category", "zone").order_by("-awarded_on", "agreement_number")


def grant_imported_disbursements(grant: Grant) -> list:
    """The payments recorded for an imported grant (ledger transfers), in their order: number 1, 2, ..."""
    from innopark.funding.ledger import Transfer, TransferKind

    if not grant.is_imported:
        return []
    prefix = f"projects:import:{grant.pk}:disbursement:"
    transfers = Transfer.objects.filter(
        from_account_id=grant.ledger_account_id, kind=TransferKind.DISBURSEMENT, idempotency_key__startswith=prefix
    )
    return sorted(transfers, key=lambda t: int(t.idempotency_key[len(prefix) :]))


def grant_paid_tiyn(grant: Grant) -> int:
    """Paid out: the paid tranches, or for an imported grant the payments imported with it."""
    if grant.is_imported:
        return sum(t.amount_tiyn for t in grant_imported_disbursements(grant))
    return grant.milestones.filter(status="paid").aggregate(s=Sum("tranche_tiyn"))["s"] or 0


def milestones_awaiting_verdict(user) -> QuerySet[Milestone]:
    zone_ids = internal_zone_ids(user)
    qs = Milestone.objects.filter(status="reported").select_related("grant__organization")
    if zone_ids is None:
        return qs
    return qs.filter(grant__zone_id__in=zone_ids)


# --- audit history access -------------------------------------------------------------------------------------
def can_view_call_history(user, subject_id) -> bool:
    return calls_visible_to(user).filter(pk=subject_id).exists()


def can_view_application_history(user, subject_id) -> bool:
    if not is_signed_in(user):
        return False
    zone_ids = internal_zone_ids(user)
    qs = Application.objects.filter(pk=subject_id)
    if zone_ids is None:
        return qs.exists()
    return qs.filter(Q(zone_id__in=zone_ids) | Q(organization_id__in=represented_org_ids(user))).exists()


def can_view_grant_history(user, subject_id) -> bool:
    return grants_visible_to(user).filter(pk=subject_id).exists()


def can_view_profile_history(user, subject_id) -> bool:
    from innopark.projects.models import ExpertProfile

    return ExpertProfile.objects.filter(pk=subject_id, user_id=getattr(user, "pk", None)).exists()


# --- experts --------------------------------------------------------------------------------------------------
def organization_by_bin(bin_: str, *, field: str = "bin"):
    """The registered organization with this BIN, or a refusal naming the field."""
    from innopark.registry.models import Organization

    organization = Organization.objects.filter(bin=(bin_ or "").strip()).first()
    if organization is None:
        raise ApplicationError(
            gettext_lazy("No registered organization has this BIN."),
            code="organization_not_found",
            fields={field: [gettext_lazy("No registered organization has this BIN.")]},
        )
    return organization
