"""Recommendations and decisions. The person who decides is never the one who prepared the recommendation (two
people for money), and an approval beyond the call's remaining budget is refused. Approval creates the grant."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import Conflict, NotAllowed
from innopark.notifications.services import notify
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Application, Call, Decision, FundingProposal
from innopark.projects.permissions import require_decider, require_zone_operator
from innopark.projects.services._common import (
    audit,
    invalid,
    local_day,
    moment,
    organization_reps,
    require_amount,
    zone_deciders,
)
from innopark.projects.services.calls import call_remaining_tiyn
from innopark.projects.workflow import APPLICATION_TRANSITIONS, ApplicationStatus, DecisionOutcome, require_transition

DECIDABLE = (ApplicationStatus.REVIEWED, ApplicationStatus.WAITLISTED)
OUTCOME_STATUS = {
    DecisionOutcome.APPROVE: ApplicationStatus.APPROVED,
    DecisionOutcome.REFUSE: ApplicationStatus.REFUSED,
    DecisionOutcome.WAITLIST: ApplicationStatus.WAITLISTED,
}


def _url(application) -> str:
    return f"/projects/applications/{application.pk}/"


def _clean_outcome(outcome, amount_tiyn, reasons, application) -> tuple[str, int, str]:
    if outcome not in DecisionOutcome.values:
        raise invalid("outcome", _("Choose approve, refuse or waitlist."), "invalid_outcome")
    reasons = (reasons or "").strip()
    if outcome == DecisionOutcome.APPROVE:
        amount_tiyn = require_amount("amount_tiyn", amount_tiyn)
        if amount_tiyn > application.requested_tiyn:
            raise invalid(
                "amount_tiyn", _("The amount cannot be more than the applicant requested."), "amount_above_request"
            )
    else:
        amount_tiyn = 0
        if outcome == DecisionOutcome.REFUSE and not reasons:
            raise invalid("reasons", _("Give the reasons for the refusal."), "reasons_required")
    return outcome, amount_tiyn, reasons


@transaction.atomic
def proposal_prepare(
    *,
    actor,
    application: Application,
    outcome: str,
    amount_tiyn: int = 0,
    reasons: str = "",
    at: dt.datetime | None = None,
) -> FundingProposal:
    """Operator staff recommend an outcome from the ranked list; a different person decides."""
    moment(actor, at)
    application = Application.objects.select_for_update().select_related("zone", "call").get(pk=application.pk)
    if application.status not in DECIDABLE:
        raise Conflict(_("Only a reviewed or waitlisted application can be recommended."), code="not_reviewed")
    outcome, amount_tiyn, reasons = _clean_outcome(outcome, amount_tiyn, reasons, application)
    require_zone_operator(actor, application.zone)
    proposal = FundingProposal.objects.create(
        application=application, outcome=outcome, amount_tiyn=amount_tiyn, reasons=reasons, prepared_by=actor
    )
    if at is not None:
        FundingProposal.objects.filter(pk=proposal.pk).update(prepared_at=at)
    audit(
        ProjectsEvent.PROPOSAL_PREPARED,
        actor=actor,
        obj=application,
        zone=application.zone,
        after={"proposal": proposal.pk, "outcome": outcome, "amount_tiyn": amount_tiyn, "reasons": reasons},
        at=at,
    )
    notify(
        recipients=[u for u in zone_deciders(application.zone) if u.pk != actor.pk],
        kind="projects.decision_needed",
        subject=_("A decision on application %(number)s awaits you"),
        params={"number": application.number},
        url=_url(application),
    )
    return proposal


@transaction.atomic
def decision_make(
    *,
    actor,
    application: Application,
    outcome: str,
    amount_tiyn: int = 0,
    reasons: str = "",
    agreement_number: str = "",
    starts_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Decide on the latest recommendation. Approval creates the grant, its milestones and the allocation."""
    now = moment(actor, at)
    application = (
        Application.objects.select_for_update().select_related("zone", "call", "organization").get(pk=application.pk)
    )
    if application.status not in DECIDABLE:
        raise Conflict(_("Only a reviewed or waitlisted application can be decided."), code="not_reviewed")
    outcome, amount_tiyn, reasons = _clean_outcome(outcome, amount_tiyn, reasons, application)
    proposal = application.proposals.order_by("-prepared_at", "-id").first()
    if proposal is None:
        raise Conflict(_("A recommendation must be prepared before the decision."), code="proposal_required")
    require_decider(actor, application.zone)
    if proposal.prepared_by_id == actor.pk:
        raise NotAllowed(
            _("The decision must be made by someone other than the person who prepared the recommendation."),
            code="same_person",
        )
    if application.assignments.filter(expert=actor).exists():
        raise NotAllowed(_("An expert of this application cannot decide on it."), code="reviewer_decides")
    new_status = OUTCOME_STATUS[outcome]
    require_transition(APPLICATION_TRANSITIONS, application.status, new_status)
    if outcome == DecisionOutcome.APPROVE:
        call = Call.objects.select_for_update().get(pk=application.call_id)
        remaining = call_remaining_tiyn(call)
        if amount_tiyn > remaining:
            from innopark.core.money import Money

            message = _("The call has only %(remaining)s left; the approval would exceed its budget.") % {
                "remaining": Money(remaining).format()
            }
            raise Conflict(message, code="over_budget", fields={"amount_tiyn": [message]})
    decided_on = local_day(now)
    decision = Decision.objects.create(
        application=application,
        proposal=proposal,
        outcome=outcome,
        amount_tiyn=amount_tiyn,
        reasons=reasons,
        decided_by=actor,
        decided_on=decided_on,
    )
    old = application.status
    application.status = new_status
    application.save(update_fields=["status", "updated_at"])
    audit(
        ProjectsEvent.DECISION_MADE,
        actor=actor,
        obj=application,
        zone=application.zone,
        before={"status": old},
        after={
            "status": new_status,
            "decision": decision.pk,
            "outcome": outcome,
            "amount_tiyn": amount_tiyn,
            "reasons": reasons,
            "proposal": proposal.pk,
        },
        at=at,
    )
    if outcome == DecisionOutcome.APPROVE:
        from innopark.projects.services.grants import grant_award

        grant_award(
            actor=actor,
            decision=decision,
            agreement_number=agreement_number,
            starts_on=starts_on or decided_on,
            at=at,
        )
    notify(
        recipients=[application.created_by, *organization_reps(application.organization)],
        kind="projects.decision_made",
        subject=_("Decision on application %(number)s: %(outcome)s"),
        body=reasons,
        params={"number": application.number, "outcome": str(DecisionOutcome(outcome).label)},
        url=_url(application),
    )
    return decision
