"""Expert review: profiles and affiliations, assignment (by hand or balanced automatically, never to an expert with
a known conflict, never above an expert's load), the expert's declaration or recusal, scores and the divergence flag.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.notifications.services import notify
from innopark.projects.conflicts import known_conflicts
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import (
    Application,
    ConflictRecord,
    CriterionScore,
    ExpertAffiliation,
    ExpertProfile,
    Review,
    ReviewAssignment,
)
from innopark.projects.permissions import require_expert, require_zone_operator
from innopark.projects.services._common import audit, invalid, local_day, moment, require_text, zone_operators
from innopark.projects.workflow import (
    APPLICATION_TRANSITIONS,
    LIVE_ASSIGNMENT_STATUSES,
    ApplicationStatus,
    AssignmentStatus,
    Recommendation,
    require_transition,
)

S = AssignmentStatus
OPEN_STATUSES = (S.AWAITING_DECLARATION, S.ACTIVE)


def _expert_url(assignment: ReviewAssignment) -> str:
    return f"/projects/reviews/{assignment.pk}/"


def _application_url(application) -> str:
    return f"/projects/applications/{application.pk}/"


# --- profiles -------------------------------------------------------------------------------------------------
@transaction.atomic
def expert_profile_update(*, actor, expertise: str = "", max_open_reviews: int | None = None, categories=None):
    require_expert(actor)
    if max_open_reviews is not None and (
        isinstance(max_open_reviews, bool) or not isinstance(max_open_reviews, int) or not 1 <= max_open_reviews <= 500
    ):
        raise invalid("max_open_reviews", _("Give a number from 1 to 500, or leave it empty."), "invalid_load")
    profile, _created = ExpertProfile.objects.get_or_create(user=actor)
    profile.expertise = (expertise or "").strip()
    profile.max_open_reviews = max_open_reviews
    profile.save()
    if categories is not None:
        profile.categories.set(categories)
    from innopark.audit.services import audit_record

    audit_record(
        event_type=ProjectsEvent.EXPERT_PROFILE_UPDATED,
        actor=actor,
        subject_type=profile._meta.label_lower,
        subject_id=profile.pk,
        after={"expertise": profile.expertise, "max_open_reviews": max_open_reviews},
    )
    return profile


@transaction.atomic
def expert_affiliation_declare(
    *, actor, organization, relation: str, valid_from: dt.date | None = None, valid_to: dt.date | None = None
) -> ExpertAffiliation:
    """An expert tells us they work or worked for an organization: from now on they are never assigned to its
    applications (within the look-back period)."""
    relation = require_text("relation", relation, max_length=200)
    if organization is None:
        raise invalid("organization", _("Choose the organization."), "organization_required")
    if valid_from and valid_to and valid_to <= valid_from:
        raise invalid("valid_to", _("The end must come after the start."), "interval_order")
    require_expert(actor)
    ExpertProfile.objects.get_or_create(user=actor)
    affiliation = ExpertAffiliation.objects.create(
        expert=actor, organization=organization, relation=relation, valid_from=valid_from, valid_to=valid_to
    )
    from innopark.audit.services import audit_record

    audit_record(
        event_type=ProjectsEvent.EXPERT_AFFILIATION_DECLARED,
        actor=actor,
        subject_type=actor.expert_profile._meta.label_lower,
        subject_id=actor.expert_profile.pk,
        after={"organization": organization.pk, "relation": relation},
    )
    return affiliation


# --- assignment -----------------------------------------------------------------------------------------------
def experts_on(on: dt.date):
    ids = (
        RoleAssignment.objects.filter(role=Role.EXPERT, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True)


def expert_open_load(expert) -> int:
    return ReviewAssignment.objects.filter(expert=expert, status__in=OPEN_STATUSES).count()


def expert_limit(expert, call) -> int:
    profile = ExpertProfile.objects.filter(user=expert).first()
    own = profile.max_open_reviews if profile and profile.max_open_reviews else None
    return min(call.max_reviews_per_expert, own) if own else call.max_reviews_per_expert


def places_left(application: Application) -> int:
    """How many more experts the application needs now: the call's number, plus one if flagged for an extra."""
    live = application.assignments.filter(status__in=LIVE_ASSIGNMENT_STATUSES).count()
    wanted = (
        application.call.experts_per_application
        + application.assignments.filter(is_extra=True, status__in=LIVE_ASSIGNMENT_STATUSES).count()
    )
    if application.needs_extra_expert:
        wanted += 1
    return max(0, wanted - live)


def _assignment_problem(application, expert, on: dt.date) -> tuple[str, str] | None:
    """(code, message) why this expert cannot be assigned, or None."""
    if not experts_on(on).filter(pk=expert.pk).exists():
        return "not_expert", str(_("This user is not an expert."))
    if ReviewAssignment.objects.filter(application=application, expert=expert).exists():
        return "already_assigned", str(_("This expert was already asked to review this application."))
    conflicts = known_conflicts(expert=expert, organization=application.organization, on=on)
    if conflicts:
        return "known_conflict", conflicts[0]
    if expert_open_load(expert) >= expert_limit(expert, application.call):
        return "expert_overloaded", str(_("This expert already has as many open reviews as allowed."))
    return None


def _create_assignment(*, actor, application, expert, automatic: bool, at=None) -> ReviewAssignment:
    is_extra = application.needs_extra_expert
    assignment = ReviewAssignment.objects.create(
        application=application, expert=expert, assigned_by=actor, is_automatic=automatic, is_extra=is_extra
    )
    if at is not None:
        ReviewAssignment.objects.filter(pk=assignment.pk).update(assigned_at=at)
    if is_extra:
        application.needs_extra_expert = False
        if application.status == ApplicationStatus.REVIEWED:
            require_transition(APPLICATION_TRANSITIONS, application.status, ApplicationStatus.IN_REVIEW)
            application.status = ApplicationStatus.IN_REVIEW
        application.save(update_fields=["needs_extra_expert", "status", "updated_at"])
    audit(
        ProjectsEvent.REVIEW_ASSIGNED,
        actor=actor,
        obj=application,
        zone=application.zone,
        after={"expert": expert.pk, "assignment": assignment.pk, "automatic": automatic, "extra": is_extra},
        at=at,
    )
    notify(
        recipients=[expert],
        kind="projects.review_assigned",
        subject=_("You are asked to review application %(number)s: declare your interests first"),
        params={"number": application.number},
        url=_expert_url(assignment),
    )
    return assignment


def _lock_application(application) -> Application:
    return Application.objects.select_for_update().select_related("call", "zone", "organization").get(pk=application.pk)


def _require_reviewable(application) -> None:
    if application.status != ApplicationStatus.IN_REVIEW and not (
        application.status == ApplicationStatus.REVIEWED and application.needs_extra_expert
    ):
        raise Conflict(_("The application is not in expert review."), code="not_in_review")


@transaction.atomic
def review_assign(*, actor, application: Application, expert, at: dt.datetime | None = None) -> ReviewAssignment:
    """Operator staff ask one expert. Refused (nothing written) for an expert with a known conflict of interest,
    one at their load limit, one already asked, or when the application has all the experts it needs."""
    now = moment(actor, at)
    application = _lock_application(application)
    _require_reviewable(application)
    if expert is None:
        raise invalid("expert", _("Choose an expert."), "expert_required")
    if places_left(application) <= 0:
        raise Conflict(_("The application already has all the experts it needs."), code="enough_experts")
    problem = _assignment_problem(application, expert, local_day(now))
    if problem:
        code, message = problem
        raise ApplicationError(message, code=code, fields={"expert": [message]})
    require_zone_operator(actor, application.zone)
    return _create_assignment(actor=actor, application=application, expert=expert, automatic=False, at=at)


@transaction.atomic
def review_assign_automatic(*, actor, application: Application) -> list[ReviewAssignment]:
    """Fill the application's free places with the least-loaded eligible experts. Experts skipped for a known
    conflict get a 'detected' conflict record, so that the operator sees why they were passed over."""
    application = _lock_application(application)
    _require_reviewable(application)
    require_zone_operator(actor, application.zone)
    needed = places_left(application)
    if needed <= 0:
        raise Conflict(_("The application already has all the experts it needs."), code="enough_experts")
    today = timezone.localdate()
    candidates = (
        experts_on(today)
        .exclude(review_assignments__application=application)
        .annotate(load=Count("review_assignments", filter=Q(review_assignments__status__in=OPEN_STATUSES)))
        .order_by("load", "pk")
    )
    chosen = []
    for expert in candidates:
        if len(chosen) == needed:
            break
        conflicts = known_conflicts(expert=expert, organization=application.organization, on=today)
        if conflicts:
            if not ConflictRecord.objects.filter(
                application=application, expert=expert, source=ConflictRecord.Source.DETECTED
            ).exists():
                ConflictRecord.objects.create(
                    application=application,
                    expert=expert,
                    source=ConflictRecord.Source.DETECTED,
                    reason="; ".join(conflicts),
                    recorded_by=actor,
                )
                audit(
                    ProjectsEvent.REVIEW_ASSIGNMENT_BLOCKED,
                    actor=actor,
                    obj=application,
                    zone=application.zone,
                    after={"expert": expert.pk, "reasons": conflicts},
                )
            continue
        if expert.load >= expert_limit(expert, application.call):
            continue
        chosen.append(_create_assignment(actor=actor, application=application, expert=expert, automatic=True))
    if not chosen:
        raise Conflict(
            _("No expert is free of conflicts and below the load limit; add experts or raise the limit."),
            code="no_expert_available",
        )
    return chosen


@transaction.atomic
def review_revoke(*, actor, assignment: ReviewAssignment, reason: str) -> ReviewAssignment:
    """Operator staff withdraw an open assignment (e.g. the expert does not answer); the place opens again."""
    reason = require_text("reason", reason)
    assignment = ReviewAssignment.objects.select_for_update().select_related("application__zone").get(pk=assignment.pk)
    if assignment.status not in OPEN_STATUSES:
        raise Conflict(_("Only an open assignment can be withdrawn."), code="assignment_not_open")
    require_zone_operator(actor, assignment.application.zone)
    old = assignment.status
    assignment.status = S.REVOKED
    assignment.revoked_reason = reason
    assignment.save(update_fields=["status", "revoked_reason"])
    audit(
        ProjectsEvent.REVIEW_REVOKED,
        actor=actor,
        obj=assignment.application,
        zone=assignment.application.zone,
        before={"assignment": assignment.pk, "status": old},
        after={"assignment": assignment.pk, "status": S.REVOKED, "reason": reason},
    )
    notify(
        recipients=[assignment.expert],
        kind="projects.review_revoked",
        subject=_("Your review of application %(number)s was withdrawn"),
        body=reason,
        params={"number": assignment.application.number},
    )
    return assignment


# --- the expert -----------------------------------------------------------------------------------------------
def _lock_own_assignment(actor, assignment) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__call", "application__zone", "application__organization", "expert")
        .get(pk=assignment.pk)
    )
    if assignment.expert_id != getattr(actor, "pk", None):
        raise NotAllowed(_("This application is not assigned to you."), code="not_assigned")
    return assignment


@transaction.atomic
def review_declare(
    *, actor, assignment: ReviewAssignment, has_conflict: bool, statement: str = "", at: dt.datetime | None = None
) -> ReviewAssignment:
    """Before seeing the application the expert declares their interests. A conflict means recusal: the record is
    kept and shown to the operator, who assigns someone else."""
    now = moment(actor, at)
    assignment = _lock_own_assignment(actor, assignment)
    if assignment.status != S.AWAITING_DECLARATION:
        raise Conflict(_("You have already made your declaration for this application."), code="already_declared")
    application = assignment.application
    statement = (statement or "").strip()
    if has_conflict and not statement:
        raise invalid("statement", _("Describe the conflict of interest."), "statement_required")
    if not has_conflict:
        known = known_conflicts(expert=actor, organization=application.organization, on=local_day(now))
        if known:
            message = _("A conflict of interest is on record: %(reason)s You must recuse.") % {"reason": known[0]}
            raise ApplicationError(message, code="known_conflict", fields={"has_conflict": [message]})
    assignment.declared_at = now
    assignment.declaration = statement
    assignment.status = S.RECUSED if has_conflict else S.ACTIVE
    assignment.save(update_fields=["declared_at", "declaration", "status"])
    if has_conflict:
        ConflictRecord.objects.create(
            application=application,
            expert=actor,
            source=ConflictRecord.Source.DECLARED,
            reason=statement,
            recorded_by=actor,
        )
    audit(
        ProjectsEvent.REVIEW_RECUSED if has_conflict else ProjectsEvent.REVIEW_DECLARED,
        actor=actor,
        obj=application,
        zone=application.zone,
        after={"assignment": assignment.pk, "status": assignment.status, "statement": statement},
        at=at,
    )
    if has_conflict:
        notify(
            recipients=zone_operators(application.zone),
            kind="projects.review_recused",
            subject=_("An expert recused from application %(number)s: assign another expert"),
            body=statement,
            params={"number": application.number},
            url=_application_url(application),
        )
    return assignment


def weighted_total_centipoints(criteria_scores: list[tuple]) -> int:
    """[(weight, score, scale_max)] → weighted score on 0-100 in hundredths, rounded half up, exact arithmetic."""
    total = sum(Fraction(weight * score * 100, scale_max) for weight, score, scale_max in criteria_scores)
    return int((total * 2 + 1) // 2) if total >= 0 else 0


@transaction.atomic
def review_submit(
    *,
    actor,
    assignment: ReviewAssignment,
    scores: dict,
    recommendation: str,
    comment: str,
    at: dt.datetime | None = None,
) -> Review:
    """scores: {criterion_id: {"score": int, "justification": str}} for every criterion of the call's rubric."""
    now = moment(actor, at)
    assignment = _lock_own_assignment(actor, assignment)
    if assignment.status == S.AWAITING_DECLARATION:
        raise Conflict(_("Declare your interests before reviewing."), code="declaration_required")
    if assignment.status == S.RECUSED:
        raise Conflict(_("You recused from this application because of a conflict."), code="recused")
    if assignment.status != S.ACTIVE:
        raise Conflict(_("This review is closed."), code="assignment_not_open")
    application = _lock_application(assignment.application)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise Conflict(_("The application is not in expert review."), code="not_in_review")
    if recommendation not in Recommendation.values:
        raise invalid("recommendation", _("Choose a recommendation."), "recommendation_required")
    comment = require_text("comment", comment)
    criteria = list(application.call.criteria.all())
    scores = {str(k): v for k, v in (scores or {}).items()}
    rows = []
    for criterion in criteria:
        label = f"scores.{criterion.pk}"
        entry = scores.get(str(criterion.pk))
        if not isinstance(entry, dict):
            raise invalid(label, _("Score every criterion."), "score_missing")
        score = entry.get("score")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= criterion.scale_max:
            raise invalid(
                label, _("The score is a whole number from 0 to %(max)s.") % {"max": criterion.scale_max}, "score_range"
            )
        justification = (entry.get("justification") or "").strip()
        if not justification:
            raise invalid(label, _("Justify the score."), "justification_required")
        rows.append((criterion, score, justification))
    extra = set(scores) - {str(c.pk) for c in criteria}
    if extra:
        raise invalid("scores", _("Some scores are for criteria of another call."), "unknown_criterion")
    total = weighted_total_centipoints([(c.weight, s, c.scale_max) for c, s, _j in rows])
    review = Review.objects.create(
        assignment=assignment, recommendation=recommendation, comment=comment, total_centipoints=total
    )
    if at is not None:
        Review.objects.filter(pk=review.pk).update(submitted_at=now)
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion=c, score=s, justification=j) for c, s, j in rows
    )
    assignment.status = S.SUBMITTED
    assignment.save(update_fields=["status"])
    audit(
        ProjectsEvent.REVIEW_SUBMITTED,
        actor=actor,
        obj=application,
        zone=application.zone,
        after={"assignment": assignment.pk, "total": total, "recommendation": recommendation},
        at=at,
    )
    _after_review(actor=actor, application=application, at=at)
    return review


def _after_review(*, actor, application: Application, at=None) -> None:
    """When every live assignment is in: flag a divergence (once) or mark the application reviewed."""
    live = application.assignments.filter(status__in=LIVE_ASSIGNMENT_STATUSES)
    if live.exclude(status=S.SUBMITTED).exists():
        return
    totals = list(Review.objects.filter(assignment__in=live).values_list("total_centipoints", flat=True))
    if len(totals) < application.call.experts_per_application:
        return
    spread = max(totals) - min(totals)
    already_extra = application.assignments.filter(is_extra=True).exists()
    if spread > application.call.divergence_threshold * 100 and not already_extra:
        application.needs_extra_expert = True
        application.save(update_fields=["needs_extra_expert", "updated_at"])
        audit(
            ProjectsEvent.APPLICATION_FLAGGED,
            actor=actor,
            obj=application,
            zone=application.zone,
            after={"spread_centipoints": spread, "needs_extra_expert": True},
            at=at,
        )
        notify(
            recipients=zone_operators(application.zone),
            kind="projects.extra_expert_needed",
            subject=_("Experts' scores on application %(number)s diverge: assign an extra expert"),
            params={"number": application.number},
            url=_application_url(application),
        )
        return
    require_transition(APPLICATION_TRANSITIONS, application.status, ApplicationStatus.REVIEWED)
    application.status = ApplicationStatus.REVIEWED
    application.save(update_fields=["status", "updated_at"])
    notify(
        recipients=zone_operators(application.zone),
        kind="projects.application_reviewed",
        subject=_("Application %(number)s has all its reviews"),
        params={"number": application.number},
        url=_application_url(application),
    )
